package org.mercato.p2p.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mercato.p2p.transport.TestNet.BLOCKSYNC;
import static org.mercato.p2p.transport.TestNet.RANDOM;
import static org.mercato.p2p.transport.TestNet.await;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mercato.p2p.crypto.NodeKey;
import org.mercato.p2p.peer.Backoff;
import org.mercato.p2p.peer.Peer;
import org.mercato.p2p.peer.SendResult;
import org.mercato.p2p.transport.TestNet.Recorder;

/** The inbound rate limit over real loopback sockets, on a scripted clock (docs/spec/p2p.md §7.3). */
class RecvRateLimitTest {
  private static final long RATE = 1L << 20; // 1 MiB/s
  private static final long BURST = 256L << 10;
  /** netty reads at most this much per socket read: the most a read can overshoot an empty bucket. */
  private static final long READ_CHUNK = 64L << 10;
  private final List<P2pTransport> hosts = new ArrayList<>();

  /** A clock the test moves; read by the event loop, moved by the test thread. */
  static final class ScriptedClock extends Clock {
    volatile Instant now = Instant.parse("2026-01-01T00:00:00Z");

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  @AfterEach
  void closeHosts() {
    hosts.forEach(P2pTransport::close);
  }

  private P2pTransport start(P2pConfig config, Recorder r) throws InterruptedException {
    P2pTransport t = P2pTransport.start(config, r);
    hosts.add(t);
    return t;
  }

  /** b reads at 1 MiB/s with a 256 KiB bucket on scripted time; a sends as fast as loopback goes. */
  private record Pair(P2pTransport a, P2pTransport b, Recorder rb, Peer toB, PeerConnection atB,
      ScriptedClock clock, ManualScheduler scheduler) {}

  private Pair pair() throws Exception {
    ScriptedClock clock = new ScriptedClock();
    ManualScheduler scheduler = new ManualScheduler();
    Recorder rb = new Recorder();
    P2pTransport b = start(TestNet.config(NodeKey.random(RANDOM))
        .withTimings(Duration.ofSeconds(5), Duration.ofMinutes(10), new Backoff(Duration.ofMillis(50), Duration.ofMillis(400)), clock)
        .withScheduler(scheduler)
        .withRecvRate(new RecvRateConfig(RATE, BURST)), rb);
    P2pTransport a = start(TestNet.config(NodeKey.random(RANDOM)), new Recorder());
    Peer toB = a.dial(b.selfAddress()).get(10, TimeUnit.SECONDS);
    await("b admitted a", () -> b.peers().size() == 1 && rb.connected.size() == 1); // the pipeline is complete
    return new Pair(a, b, rb, toB, (PeerConnection) b.peers().get(0), clock, scheduler);
  }

  private static <T> T onLoop(PeerConnection pc, Callable<T> c) throws Exception {
    return pc.channel().eventLoop().submit(c).get(10, TimeUnit.SECONDS);
  }

  private static RecvRateLimiter limiter(PeerConnection pc) {
    return pc.channel().pipeline().get(RecvRateLimiter.class);
  }

  private static byte[] payload(int i, int size) {
    byte[] p = new byte[size];
    new java.util.Random(i).nextBytes(p);
    return p;
  }

  @Test
  void aPeerSendingFasterThanTheLimitIsReadNoFasterAndEveryMessageArrivesIntact() throws Exception {
    Pair p = pair();
    RecvRateLimiter limiter = limiter(p.atB());
    int n = 32;
    int size = 64 * 1024;
    for (int i = 0; i < n; i++) {
      assertEquals(SendResult.QUEUED, p.toB().send(BLOCKSYNC, payload(i, size)));
    }
    // 2 MiB at once: the bucket runs dry and b stops reading.
    await("throttled", () -> call(() -> onLoop(p.atB(), limiter::throttled)));
    assertTrue(!p.atB().channel().config().isAutoRead(), "reading is off");
    assertTrue(call(() -> onLoop(p.atB(), limiter::bytesRead)) <= BURST + READ_CHUNK);

    long elapsedMillis = 0;
    Duration step = Duration.ofMillis(100);
    for (int steps = 0; p.rb().on(BLOCKSYNC).size() < n; steps++) {
      assertTrue(steps < 1_000, "all messages arrive on scripted time");
      p.clock().now = p.clock().now.plus(step);
      p.scheduler().advance(step);
      elapsedMillis += step.toMillis();
      // Let the resumed reads run until the bucket is dry again or everything is in.
      await("reads settle", () -> call(() -> onLoop(p.atB(), limiter::throttled)) || p.rb().on(BLOCKSYNC).size() == n);
      long read = call(() -> onLoop(p.atB(), limiter::bytesRead));
      long allowed = BURST + RATE * elapsedMillis / 1000 + READ_CHUNK;
      assertTrue(read <= allowed, read + " bytes read after " + elapsedMillis + " ms, at most " + allowed + " allowed");
    }
    long throttles = call(() -> onLoop(p.atB(), limiter::throttles));
    long resumes = call(() -> onLoop(p.atB(), limiter::resumes));
    assertTrue(throttles >= 2 && resumes >= throttles - 1, throttles + " throttles, " + resumes + " resumes");
    // The transport's counters saw the same pauses, each from its throttle to its resume on the scripted clock
    // (whole 100 ms steps, at least one each, never overlapping).
    TransportStats stats = p.b().stats();
    long[] seen = call(() -> onLoop(p.atB(), () -> new long[] {
        limiter.throttles(), stats.recvThrottles(), limiter.resumes(), stats.recvThrottledMillis()}));
    assertEquals(seen[0], seen[1], "every throttle counted");
    long paused = seen[3];
    assertTrue(paused % 100 == 0 && paused >= 100 * seen[2] && paused <= elapsedMillis,
        paused + " ms paused over " + seen[2] + " resumes in " + elapsedMillis + " ms");
    assertTrue(elapsedMillis >= 1_000 * (n * (long) size - BURST - READ_CHUNK) / RATE,
        "2 MiB took at least (2 MiB - bucket) / rate of scripted time: " + elapsedMillis + " ms");

    List<TestNet.Message> got = p.rb().on(BLOCKSYNC);
    for (int i = 0; i < n; i++) {
      assertArrayEquals(payload(i, size), got.get(i).payload(), "message " + i + " intact and in order");
    }
    assertTrue(p.toB().isOpen() && p.atB().isOpen(), "throttling closes nothing");
    await("reading is back on", () -> p.atB().channel().config().isAutoRead() || call(() -> onLoop(p.atB(), limiter::throttled)));
  }

