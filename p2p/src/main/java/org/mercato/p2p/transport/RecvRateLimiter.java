package org.mercato.p2p.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;

/**
 * Reads one connection's socket through a token bucket (docs/spec/p2p.md §7.3). Every read takes its
 * size from the bucket; when the bucket is empty the connection stops reading ({@code autoRead} off,
 * and the decoders' read requests are held back here) until the bucket, refilled on the injected
 * {@link Clock}, holds {@link #RESUME_AT} bytes again, a moment the injected {@link Scheduler} wakes us
 * for. The sender meets TCP back-pressure; nothing read is dropped. Sits before the frame decoder.
 *
 * <p>State is confined to the connection's event loop. Tokens are kept in milli-bytes so a refill
 * loses no fraction of a byte however often it runs. Each pause is counted in {@link TransportStats}
 * with its length, on the same clock reading as the refill (§7.3 "Counters").
 */
final class RecvRateLimiter extends ChannelDuplexHandler {
  /** Reading resumes when the bucket holds this much (or all of a smaller bucket). */
  static final long RESUME_AT = 64 * 1024;

  private final RecvRateConfig config;
  private final Clock clock;
  private final Scheduler scheduler;
  private final TransportStats stats;
  private final long capacityMilli;
  private long tokensMilli;
  private long lastRefill;
  private boolean throttled;
  /** When reading stopped, on {@link #clock}. */
  private long throttledAt;
  private boolean readHeld;
  private long bytesRead;
  private long throttles;
  private long resumes;

  RecvRateLimiter(RecvRateConfig config, Clock clock, Scheduler scheduler, TransportStats stats) {
    this.config = config;
    this.clock = clock;
    this.scheduler = scheduler;
    this.stats = stats;
    this.capacityMilli = config.burst() * 1000;
    this.tokensMilli = capacityMilli;
    this.lastRefill = clock.millis();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof ByteBuf buf) {
      int n = buf.readableBytes();
      bytesRead += n;
      refill();
      tokensMilli -= n * 1000L;
      if (tokensMilli <= 0 && !throttled) {
        throttled = true;
        throttles++;
        throttledAt = lastRefill; // refill() just read the clock
        stats.recvThrottled();
        ctx.channel().config().setAutoRead(false);
        scheduleResume(ctx);
      }
    }
    ctx.fireChannelRead(msg);
  }

  /** A decoder wanting more bytes (it does so when autoRead is off) waits while we are throttled. */
  @Override
  public void read(ChannelHandlerContext ctx) {
    if (throttled) {
      readHeld = true;
      return;
    }
    ctx.read();
  }

  private void refill() {
    long now = clock.millis();
    long elapsed = now - lastRefill;
    lastRefill = now;
    if (elapsed <= 0) {
      return; // a clock that went back adds nothing
    }
    long room = capacityMilli - tokensMilli;
    // elapsed ms · bytes/s = milli-bytes; a jump forward at most fills the bucket
    tokensMilli = elapsed >= room / config.bytesPerSecond() + 1 ? capacityMilli
        : tokensMilli + elapsed * config.bytesPerSecond();
  }

  private long resumeAtMilli() {
    return Math.min(config.burst(), RESUME_AT) * 1000;
  }

  private void scheduleResume(ChannelHandlerContext ctx) {
    long missing = resumeAtMilli() - tokensMilli;
    long delayMillis = Math.max(1, (missing + config.bytesPerSecond() - 1) / config.bytesPerSecond());
    try {
      scheduler.schedule(() -> {
        try {
          ctx.executor().execute(() -> resume(ctx));
        } catch (RejectedExecutionException e) {
          // the transport is shutting down
        }
      }, Duration.ofMillis(delayMillis));
    } catch (RejectedExecutionException e) {
      // the transport is shutting down
    }
  }

  private void resume(ChannelHandlerContext ctx) {
    if (!throttled || !ctx.channel().isActive()) {
      return;
    }
    refill();
    if (tokensMilli < resumeAtMilli()) {
      scheduleResume(ctx); // woken early (a coarse scheduler): wait for the rest
      return;
    }
    throttled = false;
    resumes++;
    stats.recvResumed(Math.max(0, lastRefill - throttledAt)); // refill() just read the clock; it may have gone back
    ctx.channel().config().setAutoRead(true); // netty asks for a read itself
    if (readHeld) {
      readHeld = false;
      ctx.read();
    }
  }

  /** Bytes read from the socket since admission. Event loop only. */
  long bytesRead() {
    return bytesRead;
  }

  /** How often reading was switched off, and back on. Event loop only. */
  long throttles() {
    return throttles;
  }

  long resumes() {
    return resumes;
  }

  boolean throttled() {
    return throttled;
  }
}
