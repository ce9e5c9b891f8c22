package org.mercato.consensus.privval;

import org.mercato.consensus.bft.types.VoteType;

/** The step of a signed message within a (height, round), in signing order (CometBFT's 1, 2, 3). */
public enum SignStep {
  PROPOSAL(1),
  PREVOTE(2),
  PRECOMMIT(3);

  private final int code;

  SignStep(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }

  public static SignStep of(VoteType type) {
    return type == VoteType.PREVOTE ? PREVOTE : PRECOMMIT;
  }

  /** The step with this code; empty-handed callers get an exception (a corrupt record). */
  public static SignStep fromCode(int code) {
    for (SignStep s : values()) {
      if (s.code == code) {
        return s;
      }
    }
    throw new IllegalArgumentException("unknown sign step " + code);
  }
}
