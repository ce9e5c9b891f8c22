package org.mercato.consensus.bft.types;

import java.util.Comparator;
import java.util.Optional;
import org.mercato.state.types.Hash;

/**
 * Two signed votes of one validator for the same (height, round, type) with different values
 * (nil counts as a value): equivocation (docs/spec/consensus.md §7). {@code voteA} has the lower
 * value (nil first, then hash bytes), so both orders of discovery give equal evidence.
 */
public record DuplicateVoteEvidence(Vote voteA, Vote voteB) {
  private static final Comparator<Optional<Hash>> VALUE_ORDER =
      Comparator.comparing((Optional<Hash> v) -> v.isPresent()).thenComparing(v -> v.orElse(Hash.ZERO));

  public DuplicateVoteEvidence {
    if (!voteA.validator().equals(voteB.validator()) || !voteA.height().equals(voteB.height())
        || !voteA.round().equals(voteB.round()) || voteA.type() != voteB.type()) {
      throw new IllegalArgumentException("evidence needs two votes of one validator for one (height, round, type)");
    }
    int c = VALUE_ORDER.compare(voteA.value(), voteB.value());
    if (c == 0) {
      throw new IllegalArgumentException("the two votes have the same value: not equivocation");
    }
    if (c > 0) {
      Vote t = voteA;
      voteA = voteB;
      voteB = t;
    }
  }
}
