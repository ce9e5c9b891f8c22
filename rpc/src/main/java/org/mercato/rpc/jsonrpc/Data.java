package org.mercato.rpc.jsonrpc;

import org.apache.tuweni.bytes.Bytes;

/**
 * Ethereum JSON-RPC unformatted data: 0x-prefixed hex, two digits per byte, "0x" for empty.
 * Decode errors are {@link IllegalArgumentException}s whose message is fit to send to the caller.
 */
public final class Data {
  private Data() {}

  public static String encode(Bytes bytes) {
    return bytes.toHexString();
  }

  public static String encode(byte[] bytes) {
    return Bytes.wrap(bytes).toHexString();
  }

  /** Any number of bytes, even number of hex digits, any case. */
  public static Bytes decode(String text) {
    if (!hasHexPrefix(text)) {
      throw new IllegalArgumentException("hex string " + Quantity.abbreviate(text) + " without 0x prefix");
    }
    int digits = text.length() - 2;
    if (digits % 2 != 0) {
      throw new IllegalArgumentException("hex string of odd length (" + digits + " digits)");
    }
    byte[] out = new byte[digits / 2];
    for (int i = 0; i < out.length; i++) {
      int hi = hexDigit(text, 2 + 2 * i);
      int lo = hexDigit(text, 3 + 2 * i);
      out[i] = (byte) ((hi << 4) | lo);
    }
    return Bytes.wrap(out);
  }

  /** Exactly {@code size} bytes; {@code what} names the value in the error ("address"). */
  public static Bytes decodeFixed(String text, int size, String what) {
    Bytes bytes = decode(text);
    if (bytes.size() != size) {
      throw new IllegalArgumentException(
          what + " must be " + size + " bytes (" + 2 * size + " hex digits), got " + bytes.size() + " bytes");
    }
    return bytes;
  }

  static boolean hasHexPrefix(String text) {
    return text.length() >= 2 && text.charAt(0) == '0' && (text.charAt(1) == 'x' || text.charAt(1) == 'X');
  }

  private static int hexDigit(String text, int index) {
    char c = text.charAt(index);
    int d = c > 'f' ? -1 : Character.digit(c, 16);
    if (d < 0) {
      throw new IllegalArgumentException("invalid hex digit '" + c + "' at position " + index);
    }
    return d;
  }
}
