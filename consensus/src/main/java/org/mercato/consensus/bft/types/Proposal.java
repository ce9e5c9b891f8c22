package org.mercato.consensus.bft.types;

import java.util.Objects;
import org.mercato.state.crypto.Secp256k1;
import org.mercato.state.crypto.Signature;
import org.mercato.state.types.Address;
import org.mercato.state.types.Hash;

/**
 * The paper's PROPOSAL(h, r, v, vr), signed by its proposer: the block hash {@code value}, and the
 * {@code validRound} in which it saw a polka for it ({@link Round#NIL} for a fresh value).
 */
public record Proposal(Height height, Round round, Hash value, Round validRound, Address proposer, Signature signature) {
  public Proposal {
    Objects.requireNonNull(height);
    Objects.requireNonNull(round);
    Objects.requireNonNull(value);
    Objects.requireNonNull(validRound);
    Objects.requireNonNull(proposer);
    Objects.requireNonNull(signature);
  }

  public Hash digest(ChainId chainId) {
    return SignBytes.proposalDigest(chainId, height, round, value, validRound);
  }

  public boolean verify(ChainId chainId, Validator signer, Secp256k1 curve) {
    return proposer.equals(signer.address()) && !round.isNil()
        && curve.recoverPublicKey(digest(chainId), signature).map(signer.publicKey()::equals).orElse(false);
  }

  @Override
  public String toString() {
    return "PROPOSAL(h=" + height + ", r=" + round + ", " + value + ", vr=" + validRound + ", by " + proposer + ")";
  }
}
