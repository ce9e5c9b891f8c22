package org.mercato.state.crypto;

import java.math.BigInteger;
import java.security.SecureRandom;
import org.apache.tuweni.bytes.Bytes32;

/**
 * A secp256k1 secret scalar d in [1, n-1], as 32 big-endian bytes. {@link #toString()} never shows
 * it: keys end up in log lines and exception messages far more often than anyone intends.
 */
public final class PrivateKey {
  private final Bytes32 bytes;

  private PrivateKey(Bytes32 bytes) {
    this.bytes = bytes;
  }

  /** Throws IllegalArgumentException if the bytes are not 32 long or not a scalar in [1, n-1]. */
  public static PrivateKey of(Bytes32 raw) {
    BigInteger d = raw.toUnsignedBigInteger();
    if (d.signum() == 0 || d.compareTo(Signature.CURVE_ORDER) >= 0) {
      throw new IllegalArgumentException("private key out of range [1, n-1]");
    }
    return new PrivateKey((Bytes32) raw.copy());
  }

  public static PrivateKey fromHex(String hex) {
    return of(Bytes32.fromHexString(hex));
  }

  public static PrivateKey fromBigInteger(BigInteger d) {
    if (d.signum() <= 0 || d.compareTo(Signature.CURVE_ORDER) >= 0) {
      throw new IllegalArgumentException("private key out of range [1, n-1]");
    }
    return new PrivateKey(Bytes32.leftPad(org.apache.tuweni.bytes.Bytes.wrap(d.toByteArray()).trimLeadingZeros()));
  }

  /** A fresh key from the given randomness source (tests and dev tools; real keys live in wallets). */
  public static PrivateKey random(SecureRandom random) {
    while (true) {
      byte[] b = new byte[32];
      random.nextBytes(b);
      BigInteger d = new BigInteger(1, b);
      if (d.signum() > 0 && d.compareTo(Signature.CURVE_ORDER) < 0) {
        return new PrivateKey(Bytes32.wrap(b));
      }
    }
  }

  public Bytes32 bytes() {
    return bytes;
  }

  public BigInteger toBigInteger() {
    return bytes.toUnsignedBigInteger();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PrivateKey k && k.bytes.equals(bytes);
  }

  @Override
  public int hashCode() {
    return bytes.hashCode();
  }

  @Override
  public String toString() {
    return "PrivateKey[redacted]";
  }
}
