package org.mercato.consensus.bft.votes;

import org.mercato.consensus.bft.types.DuplicateVoteEvidence;
import org.mercato.consensus.bft.types.Vote;

/** What {@link VoteKeeper#add} did with a vote. */
public sealed interface AddVoteResult {
  /** Verified and counted. */
  record Added(Vote vote) implements AddVoteResult {}

  /** The same vote was already counted; nothing changed. */
  record Duplicate(Vote vote) implements AddVoteResult {}

  /** A verified vote that conflicts with the one already counted for its validator: equivocation. The first stays counted. */
  record Conflict(DuplicateVoteEvidence evidence) implements AddVoteResult {}

  /** Not accepted, with the reason. */
  record Rejected(Vote vote, VoteRejection reason) implements AddVoteResult {}
}
