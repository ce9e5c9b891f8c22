package org.mercato.p2p.transport;

/**
 * The inbound rate limit of each connection (docs/spec/p2p.md §7.3): a token bucket of {@code burst}
 * bytes refilled at {@code bytesPerSecond}.
 */
public record RecvRateConfig(long bytesPerSecond, long burst) {
  /**
   * 16 MiB/s with a 16 MiB bucket: about ten times what a validator of a 4-node network at 5,000
   * transfers/s with 480 KiB proposals receives from one peer, so honest traffic is never slowed.
   */
  public static final RecvRateConfig DEFAULT = new RecvRateConfig(16L << 20, 16L << 20);

  /** Larger values would overflow the limiter's milli-byte arithmetic; no link is that fast. */
  static final long MAX = 1L << 40;

  public RecvRateConfig {
    if (bytesPerSecond < 1 || burst < 1 || bytesPerSecond > MAX || burst > MAX) {
      throw new IllegalArgumentException("recv rate and burst must be in 1.." + MAX + " bytes");
    }
  }

  /** {@code bytesPerSecond} with a bucket of one second's worth. */
  public static RecvRateConfig perSecond(long bytesPerSecond) {
    return new RecvRateConfig(bytesPerSecond, bytesPerSecond);
  }
}
