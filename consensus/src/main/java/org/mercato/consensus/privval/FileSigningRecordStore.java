package org.mercato.consensus.privval;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import org.mercato.state.storage.AtomicFile;

/**
 * A {@link SigningRecord} in one file, replaced atomically ({@link AtomicFile}: write {@code <file>.tmp},
 * fsync it, rename it over the file, fsync the directory). A crash leaves either the old or the new record.
 */
public final class FileSigningRecordStore implements SigningRecordStore {
  private final AtomicFile file;

  public FileSigningRecordStore(Path file) {
    this.file = new AtomicFile(file);
  }

  public Path file() {
    return file.path();
  }

  @Override
  public Optional<SigningRecord> load() {
    Optional<byte[]> bytes;
    try {
      bytes = file.read();
    } catch (IOException e) {
      throw new CorruptSigningRecordException("cannot read signing record " + file.path() + ": " + e.getMessage(), e);
    }
    try {
      return bytes.map(SigningRecord::fromFileBytes);
    } catch (CorruptSigningRecordException e) {
      throw new CorruptSigningRecordException(file.path() + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void save(SigningRecord record) throws IOException {
    file.write(record.toFileBytes());
  }
}
