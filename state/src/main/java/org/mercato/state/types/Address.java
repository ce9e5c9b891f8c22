package org.mercato.state.types;

import java.util.Arrays;
import java.util.Locale;
import org.apache.tuweni.bytes.Bytes;
import org.mercato.state.crypto.Keccak;

/** A 20-byte account address. Immutable; the bytes are copied at construction. */
public record Address(Bytes bytes) implements Comparable<Address> {
  public static final int SIZE = 20;
  public static final Address ZERO = new Address(Bytes.wrap(new byte[SIZE]));

  public Address {
    if (bytes.size() != SIZE) {
      throw new IllegalArgumentException("address must be 20 bytes, got " + bytes.size());
    }
    bytes = bytes.copy();
  }

  public static Address wrap(byte[] raw) {
    return new Address(Bytes.wrap(raw));
  }

  /** Parses 0x-prefixed hex (40 digits), any case; does not check an EIP-55 checksum. */
  public static Address fromHex(String hex) {
    String h = hex.startsWith("0x") || hex.startsWith("0X") ? hex.substring(2) : hex;
    if (h.length() != 40) {
      throw new IllegalArgumentException("address must be 40 hex digits: " + hex);
    }
    return new Address(Bytes.fromHexString(h));
  }

  /** The address of an uncompressed public key (64 bytes x||y, without the 0x04 prefix). */
  public static Address fromPublicKey(Bytes publicKey64) {
    if (publicKey64.size() != 64) {
      throw new IllegalArgumentException("public key must be 64 bytes");
    }
    return new Address(Keccak.hash(publicKey64).bytes().slice(12, 20));
  }

  public String toHex() {
    return bytes.toHexString();
  }

  /** EIP-55 mixed-case checksum form. */
  public String toChecksumHex() {
    String lower = bytes.toUnprefixedHexString().toLowerCase(Locale.ROOT);
    String hash = Keccak.hash(Bytes.wrap(lower.getBytes(java.nio.charset.StandardCharsets.US_ASCII))).bytes().toUnprefixedHexString();
    StringBuilder out = new StringBuilder("0x");
    for (int i = 0; i < lower.length(); i++) {
      char c = lower.charAt(i);
      out.append(Character.digit(hash.charAt(i), 16) >= 8 ? Character.toUpperCase(c) : c);
    }
    return out.toString();
  }

  /**
   * Unsigned lexicographic order of the 20 bytes: the same order as tuweni's Bytes.compareTo (numeric,
   * big-endian, equal lengths) without its bitLength scans and per-byte virtual calls. Sorted maps of
   * addresses (every block's state changes) make this hot.
   */
  @Override
  public int compareTo(Address o) {
    return Arrays.compareUnsigned(bytes.toArrayUnsafe(), o.bytes.toArrayUnsafe());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Address a && Arrays.equals(bytes.toArrayUnsafe(), a.bytes.toArrayUnsafe());
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes.toArrayUnsafe());
  }

  @Override
  public String toString() {
    return toHex();
  }
}
