package org.mercato.state.storage;

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
 * One small file replaced atomically and durably (docs/spec/consensus.md §8 "Durability"): write
 * {@code <file>.tmp}, fsync it, rename it over the file, fsync the directory. A crash leaves either
 * the old or the new content, never a mix; a {@code .tmp} left behind by a crash is never read and is
 * overwritten by the next write. The validator's private records (signing record, lock record) and the
 * node's seen commit use it.
 */
public final class AtomicFile {
  private final Path file;
  private final Path temp;

  public AtomicFile(Path file) {
    this.file = file.toAbsolutePath();
    this.temp = this.file.resolveSibling(this.file.getFileName() + ".tmp");
  }

  public Path path() {
    return file;
  }

  /** The file's bytes, or empty if it does not exist. */
  public Optional<byte[]> read() throws IOException {
    try {
      return Optional.of(Files.readAllBytes(file));
    } catch (NoSuchFileException absent) {
      return Optional.empty();
    }
  }

  /** Replaces the file with {@code bytes}; durable when it returns (or throws: the old content may still be in force). */
  public void write(byte[] bytes) throws IOException {
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