  @Test
  void aBurstWithinTheBucketIsNotSlowed() throws Exception {
    Pair p = pair();
    RecvRateLimiter limiter = limiter(p.atB());
    int n = 3;
    for (int i = 0; i < n; i++) {
      p.toB().send(BLOCKSYNC, payload(i, 64 * 1024)); // 192 KiB and framing: inside the 256 KiB bucket
    }
    await("all in, without any time passing", () -> p.rb().on(BLOCKSYNC).size() == n);
    assertEquals(0L, call(() -> onLoop(p.atB(), limiter::throttles)));
    assertEquals(0, p.b().stats().recvThrottles());
    assertEquals(0, p.b().stats().recvThrottledMillis());
    assertTrue(p.atB().channel().config().isAutoRead());
    for (int i = 0; i < n; i++) {
      assertArrayEquals(payload(i, 64 * 1024), p.rb().on(BLOCKSYNC).get(i).payload());
    }
  }

  @Test
  void theBucketRefillsOnTheInjectedClockAndClockStepsNeitherFreezeNorFloodIt() {
    ScriptedClock clock = new ScriptedClock();
    ManualScheduler scheduler = new ManualScheduler();
    TransportStats stats = new TransportStats();
    RecvRateLimiter limiter = new RecvRateLimiter(new RecvRateConfig(1_000, 1_000), clock, scheduler, stats);
    io.netty.channel.embedded.EmbeddedChannel ch = new io.netty.channel.embedded.EmbeddedChannel(limiter);
    ch.writeInbound(io.netty.buffer.Unpooled.wrappedBuffer(new byte[1_000])); // the whole bucket
    assertTrue(limiter.throttled() && !ch.config().isAutoRead());

    clock.now = clock.now.minusSeconds(3_600); // the wall clock steps back an hour
    scheduler.advance(Duration.ofSeconds(1));
    ch.runPendingTasks();
    assertTrue(limiter.throttled(), "a clock going back adds nothing");

    clock.now = clock.now.plusSeconds(3_601); // and forward again, then one second more
    scheduler.advance(Duration.ofSeconds(1));
    ch.runPendingTasks();
    assertTrue(!limiter.throttled() && ch.config().isAutoRead(), "one second refilled the bucket: reading again");
    assertEquals(1, limiter.resumes());
    assertEquals(1, stats.recvThrottles());
    assertEquals(1_000, stats.recvThrottledMillis(), "paused from the throttle to the resume a second later");

    ch.writeInbound(io.netty.buffer.Unpooled.wrappedBuffer(new byte[1_000]));
    assertTrue(limiter.throttled(), "the jump forward filled the bucket, no more");
    assertEquals(2, limiter.throttles());
    assertEquals(2, stats.recvThrottles());
    assertEquals(1_000, stats.recvThrottledMillis(), "a pause counts its time when it ends");
    assertEquals(2_000, limiter.bytesRead());
    ch.finishAndReleaseAll();
  }

  @Test
  void settingsAreChecked() {
    assertThrows(IllegalArgumentException.class, () -> new RecvRateConfig(0, 1));
    assertThrows(IllegalArgumentException.class, () -> new RecvRateConfig(1, 0));
    assertThrows(IllegalArgumentException.class, () -> RecvRateConfig.perSecond(RecvRateConfig.MAX + 1));
    assertEquals(new RecvRateConfig(16L << 20, 16L << 20), RecvRateConfig.DEFAULT);
  }

  private static <T> T call(Callable<T> c) {
    try {
      return c.call();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
