package org.mercato.state.trie;

import java.util.Arrays;

/** Keys as nibble arrays (one 4-bit value per byte) and the hex-prefix (compact) path encoding. */
final class Nibbles {
  static final byte[] EMPTY = new byte[0];

  private Nibbles() {}

  static byte[] fromBytes(byte[] bytes) {
    byte[] out = new byte[bytes.length * 2];
    for (int i = 0; i < bytes.length; i++) {
      out[2 * i] = (byte) ((bytes[i] >> 4) & 0x0f);
      out[2 * i + 1] = (byte) (bytes[i] & 0x0f);
    }
    return out;
  }

  /** Length of the common prefix of {@code path} and {@code key[keyPos..]}. */
  static int commonPrefix(byte[] path, byte[] key, int keyPos) {
    int max = Math.min(path.length, key.length - keyPos);
    int i = 0;
    while (i < max && path[i] == key[keyPos + i]) {
      i++;
    }
    return i;
  }

  static boolean startsWith(byte[] key, int keyPos, byte[] path) {
    return key.length - keyPos >= path.length && commonPrefix(path, key, keyPos) == path.length;
  }

  /** Whether {@code key[keyPos..]} equals {@code path} exactly. */
  static boolean matchesRest(byte[] path, byte[] key, int keyPos) {
    return key.length - keyPos == path.length && commonPrefix(path, key, keyPos) == path.length;
  }

  static byte[] from(byte[] nibbles, int start) {
    return start == nibbles.length ? EMPTY : Arrays.copyOfRange(nibbles, start, nibbles.length);
  }

  static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  static byte[] prepend(int nibble, byte[] path) {
    byte[] out = new byte[path.length + 1];
    out[0] = (byte) nibble;
    System.arraycopy(path, 0, out, 1, path.length);
    return out;
  }

  /**
   * Hex-prefix encoding (Yellow Paper appendix C): the first nibble carries the leaf flag (2) and
   * the odd-length flag (1); an odd path's first nibble shares that byte, an even path gets a 0 pad.
   */
  static byte[] hexPrefix(byte[] path, boolean leaf) {
    int flag = (leaf ? 2 : 0) + (path.length % 2);
    byte[] out = new byte[path.length / 2 + 1];
    int p = 0;
    if (path.length % 2 == 1) {
      out[0] = (byte) ((flag << 4) | path[0]);
      p = 1;
    } else {
      out[0] = (byte) (flag << 4);
    }
    for (int i = 1; i < out.length; i++, p += 2) {
      out[i] = (byte) ((path[p] << 4) | path[p + 1]);
    }
    return out;
  }

  /** Decodes a hex-prefix path; the leaf flag is reported by {@link #isLeaf}. */
  static byte[] decodeHexPrefix(byte[] buf, int off, int len) {
    if (len == 0) {
      throw new CorruptNodeException("empty hex-prefix path");
    }
    int flag = (buf[off] >> 4) & 0x0f;
    if (flag > 3) {
      throw new CorruptNodeException("bad hex-prefix flag " + flag);
    }
    boolean odd = (flag & 1) == 1;
    byte[] out = new byte[(len - 1) * 2 + (odd ? 1 : 0)];
    int p = 0;
    if (odd) {
      out[p++] = (byte) (buf[off] & 0x0f);
    }
    for (int i = 1; i < len; i++) {
      out[p++] = (byte) ((buf[off + i] >> 4) & 0x0f);
      out[p++] = (byte) (buf[off + i] & 0x0f);
    }
    return out;
  }

  static boolean isLeaf(byte[] buf, int off) {
    return (((buf[off] >> 4) & 0x0f) & 2) != 0;
  }
}
