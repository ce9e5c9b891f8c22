package org.mercato.node.cli.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.mercato.state.crypto.PrivateKey;

/**
 * The account key of {@code mercato data} (docs/spec/data-market.md §JSON-RPC and CLI): a text file holding one
 * secp256k1 private key as 64 hex digits, with or without {@code 0x}; surrounding whitespace and a trailing newline
 * are ignored, nothing else is allowed. Errors never quote the file's content, so a key cannot leak into a terminal
 * log through a typo.
 */
public final class KeyFile {
  private KeyFile() {}

  /** Reads the key; a file that group or others may read is accepted with {@code warning} told why it should not be. */
  public static PrivateKey read(Path file, java.util.function.Consumer<String> warning) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read key file " + file + ": " + e.getClass().getSimpleName());
    }
    String hex = text.startsWith("0x") || text.startsWith("0X") ? text.substring(2) : text;
    if (hex.length() != 64 || !hex.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
      throw new IllegalArgumentException("key file " + file + " must hold one private key: 64 hex digits, optionally 0x-prefixed");
    }
    try {
      PrivateKey key = PrivateKey.of(Bytes32.wrap(Bytes.fromHexString(hex)));
      if (exposed(file)) {
        warning.accept("warning: key file " + file + " is readable by other users (chmod 600 it)");
      }
      return key;
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("key file " + file + " does not hold a valid secp256k1 private key");
    }
  }

  private static boolean exposed(Path file) {
    try {
      Set<PosixFilePermission> p = Files.getPosixFilePermissions(file);
      return p.contains(PosixFilePermission.GROUP_READ) || p.contains(PosixFilePermission.OTHERS_READ);
    } catch (IOException | UnsupportedOperationException e) {
      return false; // not a POSIX file system: nothing to check
    }
  }
}
