package org.mercato.node.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.mercato.consensus.bft.statemachine.TimeoutConfig;
import org.mercato.consensus.engine.BftConfig;
import org.mercato.p2p.transport.KeepAliveConfig;
import org.mercato.p2p.transport.RecvRateConfig;

/**
 * The validator-network settings of {@code mercato node} ({@code [p2p]} and {@code [consensus]} of
 * config.toml). Timeouts follow docs/spec/consensus.md §4: {@code timeoutX(r) = X + r · X_delta}.
 *
 * @param p2pHost listen address of the p2p transport
 * @param p2pPort listen port (0 picks a free one)
 * @param persistentPeers {@code ID@HOST:PORT} of peers dialled and redialled for ever
 * @param catchUpInterval {@code catch_up_interval} of {@code [consensus]}: while a height is undecided, this node
 *     sends its own proposal and votes of the height again this often (docs/spec/consensus.md §10 "Catch-up");
 *     positive (a network node always catches up; only the peerless dev node turns it off)
 * @param maxBlockTxs the most transactions this node puts in a block it proposes (docs/spec/consensus.md
 *     §10 "Block size"): what the network can validate within {@code timeoutPropose}
 * @param keepAlive {@code ping_interval} and {@code pong_timeout} of {@code [p2p]} (docs/spec/p2p.md §7.2)
 * @param recvRate {@code recv_rate} of {@code [p2p]}, bytes per second read from each peer, with a bucket of one
 *     second's worth (docs/spec/p2p.md §7.3)
 */
