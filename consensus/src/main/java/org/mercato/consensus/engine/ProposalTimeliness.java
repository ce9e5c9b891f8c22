package org.mercato.consensus.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * When a fresh proposal's block timestamp is close enough to this validator's clock to prevote it
 * (docs/spec/consensus.md §10 "Timely proposals"; CometBFT's proposer-based timestamps). A prevote
 * policy, not a validity rule: it depends on the local clock, so it must never decide valid(v).
 *
 * <p>Both bounds count in whole seconds, as block timestamps do.
 *
 * @param ahead how far a timestamp may be in our future (clock skew plus the proposer's rounding to seconds)
 * @param behind how far in our past (a slow build plus the message delay)
 */
public record ProposalTimeliness(Duration ahead, Duration behind) {
  /** 2 s ahead, 15 s behind (CometBFT's default message delay). */
  public static final ProposalTimeliness DEFAULT = new ProposalTimeliness(Duration.ofSeconds(2), Duration.ofSeconds(15));

  public ProposalTimeliness {
    Objects.requireNonNull(ahead);
    Objects.requireNonNull(behind);
    if (ahead.isNegative() || behind.isNegative()) {
      throw new IllegalArgumentException("timeliness bounds must not be negative");
    }
  }

  /** Whether a block stamped {@code timestampSeconds} is timely when it arrives at {@code now}. */
  public boolean isTimely(long timestampSeconds, Instant now) {
    long nowSeconds = now.getEpochSecond();
    return timestampSeconds <= nowSeconds + ahead.getSeconds() && timestampSeconds >= nowSeconds - behind.getSeconds();
  }
}
