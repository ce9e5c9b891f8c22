package org.mercato.p2p.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mercato.p2p.transport.TestNet.CONSENSUS;
import static org.mercato.p2p.transport.TestNet.RANDOM;
import static org.mercato.p2p.transport.TestNet.await;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mercato.p2p.crypto.NodeKey;
import org.mercato.p2p.peer.Backoff;
import org.mercato.p2p.peer.DisconnectReason;
import org.mercato.p2p.peer.Peer;
import org.mercato.p2p.transport.TestNet.RawClient;
import org.mercato.p2p.transport.TestNet.Recorder;
import org.mercato.p2p.wire.Control;
import org.mercato.p2p.wire.Envelope;

/** Keep-alive over real loopback sockets (docs/spec/p2p.md §7.2). */
class KeepAliveTest {
  private static final Duration PING = Duration.ofSeconds(10);
  private static final Duration PONG = Duration.ofSeconds(20);
  private static final Duration MS = Duration.ofMillis(1);
  private final List<P2pTransport> hosts = new ArrayList<>();

  @AfterEach
  void closeHosts() {
    hosts.forEach(P2pTransport::close);
  }

  private P2pTransport start(P2pConfig config, Recorder recorder) throws InterruptedException {
    P2pTransport t = P2pTransport.start(config, recorder);
    hosts.add(t);
    return t;
  }

  /** A host on virtual time: its keep-alive checks (and redials) run only when the test advances {@code s}. */
  private P2pTransport startManual(ManualScheduler s, Recorder recorder) throws InterruptedException {
    return start(TestNet.config(NodeKey.random(RANDOM)).withScheduler(s).withKeepAlive(new KeepAliveConfig(PING, PONG)),
        recorder);
  }

  /** Advances virtual time, then waits until the connection's event loop has run what that woke. */
  private static void step(ManualScheduler s, PeerConnection pc, Duration d) throws Exception {
    s.advance(d);
    pc.channel().eventLoop().submit(() -> {}).get(10, TimeUnit.SECONDS);
  }

  /** The host's one peer, once fully admitted (its listener heard of it after the keep-alive started). */
  private static PeerConnection only(P2pTransport t, Recorder r) {
    await("one peer", () -> t.peers().size() == 1 && r.connected.size() == 1);
    return (PeerConnection) t.peers().get(0);
  }

  private static Control readControl(RawClient raw) throws IOException {
    Envelope env = Envelope.read(raw.readPlaintext()).value();
    assertEquals(Control.CHANNEL, env.channelId());
    return Control.read(env.payload()).value();
  }

  private static void sendControl(RawClient raw, Control c) throws IOException {
    raw.send(raw.sealer.seal(c.envelope()));
  }

  @Test
  void aSilentPeerIsPingedAfterOneQuietIntervalAndClosedExactlyAtThePongTimeoutNotBanned() throws Exception {
    ManualScheduler s = new ManualScheduler();
    Recorder rb = new Recorder();
    P2pTransport b = startManual(s, rb);
    NodeKey k = NodeKey.random(RANDOM);
    try (RawClient raw = new RawClient(b.localAddress())) {
      raw.handshake(k, k);
      PeerConnection pc = only(b, rb);

      // Any frame is a sign of life: a message in the first interval means no Ping at its end.
      raw.send(raw.sealer.seal(new Envelope(CONSENSUS, new byte[] {1}).write()));
      await("message", () -> rb.messages.size() == 1);
      step(s, pc, PING);
      sendControl(raw, Control.ping(77)); // a probe: had the host queued a Ping, it would come first
      assertEquals(Control.pong(77), readControl(raw));

      // Our probe was a frame too; the next interval is silent, so the host asks.
      step(s, pc, PING);
      step(s, pc, PING);
      assertEquals(Control.ping(1), readControl(raw));

      // We never answer, but a message within the pong timeout proves life: no close.
      raw.send(raw.sealer.seal(new Envelope(CONSENSUS, new byte[] {2}).write()));
      await("second message", () -> rb.messages.size() == 2);
      step(s, pc, PONG);
      assertTrue(pc.isOpen());

      // Silent again: Ping 1 is still unanswered, so no second Ping, and the close comes exactly at
      // pongTimeout after the quiet interval.
      step(s, pc, PING);
      step(s, pc, PONG.minus(MS));
      assertTrue(pc.isOpen(), "not before the timeout");
      step(s, pc, MS);
      await("closed", () -> rb.disconnectedWith(DisconnectReason.PING_TIMEOUT));
      assertTrue(raw.closedByRemote());
      assertEquals(2, rb.messages.size(), "control frames never reach the listener");
    }
    assertEquals(List.of(new TestNet.Disconnect(k.id(), DisconnectReason.PING_TIMEOUT)), rb.disconnects);
    assertFalse(b.isBanned(k.id()), "silence is not misbehaviour");
  }

