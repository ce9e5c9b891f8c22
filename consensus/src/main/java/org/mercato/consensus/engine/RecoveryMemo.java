package org.mercato.consensus.engine;

import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.tuweni.bytes.Bytes;
import org.mercato.state.crypto.KeyPair;
import org.mercato.state.crypto.PrivateKey;
import org.mercato.state.crypto.Secp256k1;
import org.mercato.state.crypto.Signature;
import org.mercato.state.types.Hash;

/**
 * A curve that remembers recent public-key recoveries, so a consensus signature is recovered once,
 * in parallel, on the thread that received it (BftEngine checks each signer there, docs/spec/consensus.md §9),
 * and the consensus thread's own
 * check (VoteKeeper, proposal and commit checks) finds the result (docs/spec/consensus.md §3
 * "Signature checks"). Recovery is a pure function of (digest, signature), so a memo cannot change a
 * verdict; it only moves the work. Bounded: when full it is cleared, at worst costing a recovery again.
 */
public final class RecoveryMemo implements Secp256k1 {
  /** About a few heights of votes of a 100-validator set. */
  public static final int DEFAULT_CAPACITY = 8_192;

  private record Key(Hash digest, Signature signature) {}

  private final Secp256k1 curve;
  private final int capacity;
  private final ConcurrentHashMap<Key, Optional<Bytes>> recovered = new ConcurrentHashMap<>();

  public RecoveryMemo(Secp256k1 curve) {
    this(curve, DEFAULT_CAPACITY);
  }

  public RecoveryMemo(Secp256k1 curve, int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be positive");
    }
    this.curve = Objects.requireNonNull(curve);
    this.capacity = capacity;
  }

  @Override
  public Optional<Bytes> recoverPublicKey(Hash messageHash, Signature signature) {
    Key key = new Key(messageHash, signature);
    Optional<Bytes> known = recovered.get(key);
    if (known != null) {
      return known;
    }
    Optional<Bytes> result = curve.recoverPublicKey(messageHash, signature);
    if (recovered.size() >= capacity) {
      recovered.clear();
    }
    recovered.put(key, result);
    return result;
  }

  /** Recoveries remembered now (for tests and metrics). */
  public int size() {
    return recovered.size();
  }

  @Override
  public Signature sign(Hash messageHash, PrivateKey key) {
    return curve.sign(messageHash, key);
  }

  @Override
  public Signature sign(Hash messageHash, KeyPair keys) {
    return curve.sign(messageHash, keys);
  }

  @Override
  public Bytes publicKey(PrivateKey key) {
    return curve.publicKey(key);
  }

  @Override
  public String name() {
    return curve.name();
  }
}
