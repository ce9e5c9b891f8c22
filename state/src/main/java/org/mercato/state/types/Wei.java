package org.mercato.state.types;

import java.math.BigInteger;
import org.apache.tuweni.bytes.Bytes;

/**
 * An amount of the native coin (or any 18-decimal token) in its smallest unit. Money is a value
 * type: never negative, never above 2^256-1, and arithmetic that would leave that range throws
 * instead of wrapping, so a rule that forgets a balance check fails loudly rather than minting.
 */
public record Wei(BigInteger value) implements Comparable<Wei> {
  public static final BigInteger MAX_UINT256 = BigInteger.ONE.shiftLeft(256).subtract(BigInteger.ONE);
  public static final Wei ZERO = new Wei(BigInteger.ZERO);
  public static final Wei ONE_COIN = new Wei(BigInteger.TEN.pow(18));

  public Wei {
    if (value.signum() < 0 || value.compareTo(MAX_UINT256) > 0) {
      throw new ArithmeticException("amount out of uint256 range: " + value);
    }
  }

  public static Wei of(long v) {
    return new Wei(BigInteger.valueOf(v));
  }

  public static Wei coins(long coins) {
    return new Wei(BigInteger.valueOf(coins).multiply(ONE_COIN.value));
  }

  /** Big-endian unsigned bytes, as RLP stores scalars (empty for zero). */
  public static Wei fromBytes(Bytes b) {
    if (b.size() > 32) {
      throw new ArithmeticException("amount longer than 32 bytes");
    }
    return new Wei(b.isEmpty() ? BigInteger.ZERO : b.toUnsignedBigInteger());
  }

  public Wei add(Wei o) {
    return new Wei(value.add(o.value));
  }

  public Wei subtract(Wei o) {
    return new Wei(value.subtract(o.value));
  }

  public Wei multiply(long factor) {
    return new Wei(value.multiply(BigInteger.valueOf(factor)));
  }

  public Wei min(Wei o) {
    return compareTo(o) <= 0 ? this : o;
  }

  public boolean isZero() {
    return value.signum() == 0;
  }

  public boolean lessThan(Wei o) {
    return compareTo(o) < 0;
  }

  /** Minimal big-endian bytes (empty for zero), the RLP scalar form. */
  public Bytes toMinimalBytes() {
    if (isZero()) {
      return Bytes.EMPTY;
    }
    byte[] raw = value.toByteArray();
    int off = raw[0] == 0 ? 1 : 0;
    return Bytes.wrap(raw, off, raw.length - off);
  }

  public String toHexQuantity() {
    return "0x" + value.toString(16);
  }

  @Override
  public int compareTo(Wei o) {
    return value.compareTo(o.value);
  }

  @Override
  public String toString() {
    return value.toString();
  }
}
