package org.mercato.consensus.bft.statemachine;

import java.time.Duration;
import java.util.Objects;
import org.mercato.consensus.bft.types.Round;

/** {@code timeoutX(r) = baseX + r · deltaX} (docs/spec/consensus.md §4). */
public record TimeoutConfig(Duration proposeBase, Duration proposeDelta, Duration prevoteBase, Duration prevoteDelta,
    Duration precommitBase, Duration precommitDelta) {
  /** CometBFT's defaults: propose 3 s, prevote and precommit 1 s, each +0.5 s per round. */
  public static final TimeoutConfig DEFAULT = new TimeoutConfig(Duration.ofSeconds(3), Duration.ofMillis(500),
      Duration.ofSeconds(1), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(500));

  public TimeoutConfig {
    for (Duration d : new Duration[] {proposeBase, proposeDelta, prevoteBase, prevoteDelta, precommitBase, precommitDelta}) {
      if (Objects.requireNonNull(d).isNegative()) {
        throw new IllegalArgumentException("timeouts must not be negative");
      }
    }
  }

  public Duration timeout(TimeoutStep step, Round round) {
    if (round.isNil()) {
      throw new IllegalArgumentException("no timeout for the nil round");
    }
    return switch (step) {
      case PROPOSE -> proposeBase.plus(proposeDelta.multipliedBy(round.value()));
      case PREVOTE -> prevoteBase.plus(prevoteDelta.multipliedBy(round.value()));
      case PRECOMMIT -> precommitBase.plus(precommitDelta.multipliedBy(round.value()));
    };
  }
}
