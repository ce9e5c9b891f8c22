package org.mercato.consensus.bft.votes;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.mercato.consensus.bft.types.ChainId;
import org.mercato.consensus.bft.types.DuplicateVoteEvidence;
import org.mercato.consensus.bft.types.Height;
import org.mercato.consensus.bft.types.Round;
import org.mercato.consensus.bft.types.Validator;
import org.mercato.consensus.bft.types.ValidatorSet;
import org.mercato.consensus.bft.types.Vote;
import org.mercato.consensus.bft.types.VoteType;
import org.mercato.state.crypto.Secp256k1;
import org.mercato.state.types.Hash;

/**
 * The votes of one height: verifies each (height, round, membership, signature), counts the first
 * vote of each validator per (round, type), reports equivocation as evidence, and answers the
 * threshold questions of docs/spec/consensus.md §1 and §3. Single-threaded, like the machine that owns it.
 */
public final class VoteKeeper {
  private final ChainId chainId;
  private final Height height;
  private final ValidatorSet validators;
  private final Secp256k1 curve;
  private final TreeMap<Round, RoundVotes> rounds = new TreeMap<>();

  public VoteKeeper(ChainId chainId, Height height, ValidatorSet validators, Secp256k1 curve) {
    this.chainId = Objects.requireNonNull(chainId);
    this.height = Objects.requireNonNull(height);
    this.validators = Objects.requireNonNull(validators);
    this.curve = Objects.requireNonNull(curve);
  }

  public Height height() {
    return height;
  }

  public ValidatorSet validators() {
    return validators;
  }

  public AddVoteResult add(Vote vote) {
    if (!vote.height().equals(height)) {
      return new AddVoteResult.Rejected(vote, VoteRejection.WRONG_HEIGHT);
    }
    if (vote.round().isNil()) {
      return new AddVoteResult.Rejected(vote, VoteRejection.INVALID_ROUND);
    }
    Optional<Validator> member = validators.find(vote.validator());
    if (member.isEmpty()) {
      return new AddVoteResult.Rejected(vote, VoteRejection.UNKNOWN_VALIDATOR);
    }
    RoundVotes round = rounds.get(vote.round());
    Optional<Vote> existing = round == null ? Optional.empty() : round.existing(vote.type(), vote.validator());
    if (existing.isPresent() && existing.get().equals(vote)) {
      return new AddVoteResult.Duplicate(vote); // counted already, and its signature verified then
    }
    if (!vote.verify(chainId, member.get(), curve)) {
      return new AddVoteResult.Rejected(vote, VoteRejection.BAD_SIGNATURE);
    }
    if (existing.isPresent()) {
      if (existing.get().value().equals(vote.value())) {
        // Same content, another valid signature encoding cannot exist (low-s, RFC 6979 aside): treat as duplicate.
        return new AddVoteResult.Duplicate(vote);
      }
      return new AddVoteResult.Conflict(new DuplicateVoteEvidence(existing.get(), vote));
    }
    rounds.computeIfAbsent(vote.round(), r -> new RoundVotes()).count(vote, member.get().votingPower());
    return new AddVoteResult.Added(vote);
  }

  /** Power of the validators that voted {@code value} (empty = nil) as {@code type} in {@code round}. */
  public long powerFor(Round round, VoteType type, Optional<Hash> value) {
    RoundVotes r = rounds.get(round);
    return r == null ? 0 : r.powerFor(type, value);
  }

  /** Power of the validators that voted anything as {@code type} in {@code round}. */
  public long powerAny(Round round, VoteType type) {
    RoundVotes r = rounds.get(round);
    return r == null ? 0 : r.powerAny(type);
  }

  /** +2/3 {@code type} votes for {@code value} (a polka, when prevotes; nil when empty). */
  public boolean hasQuorumFor(Round round, VoteType type, Optional<Hash> value) {
    return validators.isQuorum(powerFor(round, type, value));
  }

  /** +2/3 {@code type} votes of any value, nil included. */
  public boolean hasQuorumAny(Round round, VoteType type) {
    return validators.isQuorum(powerAny(round, type));
  }

  /** The value (a hash, or empty for nil) that has +2/3 {@code type} votes in the round, if any: at most one can. */
  public Optional<Optional<Hash>> quorumValue(Round round, VoteType type) {
    RoundVotes r = rounds.get(round);
    if (r == null) {
      return Optional.empty();
    }
    for (Map.Entry<Optional<Hash>, Long> e : r.tally(type).entrySet()) {
      if (validators.isQuorum(e.getValue())) {
        return Optional.of(e.getKey());
      }
    }
    return Optional.empty();
  }

  /** Power of the distinct validators with any vote (prevote or precommit) in the round. */
  public long roundPower(Round round) {
    RoundVotes r = rounds.get(round);
    return r == null ? 0 : r.votersPower();
  }

  /** L55: the highest round above {@code current} in which distinct validators with f+1 power voted. */
  public Optional<Round> highestSkipRound(Round current) {
    for (Map.Entry<Round, RoundVotes> e : rounds.descendingMap().entrySet()) {
      if (!e.getKey().isAfter(current)) {
        break;
      }
      if (validators.isSkip(e.getValue().votersPower())) {
        return Optional.of(e.getKey());
      }
    }
    return Optional.empty();
  }

  /** Rounds that hold at least one counted vote, ascending. */
  public List<Round> rounds() {
    return List.copyOf(rounds.keySet());
  }

  /** The counted {@code type} votes for {@code value} in the round. */
  public List<Vote> votesFor(Round round, VoteType type, Optional<Hash> value) {
    RoundVotes r = rounds.get(round);
    return r == null ? List.of() : r.votesFor(type, value);
  }
}