  @Test
  void anIdleHealthyConnectionStaysUpAcrossManyIntervals() throws Exception {
    ManualScheduler sa = new ManualScheduler();
    ManualScheduler sb = new ManualScheduler(); // never advanced: b answers Pings without running checks
    Recorder ra = new Recorder();
    Recorder rb = new Recorder();
    P2pTransport a = startManual(sa, ra);
    P2pTransport b = startManual(sb, rb);
    a.dial(b.selfAddress()).get(10, TimeUnit.SECONDS);
    PeerConnection atA = only(a, ra);
    PeerConnection atB = only(b, rb);

    int rounds = 6;
    for (int round = 1; round <= rounds; round++) {
      step(sa, atA, PING); // a heard nothing for an interval: it pings
      long expected = round;
      await("pong " + round, () -> pongs(atA) == expected);
      step(sa, atA, PONG); // the pong counted as life
      assertTrue(atA.isOpen() && atB.isOpen(), "round " + round);
    }
    assertEquals(rounds, a.stats().pingsSent(), "a pinged once per silent interval");
    assertEquals(rounds, a.stats().pongsReceived(), "and heard every answer");
    assertEquals(0, b.stats().pingsSent(), "b answers, but never ran a check");
    assertEquals(0, b.stats().pongsReceived());
    assertTrue(ra.disconnects.isEmpty() && rb.disconnects.isEmpty());
    assertTrue(ra.messages.isEmpty() && rb.messages.isEmpty(), "keep-alive is invisible to channel owners");

    // The connection still carries messages.
    atA.send(CONSENSUS, new byte[] {9});
    await("message", () -> rb.on(CONSENSUS).size() == 1);
  }

  @Test
  void pingsAndTheirRoundTripsAreCountedOnTheInjectedClock() throws Exception {
    ManualScheduler s = new ManualScheduler();
    RecvRateLimitTest.ScriptedClock clock = new RecvRateLimitTest.ScriptedClock();
    Recorder rb = new Recorder();
    P2pTransport b = start(TestNet.config(NodeKey.random(RANDOM)).withScheduler(s)
        .withKeepAlive(new KeepAliveConfig(PING, PONG))
        .withTimings(Duration.ofSeconds(5), Duration.ofMinutes(10), Backoff.DEFAULT, clock), rb);
    TransportStats stats = b.stats();
    NodeKey k = NodeKey.random(RANDOM);
    try (RawClient raw = new RawClient(b.localAddress())) {
      raw.handshake(k, k);
      PeerConnection pc = only(b, rb);
      step(s, pc, PING);
      assertEquals(Control.ping(1), readControl(raw));
      assertEquals(1, stats.pingsSent());
      assertEquals(0, stats.pongsReceived());
      clock.now = clock.now.plusMillis(150);
      sendControl(raw, Control.pong(1));
      await("pong 1", () -> stats.pongsReceived() == 1);
      assertEquals(150, stats.pingRoundTripMillis(), "from queueing the ping to reading its pong");

      step(s, pc, PONG); // the pong was a sign of life
      step(s, pc, PING); // then a silent interval: ping 2
      assertEquals(Control.ping(2), readControl(raw));
      clock.now = clock.now.minusSeconds(3_600); // the wall clock steps back during the round trip
      sendControl(raw, Control.pong(2));
      await("pong 2", () -> stats.pongsReceived() == 2);
      assertEquals(150, stats.pingRoundTripMillis(), "a clock going back adds nothing");

      step(s, pc, PONG);
      step(s, pc, PING);
      assertEquals(Control.ping(3), readControl(raw));
      clock.now = clock.now.plusSeconds(7_200); // and jumps forward
      sendControl(raw, Control.pong(3));
      await("pong 3", () -> stats.pongsReceived() == 3);
      assertEquals(150 + PONG.toMillis(), stats.pingRoundTripMillis(), "a jump forward adds at most the pong timeout");
      assertEquals(3, stats.pingsSent());
      assertTrue(pc.isOpen(), "the clock never closes a connection");
    }
    assertEquals(0, stats.recvThrottles());
  }

