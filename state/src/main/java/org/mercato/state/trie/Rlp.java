package org.mercato.state.trie;

/**
 * The little RLP the trie needs, on raw arrays: node encoding is the hot path of root computation,
 * so it writes each node into one exactly-sized array instead of going through a generic writer.
 */
final class Rlp {
  static final byte EMPTY_STRING = (byte) 0x80;

  private Rlp() {}

  /** Encoded size of a byte string of {@code len} bytes whose first byte is {@code first}. */
  static int stringSize(int len, int first) {
    if (len == 1 && (first & 0xff) < 0x80) {
      return 1;
    }
    return headerSize(len) + len;
  }

  static int stringSize(byte[] s) {
    return stringSize(s.length, s.length == 0 ? 0 : s[0]);
  }

  static int headerSize(int payloadLength) {
    return payloadLength < 56 ? 1 : 1 + lengthOfLength(payloadLength);
  }

  private static int lengthOfLength(int len) {
    return len < 0x100 ? 1 : len < 0x10000 ? 2 : len < 0x1000000 ? 3 : 4;
  }

  static int writeString(byte[] out, int pos, byte[] s) {
    if (s.length == 1 && (s[0] & 0xff) < 0x80) {
      out[pos] = s[0];
      return pos + 1;
    }
    pos = writeHeader(out, pos, s.length, 0x80);
    System.arraycopy(s, 0, out, pos, s.length);
    return pos + s.length;
  }

  static int writeListHeader(byte[] out, int pos, int payloadLength) {
    return writeHeader(out, pos, payloadLength, 0xc0);
  }

  private static int writeHeader(byte[] out, int pos, int len, int base) {
    if (len < 56) {
      out[pos] = (byte) (base + len);
      return pos + 1;
    }
    int ll = lengthOfLength(len);
    out[pos++] = (byte) (base + 55 + ll);
    for (int i = ll - 1; i >= 0; i--) {
      out[pos++] = (byte) (len >>> (8 * i));
    }
    return pos;
  }

  /** RLP of a non-negative integer (the key of an ordered trie: transactions, receipts). */
  static byte[] encodeIndex(int i) {
    if (i < 0) {
      throw new IllegalArgumentException("negative index " + i);
    }
    if (i == 0) {
      return new byte[] {EMPTY_STRING};
    }
    if (i < 0x80) {
      return new byte[] {(byte) i};
    }
    int len = lengthOfLength(i);
    byte[] out = new byte[len + 1];
    out[0] = (byte) (0x80 + len);
    for (int k = 0; k < len; k++) {
      out[1 + k] = (byte) (i >>> (8 * (len - 1 - k)));
    }
    return out;
  }

  /** One decoded item: where its payload lies and where the next item starts. */
  record Item(boolean isList, int start, int payloadOffset, int payloadLength, int end) {}

  /** Reads the item at {@code pos}; {@code limit} is where the enclosing payload ends. */
  static Item item(byte[] buf, int pos, int limit) {
    if (pos >= limit) {
      throw new CorruptNodeException("RLP item past end of node");
    }
    int b = buf[pos] & 0xff;
    Item it;
    if (b < 0x80) {
      it = new Item(false, pos, pos, 1, pos + 1);
    } else if (b <= 0xb7) {
      it = new Item(false, pos, pos + 1, b - 0x80, pos + 1 + b - 0x80);
    } else if (b < 0xc0) {
      int ll = b - 0xb7;
      int len = readLength(buf, pos + 1, ll, limit);
      it = new Item(false, pos, pos + 1 + ll, len, pos + 1 + ll + len);
    } else if (b <= 0xf7) {
      it = new Item(true, pos, pos + 1, b - 0xc0, pos + 1 + b - 0xc0);
    } else {
      int ll = b - 0xf7;
      int len = readLength(buf, pos + 1, ll, limit);
      it = new Item(true, pos, pos + 1 + ll, len, pos + 1 + ll + len);
    }
    if (it.end() > limit || it.end() < pos) {
      throw new CorruptNodeException("RLP item overruns node");
    }
    return it;
  }

  private static int readLength(byte[] buf, int pos, int ll, int limit) {
    if (ll > 4 || pos + ll > limit) {
      throw new CorruptNodeException("bad RLP length of length");
    }
    int len = 0;
    for (int i = 0; i < ll; i++) {
      len = (len << 8) | (buf[pos + i] & 0xff);
    }
    if (len < 0) {
      throw new CorruptNodeException("RLP length overflows");
    }
    return len;
  }
}
