package org.mercato.consensus.bft.statemachine;

/** Why the machine did not accept a proposal. */
public enum ProposalRejection {
  /** No height started, or the proposal is for another height (the driver buffers future heights). */
  WRONG_HEIGHT,
  /** Round below 0, or a valid round that is not -1 or below the round (L28: 0 ≤ vr < r). */
  INVALID_ROUND,
  /** Not signed by proposer(h, r). */
  WRONG_PROPOSER,
  /** Not canonical, or does not recover the proposer's public key. */
  BAD_SIGNATURE,
  /** The round's proposer already proposed something else in this round. */
  CONFLICTING_PROPOSAL
}
