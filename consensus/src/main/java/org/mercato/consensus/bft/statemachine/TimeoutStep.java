package org.mercato.consensus.bft.statemachine;

/** The three timeouts of the paper (L57–L65). */
public enum TimeoutStep {
  PROPOSE,
  PREVOTE,
  PRECOMMIT
}
