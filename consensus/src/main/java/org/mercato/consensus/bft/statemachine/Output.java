package org.mercato.consensus.bft.statemachine;

import java.time.Duration;
import org.mercato.consensus.bft.types.Commit;
import org.mercato.consensus.bft.types.DuplicateVoteEvidence;
import org.mercato.consensus.bft.types.Height;
import org.mercato.consensus.bft.types.Proposal;
import org.mercato.consensus.bft.types.Round;
import org.mercato.consensus.bft.types.SignRefusal;
import org.mercato.consensus.bft.types.Vote;
import org.mercato.consensus.bft.votes.VoteRejection;
import org.mercato.state.types.Address;
import org.mercato.state.types.Hash;

/** What the machine asks its driver to do. Its own messages are already counted when emitted. */
public sealed interface Output {
  /** L11: a round began (for logs and the rounds-per-height metric). */
  record RoundStarted(Height height, Round round, Address proposer) implements Output {}

  /** L19: we are proposer and hold no validValue: build a block and answer with {@link Input.ValueProposed}. */
  record RequestValue(Height height, Round round) implements Output {}

  /** Send our signed proposal to the other validators (with its block). */
  record BroadcastProposal(Proposal proposal) implements Output {}

  /**
   * L36–43 changed the lock or valid value: make {@code lock} durable before sending any output that
   * follows (the precommit right after it depends on it); if that fails, send nothing more
   * (docs/spec/consensus.md §8.1). Only for a validator of the height.
   */
  record PersistLock(LockState lock) implements Output {}

  /** Send our signed vote to the other validators. */
  record BroadcastVote(Vote vote) implements Output {}

  /** Start a timer; when it fires, feed {@link Input.Timeout} with the same step, height and round. */
  record ScheduleTimeout(TimeoutStep step, Height height, Round round, Duration duration) implements Output {}

  /** L49: v is decided at this height, by the commit of round {@code commit.round()}. */
  record Decide(Height height, Hash value, Commit commit) implements Output {}

  /**
   * Pass on a vote from the network that this node just counted, or the first vote conflicting with one it
   * counted, so validators not connected to its signer get it (docs/spec/consensus.md §10 "Relay").
   */
  record RelayVote(Vote vote) implements Output {}

  /**
   * Pass on a valid proposal from the network, the first time this round's proposal is stored, so validators
   * that are not connected to its proposer get it (docs/spec/consensus.md §10 "Relay"); the driver holds its block.
   */
  record RelayProposal(Proposal proposal) implements Output {}

  /** A validator signed two different votes for one (height, round, type). */
  record EvidenceFound(DuplicateVoteEvidence evidence) implements Output {}

  /** A received vote was not accepted (for peer scoring). */
  record VoteRejected(Vote vote, VoteRejection reason) implements Output {}

  /** A received proposal was not accepted (for peer scoring). */
  record ProposalRejected(Proposal proposal, ProposalRejection reason) implements Output {}

  /** Our signer refused to sign {@code what} at (h, r) (double-sign protection); nothing was sent for it. */
  record SigningRefused(Height height, Round round, String what, SignRefusal reason, String detail) implements Output {}
}
