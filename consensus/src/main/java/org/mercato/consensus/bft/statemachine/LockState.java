package org.mercato.consensus.bft.statemachine;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.mercato.consensus.bft.types.Height;
import org.mercato.consensus.bft.types.Proposal;
import org.mercato.consensus.bft.types.Round;
import org.mercato.consensus.bft.types.Vote;
import org.mercato.consensus.bft.types.VoteType;
import org.mercato.state.types.Hash;

/**
 * What a validator must not forget across a restart within height {@code height}
 * (docs/spec/consensus.md §8.1): the paper's {@code lockedValue}, {@code lockedRound},
 * {@code validValue}, {@code validRound}, and the signed proposal of {@code validValue} in
 * {@code validRound} (whose block the driver keeps, so the value can be re-proposed, L15–16, and
 * decided, L49). Written only by L36–43, which always sets the valid pair, so it is never empty.
 * {@code polka}: the prevotes for {@code validValue} in {@code validRound} that made it valid, so a restarted
 * validator that re-proposes it (L16, validRound ≥ 0) can also prevote it (L28 needs that polka; a lone validator
 * would otherwise never see it again).
 */
public record LockState(Height height, Optional<Hash> lockedValue, Round lockedRound, Hash validValue, Round validRound,
    Proposal validProposal, List<Vote> polka) {
  /** Without the polka (tests of the other fields). */
  public LockState(Height height, Optional<Hash> lockedValue, Round lockedRound, Hash validValue, Round validRound,
      Proposal validProposal) {
    this(height, lockedValue, lockedRound, validValue, validRound, validProposal, List.of());
  }

  public LockState {
    polka = List.copyOf(polka);
    for (Vote v : polka) {
      if (v.type() != VoteType.PREVOTE || !v.height().equals(height) || !v.round().equals(validRound)
          || !v.value().equals(Optional.of(validValue))) {
        throw new IllegalArgumentException("not a prevote for validValue in validRound: " + v);
      }
    }
    Objects.requireNonNull(height);
    Objects.requireNonNull(lockedValue);
    Objects.requireNonNull(lockedRound);
    Objects.requireNonNull(validValue);
    Objects.requireNonNull(validRound);
    Objects.requireNonNull(validProposal);
    if (validRound.isNil()) {
      throw new IllegalArgumentException("validRound must be set");
    }
    if (lockedValue.isPresent() == lockedRound.isNil()) {
      throw new IllegalArgumentException("lockedValue and lockedRound must be set together");
    }
    // L38 and L42 run in the same round; later rounds may move only the valid pair (step past prevote).
    if (lockedRound.isAfter(validRound) || (lockedRound.equals(validRound) && !lockedValue.get().equals(validValue))) {
      throw new IllegalArgumentException("lock (" + lockedRound + ") is not at or before the valid value (" + validRound + ")");
    }
    if (!validProposal.height().equals(height) || !validProposal.round().equals(validRound)
        || !validProposal.value().equals(validValue)) {
      throw new IllegalArgumentException("the proposal " + validProposal + " is not validValue's in validRound");
    }
  }
}
