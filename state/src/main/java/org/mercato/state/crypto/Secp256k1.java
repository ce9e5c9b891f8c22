package org.mercato.state.crypto;

import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.mercato.state.types.Address;
import org.mercato.state.types.Hash;

/**
 * ECDSA over secp256k1 as Ethereum uses it. Implementations must agree byte for byte: signatures
 * are deterministic (RFC 6979 with HMAC-SHA256), low-s (EIP-2), with the recovery id of the
 * normalised signature. Implementations are thread-safe.
 */
public interface Secp256k1 {
  Signature sign(Hash messageHash, PrivateKey key);

  /** The same as {@link #sign(Hash, PrivateKey)}; lets an implementation reuse the known public key. */
  default Signature sign(Hash messageHash, KeyPair keys) {
    return sign(messageHash, keys.privateKey());
  }

  /**
   * The 64-byte public key (x || y) that produced the signature, or empty if the signature is not
   * canonical ({@link Signature#defect()}) or no key matches it.
   */
  Optional<Bytes> recoverPublicKey(Hash messageHash, Signature signature);

  default Optional<Address> recoverAddress(Hash messageHash, Signature signature) {
    return recoverPublicKey(messageHash, signature).map(Address::fromPublicKey);
  }

  /** The 64-byte public key (x || y). */
  Bytes publicKey(PrivateKey key);

  /** A short name for logs ("native libsecp256k1", "BouncyCastle"). */
  String name();
}
