package org.mercato.p2p.transport;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.mercato.p2p.crypto.NodeKey;
import org.mercato.p2p.peer.Backoff;
import org.mercato.p2p.peer.PeerAddress;

/**
 * Everything a {@link P2pTransport} needs. {@code listenPort} 0 picks a free port; an empty
 * {@code scheduler} (redials and keep-alive checks) means netty's event loop. {@code stats} is where the
 * connections count Pings and read pauses (docs/spec/p2p.md §7.2, §7.3 "Counters"): pass one in to read it.
 */
public record P2pConfig(
    NodeKey nodeKey,
    long networkId,
    String listenHost,
    int listenPort,
    List<ChannelDescriptor> channels,
    List<PeerAddress> persistentPeers,
    Duration handshakeTimeout,
    Duration banDuration,
    Backoff backoff,
    int maxPeers,
    int ioThreads,
    Clock clock,
    SecureRandom random,
    Optional<Scheduler> scheduler,
    KeepAliveConfig keepAlive,
    RecvRateConfig recvRate,
    TransportStats stats) {

  public P2pConfig {
    Objects.requireNonNull(nodeKey);
    Objects.requireNonNull(listenHost);
    channels = List.copyOf(channels);
    persistentPeers = List.copyOf(persistentPeers);
    Objects.requireNonNull(handshakeTimeout);
    Objects.requireNonNull(banDuration);
    Objects.requireNonNull(backoff);
    Objects.requireNonNull(clock);
    Objects.requireNonNull(random);
    Objects.requireNonNull(scheduler);
    Objects.requireNonNull(keepAlive);
    Objects.requireNonNull(recvRate);
    Objects.requireNonNull(stats);
    if (channels.isEmpty()) {
      throw new IllegalArgumentException("at least one channel");
    }
    if (channels.stream().map(ChannelDescriptor::id).distinct().count() != channels.size()) {
      throw new IllegalArgumentException("duplicate channel id");
    }
    if (maxPeers < 1 || ioThreads < 1) {
      throw new IllegalArgumentException("maxPeers and ioThreads must be positive");
    }
  }

  /**
   * Defaults of docs/spec/p2p.md: 10 s handshake, 10 min bans, 500 ms..60 s backoff, 50 peers, keep-alive
   * 10 s / 20 s (§7.2), inbound 16 MiB/s per connection (§7.3).
   */
  public static P2pConfig defaults(NodeKey key, long networkId, String host, int port, List<ChannelDescriptor> channels) {
    return new P2pConfig(key, networkId, host, port, channels, List.of(), Duration.ofSeconds(10),
        Duration.ofMinutes(10), Backoff.DEFAULT, 50, 2, Clock.systemUTC(), new SecureRandom(), Optional.empty(),
        KeepAliveConfig.DEFAULT, RecvRateConfig.DEFAULT, new TransportStats());
  }

  public P2pConfig withPersistentPeers(List<PeerAddress> peers) {
    return new P2pConfig(nodeKey, networkId, listenHost, listenPort, channels, peers, handshakeTimeout,
        banDuration, backoff, maxPeers, ioThreads, clock, random, scheduler, keepAlive, recvRate, stats);
  }

  public P2pConfig withListenPort(int port) {
    return new P2pConfig(nodeKey, networkId, listenHost, port, channels, persistentPeers, handshakeTimeout,
        banDuration, backoff, maxPeers, ioThreads, clock, random, scheduler, keepAlive, recvRate, stats);
  }

  public P2pConfig withTimings(Duration handshakeTimeout, Duration banDuration, Backoff backoff, Clock clock) {
    return new P2pConfig(nodeKey, networkId, listenHost, listenPort, channels, persistentPeers, handshakeTimeout,
        banDuration, backoff, maxPeers, ioThreads, clock, random, scheduler, keepAlive, recvRate, stats);
  }

  public P2pConfig withScheduler(Scheduler s) {
    return new P2pConfig(nodeKey, networkId, listenHost, listenPort, channels, persistentPeers, handshakeTimeout,
        banDuration, backoff, maxPeers, ioThreads, clock, random, Optional.of(s), keepAlive, recvRate, stats);
  }

  public P2pConfig withMaxPeers(int max) {
    return new P2pConfig(nodeKey, networkId, listenHost, listenPort, channels, persistentPeers, handshakeTimeout,
        banDuration, backoff, max, ioThreads, clock, random, scheduler, keepAlive, recvRate, stats);
  }

  /** Keep-alive timings (docs/spec/p2p.md §7.2). */
  public P2pConfig withKeepAlive(KeepAliveConfig k) {
    return new P2pConfig(nodeKey, networkId, listenHost, listenPort, channels, persistentPeers, handshakeTimeout,
        banDuration, backoff, maxPeers, ioThreads, clock, random, scheduler, k, recvRate, stats);
  }

  /** The inbound rate limit per connection (docs/spec/p2p.md §7.3). */
  public P2pConfig withRecvRate(RecvRateConfig r) {
    return new P2pConfig(nodeKey, networkId, listenHost, listenPort, channels, persistentPeers, handshakeTimeout,
        banDuration, backoff, maxPeers, ioThreads, clock, random, scheduler, keepAlive, r, stats);
  }

  /** The counters the connections add to (docs/spec/p2p.md §7.2, §7.3 "Counters"); the caller keeps it to read them. */
  public P2pConfig withStats(TransportStats s) {
    return new P2pConfig(nodeKey, networkId, listenHost, listenPort, channels, persistentPeers, handshakeTimeout,
        banDuration, backoff, maxPeers, ioThreads, clock, random, scheduler, keepAlive, recvRate, s);
  }
}
