package org.mercato.state.crypto;

import java.math.BigInteger;

/** An ECDSA secp256k1 signature with its recovery id (0 or 1). */
public record Signature(BigInteger r, BigInteger s, int recId) {
  public Signature {
    if (recId != 0 && recId != 1) {
      throw new IllegalArgumentException("recovery id must be 0 or 1, got " + recId);
    }
  }
}
