package org.mercato.consensus.bft.types;

import java.util.Optional;
import org.mercato.state.crypto.Secp256k1;
import org.mercato.state.types.Address;
import org.mercato.state.types.Hash;

/**
 * What the state machine signs its votes and proposals with. {@link ConsensusSigner} always signs;
 * the node uses {@code privval.GuardedSigner}, which refuses anything that could be a double sign.
 */
public interface ValidatorSigner {
  Address address();

  ChainId chainId();

  Secp256k1 curve();

  SignResult<Vote> signVote(VoteType type, Height height, Round round, Optional<Hash> value);

  SignResult<Proposal> signProposal(Height height, Round round, Hash value, Round validRound);
}
