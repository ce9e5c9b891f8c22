package org.mercato.consensus.privval;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import org.mercato.consensus.bft.types.ChainId;
import org.mercato.state.storage.AtomicFile;

/**
 * A {@link LockRecord} in one file ({@code DATA/priv_validator_lock.bin} in the node), replaced like
 * the signing record ({@link AtomicFile}: tmp, fsync, atomic rename, fsync the directory), so a crash
 * leaves the old or the new lock (docs/spec/consensus.md §8.1). A record of another chain is corrupt.
 */
public final class FileLockRecordStore implements LockRecordStore {
  /** The file name beside {@code priv_validator_state.bin}. */
  public static final String FILE_NAME = "priv_validator_lock.bin";

  private final AtomicFile file;
  private final ChainId chainId;

  public FileLockRecordStore(Path file, ChainId chainId) {
    this.file = new AtomicFile(file);
    this.chainId = Objects.requireNonNull(chainId);
  }

  public Path file() {
    return file.path();
  }

  @Override
  public Optional<LockRecord> load() {
    Optional<byte[]> bytes;
    try {
      bytes = file.read();
    } catch (IOException e) {
      throw new CorruptLockRecordException("cannot read lock record " + file.path() + ": " + e.getMessage(), e);
    }
    if (bytes.isEmpty()) {
      return Optional.empty();
    }
    LockRecord r;
    try {
      r = LockRecord.fromFileBytes(bytes.get());
    } catch (CorruptLockRecordException e) {
      throw new CorruptLockRecordException(file.path() + ": " + e.getMessage(), e);
    }
    if (!r.chainId().equals(chainId)) {
      throw new CorruptLockRecordException(file.path() + ": lock record is for chain " + r.chainId() + ", not " + chainId);
    }
    return Optional.of(r);
  }

  @Override
  public void save(LockRecord record) throws IOException {
    if (!record.chainId().equals(chainId)) {
      throw new IllegalArgumentException("lock record of chain " + record.chainId() + " in the store of " + chainId);
    }
    file.write(record.toFileBytes());
  }
}
