package org.mercato.node.provider;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes32;

/**
 * Content-addressed files: the file whose SHA-256 is {@code h} lives at {@code dir/<h as 64 hex digits>}. Assets with
 * the same content share one file, and a file is found from the asset's on-chain content hash alone, so the store keeps
 * no index that could disagree with the chain. Written to a temporary name, forced, then renamed, so a file under its
 * hash name is always complete.
 */
public final class FileStore {
  private final Path dir;

  public FileStore(Path dir) {
    this.dir = dir;
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the provider's file folder " + dir, e);
    }
  }

  public Path dir() {
    return dir;
  }

  /** SHA-256 of {@code bytes}. */
  public static Bytes32 sha256(ByteBuffer bytes) {
    try {
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      d.update(bytes.duplicate());
      return Bytes32.wrap(d.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JVM", e);
    }
  }

  /** The stored file with this content hash, if any. */
  public Optional<Path> find(Bytes32 contentHash) {
    Path p = path(contentHash);
    return Files.isRegularFile(p) ? Optional.of(p) : Optional.empty();
  }

  /**
   * Stores {@code bytes}, whose SHA-256 the caller has checked to be {@code contentHash}; false if the file was already
   * there (same hash, same bytes: nothing to do).
   */
  public synchronized boolean put(Bytes32 contentHash, ByteBuffer bytes) {
    Path target = path(contentHash);
    if (Files.isRegularFile(target)) {
      return false;
    }
    Path tmp = dir.resolve(contentHash.toUnprefixedHexString() + ".part");
    try {
      try (FileChannel c = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
          StandardOpenOption.TRUNCATE_EXISTING)) {
        ByteBuffer b = bytes.duplicate();
        while (b.hasRemaining()) {
          c.write(b);
        }
        c.force(true);
      }
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot store " + target, e);
    }
    return true;
  }

  private Path path(Bytes32 contentHash) {
    return dir.resolve(contentHash.toUnprefixedHexString());
  }
}
