package org.mercato.consensus.bft.votes;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.mercato.consensus.bft.types.Vote;
import org.mercato.consensus.bft.types.VoteType;
import org.mercato.state.types.Address;
import org.mercato.state.types.Hash;

/** The counted votes of one round: first vote per (validator, type), power tallies per value, distinct voters. */
final class RoundVotes {
  private final Map<VoteType, Map<Address, Vote>> byValidator = new EnumMap<>(VoteType.class);
  private final Map<VoteType, Map<Optional<Hash>, Long>> powerByValue = new EnumMap<>(VoteType.class);
  private final Map<VoteType, Long> powerAny = new EnumMap<>(VoteType.class);
  private final Set<Address> voters = new HashSet<>();
  private long votersPower;

  RoundVotes() {
    for (VoteType t : VoteType.values()) {
      byValidator.put(t, new LinkedHashMap<>());
      powerByValue.put(t, new LinkedHashMap<>());
      powerAny.put(t, 0L);
    }
  }

  Optional<Vote> existing(VoteType type, Address validator) {
    return Optional.ofNullable(byValidator.get(type).get(validator));
  }

  void count(Vote vote, long power) {
    byValidator.get(vote.type()).put(vote.validator(), vote);
    powerByValue.get(vote.type()).merge(vote.value(), power, Long::sum);
    powerAny.merge(vote.type(), power, Long::sum);
    if (voters.add(vote.validator())) {
      votersPower += power;
    }
  }

  long powerFor(VoteType type, Optional<Hash> value) {
    return powerByValue.get(type).getOrDefault(value, 0L);
  }

  long powerAny(VoteType type) {
    return powerAny.get(type);
  }

  long votersPower() {
    return votersPower;
  }

  /** Values with their power, in the order first seen. */
  Map<Optional<Hash>, Long> tally(VoteType type) {
    return powerByValue.get(type);
  }

  List<Vote> votesFor(VoteType type, Optional<Hash> value) {
    List<Vote> out = new ArrayList<>();
    for (Vote v : byValidator.get(type).values()) {
      if (v.value().equals(value)) {
        out.add(v);
      }
    }
    return out;
  }
}
