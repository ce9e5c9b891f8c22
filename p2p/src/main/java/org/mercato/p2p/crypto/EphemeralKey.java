package org.mercato.p2p.crypto;

import java.security.SecureRandom;
import java.util.Optional;
import org.bouncycastle.crypto.params.X25519PrivateKeyParameters;
import org.bouncycastle.math.ec.rfc7748.X25519;

/** A one-connection X25519 key pair (docs/spec/p2p.md §2.1). Never reused; never logged. */
public final class EphemeralKey {
  public static final int SIZE = 32;
  private final X25519PrivateKeyParameters secret;
  private final byte[] publicKey;

  private EphemeralKey(X25519PrivateKeyParameters secret) {
    this.secret = secret;
    this.publicKey = secret.generatePublicKey().getEncoded();
  }

  public static EphemeralKey generate(SecureRandom random) {
    return new EphemeralKey(new X25519PrivateKeyParameters(random));
  }

  /** A fixed key, for tests of the key schedule. */
  public static EphemeralKey fromPrivate(byte[] scalar32) {
    return new EphemeralKey(new X25519PrivateKeyParameters(scalar32, 0));
  }

  public byte[] publicKey() {
    return publicKey.clone();
  }

  /** The X25519 shared secret, or empty if it is all zero (their key is a small-order point). */
  public Optional<byte[]> agree(byte[] theirPublicKey) {
    if (theirPublicKey.length != SIZE) {
      return Optional.empty();
    }
    byte[] k = new byte[SIZE];
    byte[] scalar = secret.getEncoded();
    // X25519.calculateAgreement reports an all-zero result as false (RFC 7748 §6.1).
    boolean ok = X25519.calculateAgreement(scalar, 0, theirPublicKey, 0, k, 0);
    java.util.Arrays.fill(scalar, (byte) 0);
    return ok ? Optional.of(k) : Optional.empty();
  }

  @Override
  public String toString() {
    return "EphemeralKey[redacted]";
  }
}
