package org.mercato.p2p.sync;

import java.time.Duration;
import java.util.Objects;

/**
 * Block sync settings (docs/spec/p2p.md §10). {@code rangeBlocks} ≤ 63 because each request asks
 * for one block more than it applies and GetBlocks carries at most 64.
 */
public record SyncConfig(
    int channel,
    int rangeBlocks,
    int maxInFlightPerPeer,
    int windowRanges,
    Duration requestTimeout,
    int maxTimeouts,
    Duration statusInterval,
    int maxServedPerPeer,
    int responseBudgetBytes) {

  public static final int BLOCKSYNC_CHANNEL = 0x02;

  public SyncConfig {
    Objects.requireNonNull(requestTimeout);
    Objects.requireNonNull(statusInterval);
    if (rangeBlocks < 1 || rangeBlocks > SyncMessage.MAX_BLOCKS - 1) {
      throw new IllegalArgumentException("rangeBlocks must be 1.." + (SyncMessage.MAX_BLOCKS - 1));
    }
    if (maxInFlightPerPeer < 1 || windowRanges < 1 || maxTimeouts < 1 || maxServedPerPeer < 1) {
      throw new IllegalArgumentException("limits must be positive");
    }
    if (responseBudgetBytes < 1 || responseBudgetBytes > BlockSyncServer.MAX_BUDGET) {
      throw new IllegalArgumentException("responseBudgetBytes must be 1.." + BlockSyncServer.MAX_BUDGET);
    }
  }

  /**
   * 63-block ranges, 2 in flight per peer, 16 ranges ahead, 10 s timeout, 3 timeouts, status every 2 s, 8 served,
   * responses up to the 1 MiB message limit.
   */
  public static SyncConfig defaults() {
    return new SyncConfig(BLOCKSYNC_CHANNEL, 63, 2, 16, Duration.ofSeconds(10), 3, Duration.ofSeconds(2), 8,
        BlockSyncServer.MAX_BUDGET);
  }

  public SyncConfig withRequestTimeout(Duration timeout) {
    return new SyncConfig(channel, rangeBlocks, maxInFlightPerPeer, windowRanges, timeout, maxTimeouts, statusInterval,
        maxServedPerPeer, responseBudgetBytes);
  }

  public SyncConfig withRangeBlocks(int blocks) {
    return new SyncConfig(channel, blocks, maxInFlightPerPeer, windowRanges, requestTimeout, maxTimeouts, statusInterval,
        maxServedPerPeer, responseBudgetBytes);
  }

  /** Smaller responses (tests: make ordinary blocks behave as blocks near the message limit). */
  public SyncConfig withResponseBudgetBytes(int bytes) {
    return new SyncConfig(channel, rangeBlocks, maxInFlightPerPeer, windowRanges, requestTimeout, maxTimeouts, statusInterval,
        maxServedPerPeer, bytes);
  }
}
