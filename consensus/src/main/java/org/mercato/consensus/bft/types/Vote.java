package org.mercato.consensus.bft.types;

import java.util.Objects;
import java.util.Optional;
import org.mercato.state.crypto.Secp256k1;
import org.mercato.state.crypto.Signature;
import org.mercato.state.types.Address;
import org.mercato.state.types.Hash;

/**
 * A signed PREVOTE or PRECOMMIT for a block hash, or for nil (empty value). Holding a Vote says
 * nothing about its signature: {@link #verify} (or the VoteKeeper) checks it.
 */
public record Vote(VoteType type, Height height, Round round, Optional<Hash> value, Address validator, Signature signature) {
  public Vote {
    Objects.requireNonNull(type);
    Objects.requireNonNull(height);
    Objects.requireNonNull(round);
    Objects.requireNonNull(value);
    Objects.requireNonNull(validator);
    Objects.requireNonNull(signature);
  }

  public boolean isNil() {
    return value.isEmpty();
  }

  public Hash digest(ChainId chainId) {
    return SignBytes.voteDigest(chainId, type, height, round, value);
  }

  /** True if the signature is canonical and recovers {@code signer}'s public key, and the vote names it. */
  public boolean verify(ChainId chainId, Validator signer, Secp256k1 curve) {
    return validator.equals(signer.address()) && !round.isNil()
        && curve.recoverPublicKey(digest(chainId), signature).map(signer.publicKey()::equals).orElse(false);
  }

  @Override
  public String toString() {
    return type + "(h=" + height + ", r=" + round + ", " + value.map(Hash::toHex).orElse("nil") + ", by " + validator + ")";
  }
}
