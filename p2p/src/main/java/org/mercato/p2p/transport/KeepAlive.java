package org.mercato.p2p.transport;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import org.mercato.p2p.peer.DisconnectReason;
import org.mercato.p2p.wire.Control;

/**
 * One connection's keep-alive (docs/spec/p2p.md §7.2): every {@code pingInterval} it looks whether any
 * frame arrived; after a silent interval it sends a Ping (unless one is still unanswered) and, if the
 * next {@code pongTimeout} is silent too, closes with {@code PING_TIMEOUT}. It also answers the
 * peer's Pings and checks its Pongs.
 *
 * <p>All state is confined to the connection's event loop: the injected {@link Scheduler} only wakes
 * the check, which then runs on that loop. So a loop stalled by a slow listener delays its own check
 * instead of blaming the peer for frames it has not read yet. Timeouts read no clock: a wall-clock step
 * can neither fire nor suppress one. The injected {@link Clock} only times a Ping's round trip for
 * {@link TransportStats} (§7.2 "Counters").
 */
final class KeepAlive {
  private final PeerConnection peer;
  private final Scheduler scheduler;
  private final KeepAliveConfig config;
  private final Clock clock;
  private final TransportStats stats;
  private long frames;
  private long framesAtCheck;
  private boolean awaitingLife;
  /** The nonce of our unanswered Ping, 0 if none (nonces start at 1). */
  private long unanswered;
  private long lastNonce;
  /** When our unanswered Ping was queued, on {@link #clock}. */
  private long pingQueuedMillis;
  private long pongsReceived;

  KeepAlive(PeerConnection peer, Scheduler scheduler, KeepAliveConfig config, Clock clock, TransportStats stats) {
    this.peer = peer;
    this.scheduler = scheduler;
    this.config = config;
    this.clock = clock;
    this.stats = stats;
  }

  /** Arms the first check; called once the connection is admitted. */
  void start() {
    arm(config.pingInterval());
  }

  /** Any authenticated inbound frame: the peer is alive (§7.2 "Liveness"). Event loop only. */
  void frameReceived() {
    frames++;
  }

  /** A well-formed control message from the peer (§7.2 "Answering"). Event loop only. */
  void controlReceived(Control message) {
    switch (message.type()) {
      case PING -> {
        if (!peer.queuePong(message.nonce())) {
          peer.close(DisconnectReason.KEEPALIVE_VIOLATION); // a second Ping before our Pong left: a flood
        }
      }
      case PONG -> {
        if (unanswered == 0 || message.nonce() != unanswered) {
          peer.close(DisconnectReason.KEEPALIVE_VIOLATION);
        } else {
          unanswered = 0;
          pongsReceived++;
          stats.pongReceived(roundTripMillis());
        }
      }
    }
  }

  /** Pongs that answered our Pings so far. Event loop only (tests read it through the loop). */
  long pongsReceived() {
    return pongsReceived;
  }

  /** Since our Ping was queued, bounded so a clock step distorts one sample by at most pongTimeout. */
  private long roundTripMillis() {
    long elapsed = clock.millis() - pingQueuedMillis;
    return Math.max(0, Math.min(elapsed, config.pongTimeout().toMillis()));
  }

  private void check() {
    if (!peer.isOpen()) {
      return;
    }
    boolean heard = frames != framesAtCheck;
    framesAtCheck = frames;
    if (heard) {
      awaitingLife = false;
      arm(config.pingInterval());
      return;
    }
    if (awaitingLife) {
      peer.close(DisconnectReason.PING_TIMEOUT);
      return;
    }
    if (unanswered == 0) {
      unanswered = ++lastNonce;
      pingQueuedMillis = clock.millis();
      peer.queuePing(unanswered);
      stats.pingSent();
    }
    awaitingLife = true;
    arm(config.pongTimeout());
  }

  private void arm(Duration delay) {
    try {
      scheduler.schedule(() -> {
        try {
          peer.channel().eventLoop().execute(this::check);
        } catch (RejectedExecutionException e) {
          // the transport is shutting down
        }
      }, delay);
    } catch (RejectedExecutionException e) {
      // the transport is shutting down
    }
  }
}
