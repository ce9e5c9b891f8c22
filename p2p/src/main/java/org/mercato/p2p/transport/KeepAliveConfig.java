package org.mercato.p2p.transport;

import java.time.Duration;
import java.util.Objects;

/**
 * Keep-alive timings (docs/spec/p2p.md §7.2): a connection silent for a whole {@code pingInterval}
 * is sent a Ping, and closed with {@code PING_TIMEOUT} if nothing arrives within {@code pongTimeout}
 * after it.
 */
public record KeepAliveConfig(Duration pingInterval, Duration pongTimeout) {
  /** 10 s and 20 s: a silent validator is dropped 30–40 s after its last frame. */
  public static final KeepAliveConfig DEFAULT = new KeepAliveConfig(Duration.ofSeconds(10), Duration.ofSeconds(20));

  public KeepAliveConfig {
    Objects.requireNonNull(pingInterval);
    Objects.requireNonNull(pongTimeout);
    if (pingInterval.isNegative() || pingInterval.isZero() || pongTimeout.isNegative() || pongTimeout.isZero()) {
      throw new IllegalArgumentException("ping interval and pong timeout must be positive");
    }
  }
}
