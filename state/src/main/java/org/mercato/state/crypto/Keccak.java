package org.mercato.state.crypto;

import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.bouncycastle.crypto.digests.KeccakDigest;
import org.mercato.state.types.Hash;

/** Keccak-256 (Ethereum's, not NIST SHA3-256). One digest per thread: it is stateful and cheap to reuse. */
public final class Keccak {
  private static final ThreadLocal<KeccakDigest> DIGEST = ThreadLocal.withInitial(() -> new KeccakDigest(256));

  private Keccak() {}

  public static Hash hash(Bytes input) {
    return new Hash(Bytes32.wrap(hashToArray(input.toArrayUnsafe())));
  }

  public static Hash hash(byte[] input) {
    return new Hash(Bytes32.wrap(hashToArray(input)));
  }

  public static byte[] hashToArray(byte[] input) {
    KeccakDigest d = DIGEST.get();
    d.update(input, 0, input.length);
    byte[] out = new byte[32];
    d.doFinal(out, 0);
    return out;
  }
}
