package org.mercato.consensus.bft.statemachine;

import java.util.Optional;
import org.mercato.consensus.bft.types.Height;
import org.mercato.consensus.bft.types.Round;
import org.mercato.consensus.bft.types.Step;
import org.mercato.state.types.Hash;

/** A snapshot of the paper's per-node variables (docs/spec/consensus.md §2); height is empty before the first StartHeight. */
public record RoundState(Optional<Height> height, Round round, Step step, Optional<Hash> lockedValue, Round lockedRound,
    Optional<Hash> validValue, Round validRound, Optional<Hash> decision) {}
