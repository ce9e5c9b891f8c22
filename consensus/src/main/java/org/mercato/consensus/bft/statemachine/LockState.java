package org.mercato.consensus.bft.statemachine;

import java.util.Objects;
import java.util.Optional;
import org.mercato.consensus.bft.types.Height;
import org.mercato.consensus.bft.types.Proposal;
import org.mercato.consensus.bft.types.Round;
import org.mercato.state.types.Hash;

/**
 * What a validator must not forget across a restart within height {@code height}
 * (docs/spec/consensus.md §8.1): the paper's {@code lockedValue}, {@code lockedRound},
 * {@code validValue}, {@code validRound}, and the signed proposal of {@code validValue} in
 * {@code validRound} (whose block the driver keeps, so the value can be re-proposed, L15–16, and
 * decided, L49). Written only by L36–43, which always sets the valid pair, so it is never empty.
 */
public record LockState(Height height, Optional<Hash> lockedValue, Round lockedRound, Hash validValue, Round validRound,
    Proposal validProposal) {
  public LockState {
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
