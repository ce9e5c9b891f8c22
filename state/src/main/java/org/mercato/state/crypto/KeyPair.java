package org.mercato.state.crypto;

import java.util.Objects;
import org.apache.tuweni.bytes.Bytes;
import org.mercato.state.types.Address;

/** A private key with its 64-byte public key (x || y) and address, computed once. */
public record KeyPair(PrivateKey privateKey, Bytes publicKey, Address address) {
  public KeyPair {
    Objects.requireNonNull(privateKey);
    if (publicKey.size() != 64) {
      throw new IllegalArgumentException("public key must be 64 bytes");
    }
    publicKey = publicKey.copy();
    if (!Address.fromPublicKey(publicKey).equals(address)) {
      throw new IllegalArgumentException("address does not belong to the public key");
    }
  }

  public static KeyPair of(PrivateKey key, Secp256k1 curve) {
    Bytes pub = curve.publicKey(key);
    return new KeyPair(key, pub, Address.fromPublicKey(pub));
  }
}
