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

  /** Whether a block stamped {@code timestampSeconds} is timely when it arrives at {@code now}, in round 0. */
  public boolean isTimely(long timestampSeconds, Instant now) {
    return isTimely(timestampSeconds, now, 0);
  }

  /**
   * Whether a block stamped {@code timestampSeconds}, proposed in {@code round}, is timely when it arrives at
   * {@code now}. {@link #behind} widens by a tenth of itself per round (as CometBFT's adaptive message delay does), so
   * a network whose blocks take longer than the bound to travel and build still finds a timely proposal some rounds
   * later instead of prevoting nil for ever; {@link #ahead} stays: it bounds clock skew, which rounds do not change.
   */
  public boolean isTimely(long timestampSeconds, Instant now, int round) {
    long nowSeconds = now.getEpochSecond();
    long behindSeconds = behind.getSeconds() + behind.getSeconds() * Math.max(0, round) / 10;
    return timestampSeconds <= nowSeconds + ahead.getSeconds() && timestampSeconds >= nowSeconds - behindSeconds;
  }
}