  private static long pongs(PeerConnection pc) {
    try {
      return pc.channel().eventLoop().submit(() -> pc.keepAlive().pongsReceived()).get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void aPeerThatStopsReadingIsClosedWithPingTimeoutAndRedialledWhenItRecovers() throws Exception {
    // Real time on netty's scheduler, the production path, with short timings for a; b never pings.
    Recorder ra = new Recorder();
    Recorder rb = new Recorder();
    P2pTransport b = start(TestNet.config(NodeKey.random(RANDOM))
        .withKeepAlive(new KeepAliveConfig(Duration.ofHours(1), Duration.ofHours(1))), rb);
    P2pTransport a = start(TestNet.config(NodeKey.random(RANDOM))
        .withKeepAlive(new KeepAliveConfig(Duration.ofMillis(100), Duration.ofMillis(300)))
        .withPersistentPeers(List.of(b.selfAddress())), ra);
    await("connected", () -> ra.connected.size() == 1 && rb.connected.size() == 1);
    PeerConnection stale = only(b, rb);

    stale.channel().config().setAutoRead(false); // b hangs: it reads nothing, so it answers nothing
    await("a gives up on b", () -> ra.disconnectedWith(DisconnectReason.PING_TIMEOUT));
    assertFalse(a.isBanned(b.nodeId()));
    assertTrue(stale.isOpen(), "b has not noticed anything");

    // a redials at once; b still holds the stale session, so it refuses the new one as a duplicate
    // (§7.2 "Half-open sessions").
    await("a redial meets the stale session", () -> rb.failedWith(DisconnectReason.DUPLICATE_PEER));
    assertTrue(stale.isOpen());

    stale.channel().config().setAutoRead(true); // b resumes, reads the close, drops its stale half
    await("b drops the stale session", () -> !stale.isOpen() && rb.disconnects.size() == 1);
    await("a is back", () -> a.peer(b.nodeId()).map(Peer::isOpen).orElse(false)
        && b.peer(a.nodeId()).map(p -> p != stale && p.isOpen()).orElse(false));
    a.peer(b.nodeId()).orElseThrow().send(CONSENSUS, new byte[] {4});
    await("message after reconnect", () -> rb.on(CONSENSUS).size() == 1);
  }

  @Test
  void pingsAreAnsweredWithTheirNonceAndOutOfTurnPongsAreBanned() throws Exception {
    Recorder rb = new Recorder();
    P2pTransport b = start(TestNet.config(NodeKey.random(RANDOM)), rb);

    NodeKey honest = NodeKey.random(RANDOM);
    try (RawClient raw = new RawClient(b.localAddress())) {
      raw.handshake(honest, honest);
      for (long nonce : new long[] {0, 1, -1, 42}) {
        sendControl(raw, Control.ping(nonce));
        assertEquals(Control.pong(nonce), readControl(raw));
      }
    }
    assertFalse(b.isBanned(honest.id()));

    NodeKey unsolicited = NodeKey.random(RANDOM);
    try (RawClient raw = new RawClient(b.localAddress())) {
      raw.handshake(unsolicited, unsolicited);
      sendControl(raw, Control.pong(1)); // b sent no Ping
      assertTrue(raw.closedByRemote());
    }
    await("unsolicited pong", () -> rb.disconnectedWith(DisconnectReason.KEEPALIVE_VIOLATION));
    assertTrue(b.isBanned(unsolicited.id()));
  }

  @Test
  void aPongWithAnotherNonceThanOurPingIsAViolation() throws Exception {
    ManualScheduler s = new ManualScheduler();
    Recorder rb = new Recorder();
    P2pTransport b = startManual(s, rb);
    NodeKey k = NodeKey.random(RANDOM);
    try (RawClient raw = new RawClient(b.localAddress())) {
      raw.handshake(k, k);
      PeerConnection pc = only(b, rb);
      step(s, pc, PING);
      assertEquals(Control.ping(1), readControl(raw));
      sendControl(raw, Control.pong(2));
      assertTrue(raw.closedByRemote());
    }
    await("wrong nonce", () -> rb.disconnectedWith(DisconnectReason.KEEPALIVE_VIOLATION));
    assertTrue(b.isBanned(k.id()));
  }

  @Test
  void aMalformedControlMessageClosesAndBans() throws Exception {
    Recorder rb = new Recorder();
    P2pTransport b = start(TestNet.config(NodeKey.random(RANDOM)), rb);
    byte[][] bad = {
        new Envelope(Control.CHANNEL, new byte[8]).write(),                           // too short
        new Envelope(Control.CHANNEL, new byte[] {3, 0, 0, 0, 0, 0, 0, 0, 1}).write(), // unknown type
    };
    for (byte[] plaintext : bad) {
      NodeKey k = NodeKey.random(RANDOM);
      try (RawClient raw = new RawClient(b.localAddress())) {
        raw.handshake(k, k);
        raw.send(raw.sealer.seal(plaintext));
        assertTrue(raw.closedByRemote());
      }
      await("closed", () -> rb.disconnects.stream().anyMatch(d -> d.id().equals(k.id())));
      assertEquals(List.of(new TestNet.Disconnect(k.id(), DisconnectReason.MALFORMED_MESSAGE)),
          rb.disconnects.stream().filter(d -> d.id().equals(k.id())).toList());
      assertTrue(b.isBanned(k.id()));
    }
  }

  @Test
  void aPeerFloodingPingsWithoutReadingThePongsIsClosed() throws Exception {
    Recorder rb = new Recorder();
    P2pTransport b = start(TestNet.config(NodeKey.random(RANDOM)), rb);
    NodeKey k = NodeKey.random(RANDOM);
    try (RawClient raw = new RawClient(b.localAddress(), 4096)) {
      raw.handshake(k, k);
      // Never read: b's pongs back up until its socket is not writable and a pong waits; the next
      // Ping is then one more than an honest peer can have outstanding.
      int batch = 1_000;
      boolean refused = false;
      for (int sent = 0; sent < 2_000_000 && !refused; sent += batch) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < batch; i++) {
          out.write(raw.sealer.seal(Control.ping(sent + i).envelope()));
        }
        try {
          raw.send(out.toByteArray());
        } catch (IOException e) {
          refused = true; // b closed the connection
        }
        refused |= !b.peer(k.id()).map(Peer::isOpen).orElse(true);
      }
      assertTrue(refused, "b closed the flooder");
    }
    await("ping flood", () -> rb.disconnectedWith(DisconnectReason.KEEPALIVE_VIOLATION));
    assertTrue(b.isBanned(k.id()));
  }

  @Test
  void settingsAreChecked() {
    assertThrows(IllegalArgumentException.class, () -> new KeepAliveConfig(Duration.ZERO, PONG));
    assertThrows(IllegalArgumentException.class, () -> new KeepAliveConfig(PING, Duration.ofMillis(-1)));
    assertThrows(IllegalArgumentException.class,
        () -> new ChannelDescriptor(Control.CHANNEL, "mine", 0, 1, 1), "the control channel is reserved");
  }
}
