package org.mercato.node.cli.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.apache.tuweni.bytes.Bytes32;

/** A file's size and SHA-256, the asset's {@code size} and {@code contentHash} (so {@code sha256sum} agrees). */
record FileDigest(long size, Bytes32 sha256) {
  static final FileDigest NONE = new FileDigest(0, Bytes32.ZERO);

  static FileDigest of(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      byte[] buf = new byte[1 << 16];
      long size = 0;
      for (int n; (n = in.read(buf)) > 0; ) {
        sha.update(buf, 0, n);
        size += n;
      }
      return new FileDigest(size, Bytes32.wrap(sha.digest()));
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("no SHA-256 in this JVM", e);
    }
  }
}
