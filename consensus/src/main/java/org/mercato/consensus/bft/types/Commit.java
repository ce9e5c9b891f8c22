package org.mercato.consensus.bft.types;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.mercato.state.types.Hash;

/**
 * The +2/3 precommits of one round for one block (docs/spec/consensus.md §6), sorted by validator
 * address: what a decision carries and what block h+1 will hold as {@code lastCommit}.
 */
public record Commit(Height height, Round round, Hash value, List<Vote> precommits) {
  public Commit {
    precommits = precommits.stream().sorted(Comparator.comparing(Vote::validator)).toList();
    for (Vote v : precommits) {
      if (v.type() != VoteType.PRECOMMIT || !v.height().equals(height) || !v.round().equals(round)
          || !v.value().equals(Optional.of(value))) {
        throw new IllegalArgumentException("not a precommit for this commit: " + v);
      }
    }
  }

  /** The summed power of the precommits' validators that are in {@code set} (each counted once). */
  public long power(ValidatorSet set) {
    return precommits.stream().map(Vote::validator).distinct()
        .mapToLong(a -> set.find(a).map(Validator::votingPower).orElse(0L)).sum();
  }
}
