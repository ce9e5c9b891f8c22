package org.mercato.consensus.bft.statemachine;

import java.util.Objects;
import java.util.Optional;
import org.mercato.consensus.bft.proposer.ProposerPriorities;
import org.mercato.consensus.bft.types.Height;
import org.mercato.consensus.bft.types.Proposal;
import org.mercato.consensus.bft.types.Round;
import org.mercato.consensus.bft.types.ValidatorSet;
import org.mercato.consensus.bft.types.Vote;
import org.mercato.state.types.Hash;

/** What the driver feeds {@link TendermintMachine#apply}, one at a time. */
public sealed interface Input {
  /**
   * L10: begin height h with its validators and proposer priorities (after committing h-1). After a
   * restart, {@code restored} is the lock this validator persisted for h (docs/spec/consensus.md
   * §8.1); the driver has checked {@code valid(v)} of its proposal.
   */
  record StartHeight(Height height, ValidatorSet validators, ProposerPriorities priorities, Optional<LockState> restored)
      implements Input {
    public StartHeight {
      if (!priorities.validatorSet().equals(validators)) {
        throw new IllegalArgumentException("priorities belong to another validator set");
      }
      Objects.requireNonNull(restored);
      if (restored.isPresent() && !restored.get().height().equals(height)) {
        throw new IllegalArgumentException("restored lock of height " + restored.get().height() + " at height " + height);
      }
    }

    public StartHeight(Height height, ValidatorSet validators, ProposerPriorities priorities) {
      this(height, validators, priorities, Optional.empty());
    }
  }

  /**
   * A proposal from the network, with {@code valid(v)}: whether its block passed {@code Blockchain.validate},
   * and {@code timely}: whether its timestamp was close to the local clock when it arrived, which only L22's
   * prevote on a fresh proposal asks (docs/spec/consensus.md §10 "Timely proposals").
   */
  record ProposalReceived(Proposal proposal, boolean valid, boolean timely) implements Input {
    public ProposalReceived {
      Objects.requireNonNull(proposal);
    }

    /** A timely proposal (or one whose timeliness does not matter: a re-proposal, validRound ≥ 0). */
    public ProposalReceived(Proposal proposal, boolean valid) {
      this(proposal, valid, true);
    }
  }

  /** A vote from the network. */
  record VoteReceived(Vote vote) implements Input {
    public VoteReceived {
      Objects.requireNonNull(vote);
    }
  }

  /** The answer to {@link Output.RequestValue}: the hash of the block this node built for (h, r). */
  record ValueProposed(Height height, Round round, Hash value) implements Input {}

  /** A timer scheduled by {@link Output.ScheduleTimeout} expired. */
  record Timeout(TimeoutStep step, Height height, Round round) implements Input {}
}
