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
 * @param paceFromHeightStart when true, {@code timeoutCommit} counts from the start of the height
 *     rather than from the decision, so heights start every {@code timeoutCommit} however long a
 *     block took (a steady block time; what the one-validator dev chain wants). Off for networks,
 *     where the wait is for straggler precommits after the decision.
 * @param maxBlockTxBytes the proposer stops adding transactions once their encodings would exceed this
 *     many bytes, so a proposal fits one p2p frame (1 MiB, docs/spec/p2p.md) and two blocks fit one
 *     block-sync response; unbounded for the lone dev validator, whose blocks travel nowhere
 * @param maxBlockTxs the proposer puts at most this many transactions in a block: what every validator
 *     can receive, decode and execute well within {@code timeout_propose} (docs/spec/consensus.md §10
 *     "Block size"); a proposer's policy, not a validity rule (the genesis gas limit is that)
 * @param prebuildLead when not negative, the proposer of the next height's round 0 builds its block
 *     this long (or twice its last build time, if longer) before that height starts, inside the
 *     {@code timeoutCommit} wait, so its proposal leaves at the round's start instead of after a
 *     build that eats into the others' {@code timeout_propose} (docs/spec/consensus.md §10
 *     "Building ahead"); negative: build when the round starts (the dev node: its block should hold
 *     what arrived until then)
 * @param catchUpInterval while a height is undecided, our own proposal and latest votes are broadcast
 *     again this often, so a lost message cannot stall the height (docs/spec/consensus.md §10
 *     "Catch-up"); zero or negative: never ({@link #NO_CATCH_UP}: the dev node, which has no peers)
 */
public record BftConfig(TimeoutConfig timeouts, Duration timeoutCommit, int maxRoundsAhead, int maxFutureHeights,
    int maxBufferedMessages, boolean paceFromHeightStart, int maxBlockTxBytes, int maxBlockTxs, Duration prebuildLead,
    Duration catchUpInterval, ProposalTimeliness timeliness) {
  /** Networks build ahead by at least this much (a block of a few thousand transfers takes 0.1-0.5 s). */
  public static final Duration DEFAULT_PREBUILD_LEAD = Duration.ofMillis(300);
  /** {@link #prebuildLead} that turns building ahead off. */
  public static final Duration NO_PREBUILD = Duration.ofMillis(-1);
  /** Re-broadcast our own messages of an undecided height this often (a little above a prevote timeout). */
  public static final Duration DEFAULT_CATCH_UP_INTERVAL = Duration.ofSeconds(2);
  /** {@link #catchUpInterval} that turns the re-broadcast off. */
  public static final Duration NO_CATCH_UP = Duration.ZERO;

  /**
   * Two blocks of this much plus their headers fit one 1 MiB block-sync response: the syncer needs a
   * block and its successor (whose lastCommit certifies it) in one answer (docs/spec/p2p.md §10.3),
   * so bigger blocks could be proposed and committed but never synced by a late joiner.
   */
  public static final int DEFAULT_MAX_BLOCK_TX_BYTES = 480 * 1024;

  public static final BftConfig DEFAULT = new BftConfig(TimeoutConfig.DEFAULT, Duration.ofSeconds(1), 64, 2, 10_000);

  public BftConfig(TimeoutConfig timeouts, Duration timeoutCommit, int maxRoundsAhead, int maxFutureHeights,
      int maxBufferedMessages) {
    this(timeouts, timeoutCommit, maxRoundsAhead, maxFutureHeights, maxBufferedMessages, false, DEFAULT_MAX_BLOCK_TX_BYTES,
        Integer.MAX_VALUE, DEFAULT_PREBUILD_LEAD);
  }

  /** Everything but the catch-up interval, which is {@link #DEFAULT_CATCH_UP_INTERVAL}. */
  public BftConfig(TimeoutConfig timeouts, Duration timeoutCommit, int maxRoundsAhead, int maxFutureHeights,
      int maxBufferedMessages, boolean paceFromHeightStart, int maxBlockTxBytes, int maxBlockTxs, Duration prebuildLead) {
    this(timeouts, timeoutCommit, maxRoundsAhead, maxFutureHeights, maxBufferedMessages, paceFromHeightStart, maxBlockTxBytes,
        maxBlockTxs, prebuildLead, DEFAULT_CATCH_UP_INTERVAL, ProposalTimeliness.DEFAULT);
  }

  /** This configuration with {@link #catchUpInterval} set to {@code interval} ({@link #NO_CATCH_UP}: off). */
  public BftConfig withCatchUpInterval(Duration interval) {
    return new BftConfig(timeouts, timeoutCommit, maxRoundsAhead, maxFutureHeights, maxBufferedMessages, paceFromHeightStart,
        maxBlockTxBytes, maxBlockTxs, prebuildLead, interval, timeliness);
  }

  /** This configuration with the proposer's transaction-count cap set to {@code max}. */
  public BftConfig withMaxBlockTxs(int max) {
    return new BftConfig(timeouts, timeoutCommit, maxRoundsAhead, maxFutureHeights, maxBufferedMessages, paceFromHeightStart,
        maxBlockTxBytes, max, prebuildLead, catchUpInterval, timeliness);
  }

  /** This configuration with {@link #prebuildLead} set to {@code lead} ({@link #NO_PREBUILD}: off). */
  public BftConfig withPrebuildLead(Duration lead) {
    return new BftConfig(timeouts, timeoutCommit, maxRoundsAhead, maxFutureHeights, maxBufferedMessages, paceFromHeightStart,
        maxBlockTxBytes, maxBlockTxs, lead, catchUpInterval, timeliness);
  }

  /** This configuration with {@link #timeliness} set to {@code t}. */
  public BftConfig withTimeliness(ProposalTimeliness t) {
    return new BftConfig(timeouts, timeoutCommit, maxRoundsAhead, maxFutureHeights, maxBufferedMessages, paceFromHeightStart,
        maxBlockTxBytes, maxBlockTxs, prebuildLead, catchUpInterval, t);
  }

  public BftConfig {
    Objects.requireNonNull(timeouts);
    Objects.requireNonNull(prebuildLead);
    Objects.requireNonNull(catchUpInterval);
    Objects.requireNonNull(timeliness);
    if (timeoutCommit.isNegative() || maxBlockTxBytes < 1 || maxBlockTxs < 1 || maxRoundsAhead < 1 || maxFutureHeights < 1 || maxBufferedMessages < 1) {
      throw new IllegalArgumentException("invalid BFT configuration");
    }
  }
}
