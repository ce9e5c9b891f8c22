package org.mercato.p2p.transport;

import java.util.concurrent.atomic.LongAdder;
import org.mercato.p2p.peer.DisconnectStats;

/**
 * What the connections of a transport did since start, for an operator's metrics: how many closed, by
 * reason (docs/spec/p2p.md §6; every admitted peer's close and every failed connection, counted where the
 * transport tells its listener), keep-alive Pings and
 * the round trips of their Pongs (docs/spec/p2p.md §7.2 "Counters") and the read pauses of the inbound
 * rate limit (§7.3 "Counters"). Counters only grow. Thread-safe: every connection's event loop adds to
 * them (one increment per Ping, Pong or pause, nothing per read), a metrics scrape reads them.
 */
public final class TransportStats {
  private final LongAdder pingsSent = new LongAdder();
  private final LongAdder pongsReceived = new LongAdder();
  private final LongAdder pingRoundTripMillis = new LongAdder();
  private final LongAdder recvThrottles = new LongAdder();
  private final LongAdder recvThrottledMillis = new LongAdder();
  private final DisconnectStats disconnects = new DisconnectStats();

  /** Closed connections by reason. */
  public DisconnectStats disconnects() {
    return disconnects;
  }

  /** A Ping of ours was queued. */
  public void pingSent() {
    pingsSent.increment();
  }

  /** The Pong to our unanswered Ping arrived, {@code roundTripMillis} after the Ping was queued. */
  public void pongReceived(long roundTripMillis) {
    if (roundTripMillis < 0) {
      throw new IllegalArgumentException("negative round trip: " + roundTripMillis);
    }
    pingRoundTripMillis.add(roundTripMillis); // before the count: a reader that sees the count sees the sum
    pongsReceived.increment();
  }

  /** A connection stopped reading: its bucket ran dry. */
  public void recvThrottled() {
    recvThrottles.increment();
  }

  /** A connection read again after a pause of {@code pausedMillis}. */
  public void recvResumed(long pausedMillis) {
    if (pausedMillis < 0) {
      throw new IllegalArgumentException("negative pause: " + pausedMillis);
    }
    recvThrottledMillis.add(pausedMillis);
  }

  public long pingsSent() {
    return pingsSent.sum();
  }

  public long pongsReceived() {
    return pongsReceived.sum();
  }

  /** The round trips of {@link #pongsReceived()}, summed. */
  public long pingRoundTripMillis() {
    return pingRoundTripMillis.sum();
  }

  public long recvThrottles() {
    return recvThrottles.sum();
  }

  /** Reading paused, summed over the pauses that ended (resumed) so far. */
  public long recvThrottledMillis() {
    return recvThrottledMillis.sum();
  }
}
