package org.mercato.consensus.codec;

import java.util.Objects;
import org.mercato.consensus.bft.types.Proposal;
import org.mercato.consensus.bft.types.Vote;
import org.mercato.state.block.Block;

/** What validators send each other: a proposal with its full block, or a vote. Signatures are not checked here. */
public sealed interface ConsensusMessage {
  /** A proposal and the block it names ({@code block.hash() == proposal.value()}, checked on decode). */
  record ProposalMessage(Proposal proposal, Block block) implements ConsensusMessage {
    public ProposalMessage {
      Objects.requireNonNull(proposal);
      Objects.requireNonNull(block);
      if (!block.hash().equals(proposal.value())) {
        throw new IllegalArgumentException("the block is not the proposed value");
      }
    }
  }

  record VoteMessage(Vote vote) implements ConsensusMessage {
    public VoteMessage {
      Objects.requireNonNull(vote);
    }
  }
}
