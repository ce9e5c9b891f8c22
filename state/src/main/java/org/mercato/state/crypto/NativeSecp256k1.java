package org.mercato.state.crypto;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.mercato.state.types.Hash;

/**
 * libsecp256k1 through ACINQ's JNI binding (the library ships inside the jar), about 3x
 * BouncyCastle. Its sign() gives no recovery id, so one recovery finds it. Never load a second
 * libsecp256k1 (e.g. the system one through JNA) in the same JVM: symbol clashes silently corrupt
 * signatures (shared/reference/performance.md section 2).
 */
public final class NativeSecp256k1 implements Secp256k1 {
  private final fr.acinq.secp256k1.Secp256k1 lib;

  /** Loads the native library; throws (LinkageError or a runtime exception) if it cannot. */
  public NativeSecp256k1() {
    this.lib = fr.acinq.secp256k1.Secp256k1.get();
  }

  @Override
  public Signature sign(Hash messageHash, PrivateKey key) {
    return sign(messageHash, key, publicKey(key).toArrayUnsafe());
  }

  @Override
  public Signature sign(Hash messageHash, KeyPair keys) {
    return sign(messageHash, keys.privateKey(), keys.publicKey().toArrayUnsafe());
  }

  private Signature sign(Hash messageHash, PrivateKey key, byte[] publicKey64) {
    byte[] hash = messageHash.bytes().toArrayUnsafe();
    byte[] compact = lib.sign(hash, key.bytes().toArrayUnsafe());
    BigInteger r = new BigInteger(1, Arrays.copyOfRange(compact, 0, 32));
    BigInteger s = new BigInteger(1, Arrays.copyOfRange(compact, 32, 64));
    byte[] recovered = lib.ecdsaRecover(compact, hash, 0);
    if (Arrays.equals(recovered, 1, 65, publicKey64, 0, 64)) {
      return new Signature(r, s, 0);
    }
    recovered = lib.ecdsaRecover(compact, hash, 1);
    if (Arrays.equals(recovered, 1, 65, publicKey64, 0, 64)) {
      return new Signature(r, s, 1);
    }
    // Only when R.x >= n (probability ~2^-128); recovery ids 2/3 do not exist in Ethereum.
    throw new IllegalStateException("signature has no Ethereum recovery id");
  }

  @Override
  public Optional<Bytes> recoverPublicKey(Hash messageHash, Signature signature) {
    if (!signature.isCanonical()) {
      return Optional.empty();
    }
    try {
      byte[] pub = lib.ecdsaRecover(signature.toCompact(), messageHash.bytes().toArrayUnsafe(), signature.recId());
      return Optional.of(Bytes.wrap(pub, 1, 64));
    } catch (RuntimeException noKey) {
      // The binding throws Secp256k1Exception when no point has x = r or the key is at infinity.
      return Optional.empty();
    }
  }

  @Override
  public Bytes publicKey(PrivateKey key) {
    byte[] pub = lib.pubkeyCreate(key.bytes().toArrayUnsafe());
    return Bytes.wrap(pub, 1, 64);
  }

  @Override
  public String name() {
    return "native libsecp256k1 (ACINQ secp256k1-kmp)";
  }
}
