package org.mercato.p2p.crypto;

import java.security.SecureRandom;
import java.util.Objects;
import org.apache.tuweni.bytes.Bytes;
import org.mercato.state.crypto.KeyPair;
import org.mercato.state.crypto.PrivateKey;
import org.mercato.state.crypto.Secp256k1;
import org.mercato.state.crypto.Secp256k1s;
import org.mercato.state.crypto.Signature;
import org.mercato.state.types.Hash;

/**
 * The long-term secp256k1 key that identifies a node on the network (docs/spec/p2p.md §1). It
 * only ever signs handshake challenges; {@link #toString()} shows the id, never the key.
 */
public final class NodeKey {
  private final KeyPair keys;
  private final Secp256k1 curve;
  private final NodeId id;

  public NodeKey(PrivateKey key, Secp256k1 curve) {
    this.curve = Objects.requireNonNull(curve);
    this.keys = KeyPair.of(key, curve);
    this.id = NodeId.ofPublicKey(keys.publicKey());
  }

  public static NodeKey of(PrivateKey key) {
    return new NodeKey(key, Secp256k1s.best());
  }

  public static NodeKey random(SecureRandom random) {
    return of(PrivateKey.random(random));
  }

  public NodeId id() {
    return id;
  }

  /** The 64-byte public key x || y. */
  public Bytes publicKey() {
    return keys.publicKey();
  }

  public Signature sign(Hash hash) {
    return curve.sign(hash, keys);
  }

  public Secp256k1 curve() {
    return curve;
  }

  @Override
  public String toString() {
    return "NodeKey[" + id + "]";
  }
}
