package org.mercato.consensus.engine;

import java.time.Duration;
import java.util.Objects;
import org.mercato.consensus.bft.statemachine.TimeoutConfig;

/**
 * Driver policy around the state machine.
 *
 * @param timeouts the machine's propose / prevote / precommit timeouts (docs/spec/consensus.md §4)
 * @param timeoutCommit wait after a decision before starting the next height, for straggler precommits
 * @param maxRoundsAhead messages for a round more than this above the current one are dropped (a
 *     Byzantine validator could otherwise make the vote keeper hold any number of rounds)
 * @param maxFutureHeights messages up to this many heights ahead are buffered and replayed; beyond, dropped
 * @param maxBufferedMessages at most this many future-height messages are held; beyond, dropped
 */
public record BftConfig(TimeoutConfig timeouts, Duration timeoutCommit, int maxRoundsAhead, int maxFutureHeights,
    int maxBufferedMessages) {
  public static final BftConfig DEFAULT = new BftConfig(TimeoutConfig.DEFAULT, Duration.ofSeconds(1), 64, 2, 10_000);

  public BftConfig {
    Objects.requireNonNull(timeouts);
    if (timeoutCommit.isNegative() || maxRoundsAhead < 1 || maxFutureHeights < 1 || maxBufferedMessages < 1) {
      throw new IllegalArgumentException("invalid BFT configuration");
    }
  }
}