public record NetworkConfig(
    String p2pHost,
    int p2pPort,
    List<String> persistentPeers,
    Duration timeoutPropose,
    Duration timeoutProposeDelta,
    Duration timeoutPrevote,
    Duration timeoutPrevoteDelta,
    Duration timeoutPrecommit,
    Duration timeoutPrecommitDelta,
    Duration timeoutCommit,
    Duration catchUpInterval,
    int maxBlockTxs,
    KeepAliveConfig keepAlive,
    RecvRateConfig recvRate) {

  /** See docs/spec/consensus.md §10 "Block size" and docs/benchmarks.md "Validator network". */
  public static final int DEFAULT_MAX_BLOCK_TXS = 4_000;
  public static final String DEFAULT_P2P_HOST = "127.0.0.1";
  public static final int DEFAULT_P2P_PORT = 26656;

  public NetworkConfig {
    Objects.requireNonNull(p2pHost);
    Objects.requireNonNull(keepAlive);
    Objects.requireNonNull(recvRate);
    persistentPeers = List.copyOf(persistentPeers);
    if (maxBlockTxs < 1) {
      throw new IllegalArgumentException("max_block_txs must be at least 1: " + maxBlockTxs);
    }
    if (p2pPort < 0 || p2pPort > 65535) {
      throw new IllegalArgumentException("p2p port out of range: " + p2pPort);
    }
    for (Duration d : new Duration[] {timeoutPropose, timeoutProposeDelta, timeoutPrevote, timeoutPrevoteDelta,
        timeoutPrecommit, timeoutPrecommitDelta, timeoutCommit}) {
      if (Objects.requireNonNull(d).isNegative()) {
        throw new IllegalArgumentException("consensus timeouts must not be negative");
      }
    }
    if (Objects.requireNonNull(catchUpInterval).isNegative() || catchUpInterval.isZero()) {
      throw new IllegalArgumentException("[consensus] catch_up_interval must be positive, got " + catchUpInterval.toMillis() + "ms");
    }
  }

  /** CometBFT's timeouts: propose 3 s, prevote and precommit 1 s (each +0.5 s per round), commit 1 s. */
  public static NetworkConfig defaults() {
    return new NetworkConfig(DEFAULT_P2P_HOST, DEFAULT_P2P_PORT, List.of(), Duration.ofSeconds(3), Duration.ofMillis(500),
        Duration.ofSeconds(1), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(500), Duration.ofSeconds(1),
        BftConfig.DEFAULT_CATCH_UP_INTERVAL, DEFAULT_MAX_BLOCK_TXS, KeepAliveConfig.DEFAULT, RecvRateConfig.DEFAULT);
  }

  /** Exactly these persistent peers instead of the configured ones (a sentry set-up: see SentryNetworkTest). */
  public NetworkConfig withPeers(List<String> peers) {
    return new NetworkConfig(p2pHost, p2pPort, peers, timeoutPropose, timeoutProposeDelta, timeoutPrevote,
        timeoutPrevoteDelta, timeoutPrecommit, timeoutPrecommitDelta, timeoutCommit,
        catchUpInterval, maxBlockTxs, keepAlive, recvRate);
  }

  /** These peers in addition to the configured ones (duplicates dropped). */
  public NetworkConfig withExtraPeers(List<String> peers) {
    List<String> all = new ArrayList<>(persistentPeers);
    for (String p : peers) {
      if (!all.contains(p)) {
        all.add(p);
      }
    }
    return new NetworkConfig(p2pHost, p2pPort, all, timeoutPropose, timeoutProposeDelta, timeoutPrevote,
        timeoutPrevoteDelta, timeoutPrecommit, timeoutPrecommitDelta, timeoutCommit,
        catchUpInterval, maxBlockTxs, keepAlive, recvRate);
  }

  public NetworkConfig withListen(String host, int port) {
    return new NetworkConfig(host, port, persistentPeers, timeoutPropose, timeoutProposeDelta, timeoutPrevote,
        timeoutPrevoteDelta, timeoutPrecommit, timeoutPrecommitDelta, timeoutCommit,
        catchUpInterval, maxBlockTxs, keepAlive, recvRate);
  }

  /** These settings with the proposer's transaction cap set to {@code max}. */
  public NetworkConfig withMaxBlockTxs(int max) {
    return new NetworkConfig(p2pHost, p2pPort, persistentPeers, timeoutPropose, timeoutProposeDelta, timeoutPrevote,
        timeoutPrevoteDelta, timeoutPrecommit, timeoutPrecommitDelta, timeoutCommit,
        catchUpInterval, max, keepAlive, recvRate);
  }

  /** Same base for the three round steps, a delta of half of it, and {@code commit}: for tests and local nets. */
  public NetworkConfig withTimeouts(Duration propose, Duration vote, Duration commit) {
    return new NetworkConfig(p2pHost, p2pPort, persistentPeers, propose, propose.dividedBy(2), vote, vote.dividedBy(2),
        vote, vote.dividedBy(2), commit, catchUpInterval, maxBlockTxs, keepAlive, recvRate);
  }

  /** These settings with another catch-up interval (docs/spec/consensus.md §10 "Catch-up"). */
  public NetworkConfig withCatchUpInterval(Duration interval) {
    return new NetworkConfig(p2pHost, p2pPort, persistentPeers, timeoutPropose, timeoutProposeDelta, timeoutPrevote,
        timeoutPrevoteDelta, timeoutPrecommit, timeoutPrecommitDelta, timeoutCommit, interval, maxBlockTxs, keepAlive,
        recvRate);
  }

  /**
   * The consensus engine's configuration on a validator network with these settings: the timeouts, the
   * proposer's cap, the catch-up interval; 64 rounds ahead, 2 heights and 10,000 messages buffered
   * (docs/spec/consensus.md §10 "Bounds"), building ahead on.
   */
  public BftConfig bftConfig() {
    return new BftConfig(new TimeoutConfig(timeoutPropose, timeoutProposeDelta, timeoutPrevote, timeoutPrevoteDelta,
        timeoutPrecommit, timeoutPrecommitDelta), timeoutCommit, 64, 2, 10_000)
        .withMaxBlockTxs(maxBlockTxs)
        .withCatchUpInterval(catchUpInterval);
  }

  /** These settings with other keep-alive timings (docs/spec/p2p.md §7.2). */
  public NetworkConfig withKeepAlive(KeepAliveConfig k) {
    return new NetworkConfig(p2pHost, p2pPort, persistentPeers, timeoutPropose, timeoutProposeDelta, timeoutPrevote,
        timeoutPrevoteDelta, timeoutPrecommit, timeoutPrecommitDelta, timeoutCommit,
        catchUpInterval, maxBlockTxs, k, recvRate);
  }

  /** These settings with another inbound rate limit per peer (docs/spec/p2p.md §7.3). */
  public NetworkConfig withRecvRate(RecvRateConfig r) {
    return new NetworkConfig(p2pHost, p2pPort, persistentPeers, timeoutPropose, timeoutProposeDelta, timeoutPrevote,
        timeoutPrevoteDelta, timeoutPrecommit, timeoutPrecommitDelta, timeoutCommit,
        catchUpInterval, maxBlockTxs, keepAlive, r);
  }
}
