package org.mercato.consensus.bft.types;

/**
 * Where a node is within a round (docs/spec/consensus.md §2). Declaration order is progress order,
 * so "step ≥ prevote" (L36) is {@code step.compareTo(PREVOTE) >= 0}.
 */
public enum Step {
  /** No height started yet. */
  UNSTARTED,
  PROPOSE,
  PREVOTE,
  PRECOMMIT,
  /** Decided at this height (L49); waiting for the driver to start the next one. */
  COMMIT;

  public boolean atLeast(Step other) {
    return compareTo(other) >= 0;
  }
}
