package org.mercato.consensus.privval;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * A {@link SigningRecord} in one file, replaced atomically: write {@code <file>.tmp}, fsync it,
 * rename it over the file, fsync the directory. A crash leaves either the old or the new record.
 */
public final class FileSigningRecordStore implements SigningRecordStore {
  private final Path file;
  private final Path temp;

  public FileSigningRecordStore(Path file) {
    this.file = file.toAbsolutePath();
    this.temp = this.file.resolveSibling(this.file.getFileName() + ".tmp");
  }

  public Path file() {
    return file;
  }

  @Override
  public Optional<SigningRecord> load() {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException absent) {
      return Optional.empty();
    } catch (IOException e) {
      throw new CorruptSigningRecordException("cannot read signing record " + file + ": " + e.getMessage(), e);
    }
    try {
      return Optional.of(SigningRecord.fromFileBytes(bytes));
    } catch (CorruptSigningRecordException e) {
      throw new CorruptSigningRecordException(file + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void save(SigningRecord record) throws IOException {
    byte[] bytes = record.toFileBytes();
    Files.createDirectories(file.getParent());
    try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING)) {
      ByteBuffer buf = ByteBuffer.wrap(bytes);
      while (buf.hasRemaining()) {
        ch.write(buf);
      }
      ch.force(true);
    }
    try {
      Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      throw new IOException("the file system cannot rename " + temp + " atomically", e);
    }
    try (FileChannel dir = FileChannel.open(file.getParent(), StandardOpenOption.READ)) {
      dir.force(true); // the rename itself must survive a power cut
    }
  }
}
