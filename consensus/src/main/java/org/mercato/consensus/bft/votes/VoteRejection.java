package org.mercato.consensus.bft.votes;

/** Why a vote was not accepted into a height's {@link VoteKeeper} (docs/spec/consensus.md §6). */
public enum VoteRejection {
  /** Not for the keeper's height (the driver buffers future heights). */
  WRONG_HEIGHT,
  /** Round below 0. */
  INVALID_ROUND,
  /** The named validator is not in this height's set. */
  UNKNOWN_VALIDATOR,
  /** Not canonical, or does not recover the named validator's public key (wrong chain id included). */
  BAD_SIGNATURE
}
