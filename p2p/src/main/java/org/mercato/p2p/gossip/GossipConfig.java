package org.mercato.p2p.gossip;

import java.time.Duration;
import java.util.Objects;

/** Transaction gossip settings (docs/spec/p2p.md §11). */
public record GossipConfig(
    int channel,
    Duration flushInterval,
    int maxBatch,
    int maxPending,
    int knownPerPeer,
    int recentSeen,
    int maxInvalid) {

  public static final int MEMPOOL_CHANNEL = 0x01;

  public GossipConfig {
    Objects.requireNonNull(flushInterval);
    if (maxBatch < 1 || maxBatch > GossipCodec.MAX_TXS) {
      throw new IllegalArgumentException("maxBatch must be 1.." + GossipCodec.MAX_TXS);
    }
    if (maxPending < 1 || knownPerPeer < 1 || recentSeen < 1 || maxInvalid < 1) {
      throw new IllegalArgumentException("limits must be positive");
    }
  }

  /** 50 ms flushes, 256 per message, 8,192 queued, 4,096 known per peer, 16,384 recently seen, 16 invalid. */
  public static GossipConfig defaults() {
    return new GossipConfig(MEMPOOL_CHANNEL, Duration.ofMillis(50), GossipCodec.MAX_TXS, 8_192, 4_096, 16_384, 16);
  }
}
