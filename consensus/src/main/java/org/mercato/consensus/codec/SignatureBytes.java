package org.mercato.consensus.codec;

import java.math.BigInteger;
import org.apache.tuweni.bytes.Bytes;
import org.mercato.state.crypto.Signature;

/** A consensus signature on the wire and on disk: r (32) ‖ s (32) ‖ recId (1). */
public final class SignatureBytes {
  public static final int SIZE = 65;

  private SignatureBytes() {}

  public static Bytes encode(Signature s) {
    return Bytes.concatenate(Bytes.wrap(s.toCompact()), Bytes.of((byte) s.recId()));
  }

  /** Throws IllegalArgumentException on a wrong size or a recovery id other than 0 or 1. */
  public static Signature decode(Bytes b) {
    if (b.size() != SIZE) {
      throw new IllegalArgumentException("signature must be " + SIZE + " bytes, got " + b.size());
    }
    return new Signature(new BigInteger(1, b.slice(0, 32).toArrayUnsafe()), new BigInteger(1, b.slice(32, 32).toArrayUnsafe()),
        b.get(64) & 0xff);
  }
}
