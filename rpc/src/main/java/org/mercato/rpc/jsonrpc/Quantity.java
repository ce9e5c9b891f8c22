package org.mercato.rpc.jsonrpc;

import java.math.BigInteger;

/**
 * Ethereum JSON-RPC quantities: 0x-prefixed hex, no leading zeros, "0x0" for zero.
 *
 * <p>Decoding is as lenient as geth and Besu together: "0X" is accepted and so are leading zeros
 * ("0x01"); an empty number ("0x"), a missing prefix, a sign or a non-hex digit is refused. Decode
 * errors are {@link IllegalArgumentException}s whose message is fit to send to the caller.
 */
public final class Quantity {
  private Quantity() {}

  public static String encode(long value) {
    if (value < 0) {
      throw new IllegalArgumentException("quantity must not be negative: " + value);
    }
    return "0x" + Long.toHexString(value);
  }

  public static String encode(BigInteger value) {
    if (value.signum() < 0) {
      throw new IllegalArgumentException("quantity must not be negative: " + value);
    }
    return "0x" + value.toString(16);
  }

  /** A quantity up to 2^63-1 (block numbers, nonces, gas). */
  public static long decodeLong(String text) {
    String digits = stripLeadingZeros(digits(text));
    if (digits.length() > 16 || (digits.length() == 16 && Character.digit(digits.charAt(0), 16) >= 8)) {
      throw new IllegalArgumentException("hex number " + abbreviate(text) + " exceeds 2^63-1");
    }
    return Long.parseLong(digits, 16);
  }

  /** A quantity up to 2^256-1 (values, prices). */
  public static BigInteger decodeBig(String text) {
    String digits = stripLeadingZeros(digits(text));
    if (digits.length() > 64) {
      throw new IllegalArgumentException("hex number " + abbreviate(text) + " exceeds 256 bits");
    }
    return new BigInteger(digits, 16);
  }

  private static String digits(String text) {
    if (!Data.hasHexPrefix(text)) {
      throw new IllegalArgumentException("hex string " + abbreviate(text) + " without 0x prefix");
    }
    String digits = text.substring(2);
    if (digits.isEmpty()) {
      throw new IllegalArgumentException("empty hex number \"0x\"");
    }
    for (int i = 0; i < digits.length(); i++) {
      if (Character.digit(digits.charAt(i), 16) < 0 || digits.charAt(i) > 'f') {
        throw new IllegalArgumentException("invalid hex digit '" + digits.charAt(i) + "' in " + abbreviate(text));
      }
    }
    return digits;
  }

  private static String stripLeadingZeros(String digits) {
    int i = 0;
    while (i < digits.length() - 1 && digits.charAt(i) == '0') {
      i++;
    }
    return digits.substring(i);
  }

  static String abbreviate(String text) {
    String shown = text.length() > 80 ? text.substring(0, 77) + "..." : text;
    return "\"" + shown + "\"";
  }
}
