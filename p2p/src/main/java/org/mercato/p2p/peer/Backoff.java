package org.mercato.p2p.peer;

import java.time.Duration;

/** Redial delays: {@code min(max, base · 2^attempt)} (docs/spec/p2p.md §7). */
public record Backoff(Duration base, Duration max) {
  public static final Backoff DEFAULT = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(60));

  public Backoff {
    if (base.isNegative() || base.isZero() || max.compareTo(base) < 0) {
      throw new IllegalArgumentException("need 0 < base <= max");
    }
  }

  /** The wait before attempt number {@code attempt} (0 for the first retry). */
  public Duration delay(int attempt) {
    if (attempt >= 62) {
      return max;
    }
    long millis = base.toMillis();
    long factor = 1L << Math.max(0, attempt);
    if (millis > max.toMillis() / factor) {
      return max;
    }
    return Duration.ofMillis(millis * factor);
  }
}
