package org.mercato.state.crypto;

import java.math.BigInteger;
import java.util.Objects;
import java.util.Optional;

/**
 * An ECDSA secp256k1 signature with its recovery id (0 or 1). Any r and s below 2^256 can be held,
 * so a decoder can build one from wire bytes and then ask {@link #defect()} whether it is acceptable.
 */
public record Signature(BigInteger r, BigInteger s, int recId) {
  /** The order n of the secp256k1 group. */
  public static final BigInteger CURVE_ORDER =
      new BigInteger("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141", 16);
  /** n/2: EIP-2 accepts only s at or below it, so a signature has exactly one valid form. */
  public static final BigInteger HALF_CURVE_ORDER = CURVE_ORDER.shiftRight(1);

  public Signature {
    Objects.requireNonNull(r);
    Objects.requireNonNull(s);
    if (r.signum() < 0 || s.signum() < 0 || r.bitLength() > 256 || s.bitLength() > 256) {
      throw new IllegalArgumentException("r and s must be 256-bit unsigned integers");
    }
    if (recId != 0 && recId != 1) {
      throw new IllegalArgumentException("recovery id must be 0 or 1, got " + recId);
    }
  }

  /** Why this signature is unacceptable (range, then EIP-2 low-s), or empty if it is canonical. */
  public Optional<SignatureDefect> defect() {
    if (r.signum() == 0 || r.compareTo(CURVE_ORDER) >= 0) {
      return Optional.of(SignatureDefect.R_OUT_OF_RANGE);
    }
    if (s.signum() == 0 || s.compareTo(CURVE_ORDER) >= 0) {
      return Optional.of(SignatureDefect.S_OUT_OF_RANGE);
    }
    if (s.compareTo(HALF_CURVE_ORDER) > 0) {
      return Optional.of(SignatureDefect.HIGH_S);
    }
    return Optional.empty();
  }

  public boolean isCanonical() {
    return defect().isEmpty();
  }

  /** r || s, 32 bytes each (the "compact" form native libraries take). */
  public byte[] toCompact() {
    byte[] out = new byte[64];
    putUnsigned32(r, out, 0);
    putUnsigned32(s, out, 32);
    return out;
  }

  private static void putUnsigned32(BigInteger v, byte[] out, int offset) {
    byte[] raw = v.toByteArray();
    int skip = raw.length > 32 ? raw.length - 32 : 0; // drops BigInteger's sign byte
    int len = raw.length - skip;
    System.arraycopy(raw, skip, out, offset + 32 - len, len);
  }
}
