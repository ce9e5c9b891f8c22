package org.mercato.state.tx;

import org.apache.tuweni.bytes.Bytes;
import org.mercato.state.crypto.KeyPair;
import org.mercato.state.crypto.Keccak;
import org.mercato.state.crypto.PrivateKey;
import org.mercato.state.crypto.Secp256k1;
import org.mercato.state.crypto.Signature;
import org.mercato.state.types.Hash;

/** Signs transactions with a local key (dev accounts, the load tool, tests). Thread-safe. */
public final class TransactionSigner {
  private final Secp256k1 curve;

  public TransactionSigner(Secp256k1 curve) {
    this.curve = curve;
  }

  public Transaction sign(UnsignedTransaction tx, PrivateKey key) {
    return sign(tx, KeyPair.of(key, curve));
  }

  /** Cheaper than {@link #sign(UnsignedTransaction, PrivateKey)}: the public key and address are known. */
  public Transaction sign(UnsignedTransaction tx, KeyPair keys) {
    TxBody body = tx.body();
    Signature sig = curve.sign(TransactionEncoding.signingHash(body), keys);
    Bytes encoded = TransactionEncoding.encodeSigned(body, sig);
    Hash hash = Keccak.hash(encoded);
    return new Transaction(body, sig, keys.address(), encoded, hash);
  }
}
