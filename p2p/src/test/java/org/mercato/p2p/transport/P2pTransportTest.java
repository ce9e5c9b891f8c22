package org.mercato.p2p.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mercato.p2p.transport.TestNet.BLOCKSYNC;
import static org.mercato.p2p.transport.TestNet.CONSENSUS;
import static org.mercato.p2p.transport.TestNet.MEMPOOL;
import static org.mercato.p2p.transport.TestNet.RANDOM;
import static org.mercato.p2p.transport.TestNet.await;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mercato.p2p.crypto.NodeKey;
import org.mercato.p2p.peer.DisconnectReason;
import org.mercato.p2p.peer.Peer;
import org.mercato.p2p.peer.PeerAddress;
import org.mercato.p2p.peer.SendResult;
import org.mercato.p2p.transport.TestNet.Message;
import org.mercato.p2p.transport.TestNet.RawClient;
import org.mercato.p2p.transport.TestNet.Recorder;
import org.mercato.p2p.wire.Envelope;

/** Hosts talking over real loopback sockets (docs/spec/p2p.md). */
class P2pTransportTest {
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

  private P2pTransport start(NodeKey key, Recorder recorder) throws InterruptedException {
    return start(TestNet.config(key), recorder);
  }

  /** A started host with a fresh random key. */
  private P2pTransport start(Recorder recorder) throws InterruptedException {
    return start(NodeKey.random(RANDOM), recorder);
  }

  private static byte[] msg(int channel, int seq) {
    return ByteBuffer.allocate(8).putInt(channel).putInt(seq).array();
  }

  private static int seq(Message m) {
    return ByteBuffer.wrap(m.payload()).getInt(4);
  }

  private static Peer dial(P2pTransport from, P2pTransport to) throws Exception {
    return from.dial(to.selfAddress()).get(10, TimeUnit.SECONDS);
  }

  @Test
  void twoHostsExchangeMessagesOnSeveralChannelsInBothDirectionsInOrder() throws Exception {
    NodeKey ka = NodeKey.random(RANDOM);
    NodeKey kb = NodeKey.random(RANDOM);
    Recorder ra = new Recorder();
    Recorder rb = new Recorder();
    P2pTransport a = start(ka, ra);
    P2pTransport b = start(kb, rb);

    Peer bAtA = dial(a, b);
    assertEquals(kb.id(), bAtA.id());
    assertTrue(bAtA.outbound());
    await("b sees a", () -> rb.connected.size() == 1);
    Peer aAtB = rb.connected.get(0);
    assertEquals(ka.id(), aAtB.id());
    assertFalse(aAtB.outbound());

    int n = 300;
    for (int i = 0; i < n; i++) {
      for (int ch : new int[] {CONSENSUS, MEMPOOL, BLOCKSYNC}) {
        assertEquals(SendResult.QUEUED, bAtA.send(ch, msg(ch, i)));
        assertEquals(SendResult.QUEUED, aAtB.send(ch, msg(ch, i)));
      }
    }
    await("all at b", () -> rb.messages.size() == 3 * n);
    await("all at a", () -> ra.messages.size() == 3 * n);
    for (Recorder r : List.of(ra, rb)) {
      for (int ch : new int[] {CONSENSUS, MEMPOOL, BLOCKSYNC}) {
        List<Message> got = r.on(ch);
        assertEquals(n, got.size());
        for (int i = 0; i < n; i++) {
          assertEquals(i, seq(got.get(i)), "channel " + ch + " in order");
          assertEquals(ch, ByteBuffer.wrap(got.get(i).payload()).getInt(0));
        }
      }
    }
    assertEquals(SendResult.UNKNOWN_CHANNEL, bAtA.send(7, new byte[1]));
    assertEquals(SendResult.TOO_LARGE, bAtA.send(CONSENSUS, new byte[(1 << 20) + 1]));

    byte[] big = new byte[1 << 20];
    RANDOM.nextBytes(big);
    assertEquals(SendResult.QUEUED, bAtA.send(BLOCKSYNC, big));
    await("1 MiB payload", () -> rb.on(BLOCKSYNC).size() == n + 1);
    assertArrayEquals(big, rb.on(BLOCKSYNC).get(n).payload());

    bAtA.disconnect();
    await("both see the close", () -> ra.disconnects.size() == 1 && rb.disconnects.size() == 1);
    assertEquals(DisconnectReason.LOCAL_CLOSE, ra.disconnects.get(0).reason());
    assertEquals(DisconnectReason.REMOTE_CLOSED, rb.disconnects.get(0).reason());
    assertEquals(SendResult.CLOSED, bAtA.send(CONSENSUS, new byte[1]));
  }

  @Test
  void aConsensusMessageOvertakesABlocksyncBacklog() throws Exception {
    Recorder ra = new Recorder();
    Recorder rb = new Recorder();
    rb.holdChannel = BLOCKSYNC; // b stalls on the first bulk message, so a's backlog builds up
    P2pTransport a = start(ra);
    P2pTransport b = start(rb);
    Peer toB = dial(a, b);

    int bulk = 400;
    byte[] chunk = new byte[64 * 1024];
    for (int i = 0; i < bulk; i++) {
      ByteBuffer.wrap(chunk).putInt(i);
      assertEquals(SendResult.QUEUED, toB.send(BLOCKSYNC, chunk));
    }
    assertTrue(rb.held.await(10, TimeUnit.SECONDS));
    Thread.sleep(200); // let the socket buffers fill
    assertEquals(SendResult.QUEUED, toB.send(CONSENSUS, "vote".getBytes(StandardCharsets.US_ASCII)));
    int stillQueued = toB.queuedMessages(BLOCKSYNC);
    assertTrue(stillQueued > 0, "a real backlog sat behind the socket");
    rb.release.countDown();

    await("everything arrives", () -> rb.messages.size() == bulk + 1);
    int consensusAt = -1;
    for (int i = 0; i < rb.messages.size(); i++) {
      if (rb.messages.get(i).channel() == CONSENSUS) {
        consensusAt = i;
      }
    }
    int bulkAfter = bulk - consensusAt;
    assertTrue(bulkAfter >= stillQueued,
        "the vote went ahead of the " + stillQueued + " queued bulk messages (" + bulkAfter + " arrived after it)");
    List<Message> sync = rb.on(BLOCKSYNC);
    for (int i = 0; i < bulk; i++) {
      assertEquals(i, ByteBuffer.wrap(sync.get(i).payload()).getInt(0));
    }
  }

  @Test
  void aDialerExpectingAnotherNodeIdIsRefused() throws Exception {
    Recorder ra = new Recorder();
    Recorder rb = new Recorder();
    P2pTransport a = start(ra);
    P2pTransport b = start(rb);
    PeerAddress wrong = PeerAddress.of(NodeKey.random(RANDOM).id(), b.localAddress());
    ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
        () -> a.dial(wrong).get(10, TimeUnit.SECONDS));
    DialException d = assertInstanceOf(DialException.class, e.getCause());
    assertEquals(DisconnectReason.UNEXPECTED_NODE_ID, d.reason());
    assertTrue(ra.failedWith(DisconnectReason.UNEXPECTED_NODE_ID));
    assertTrue(a.peers().isEmpty());
    assertFalse(a.isBanned(b.nodeId()), "a wrong address is not misbehaviour");
    // The right id is accepted.
    assertEquals(b.nodeId(), dial(a, b).id());
  }

  @Test
  void aTamperedFrameClosesThatConnectionBansThePeerAndTheHostServesOthers() throws Exception {
    Recorder rb = new Recorder();
    P2pTransport b = start(rb);
    NodeKey mallory = NodeKey.random(RANDOM);
    try (RawClient raw = new RawClient(b.localAddress())) {
      raw.handshake(mallory, mallory);
      raw.send(raw.sealer.seal(new Envelope(CONSENSUS, new byte[] {42}).write()));
      await("the honest frame arrives", () -> rb.messages.size() == 1);
      assertEquals(mallory.id(), rb.messages.get(0).from());

      byte[] frame = raw.sealer.seal(new Envelope(CONSENSUS, new byte[] {1, 2, 3, 4}).write());
      frame[6] ^= 0x40; // one bit of ciphertext
      raw.send(frame);
      assertTrue(raw.closedByRemote());
    }
    await("reason reported", () -> rb.disconnectedWith(DisconnectReason.DECRYPTION_FAILED));
    assertTrue(b.isBanned(mallory.id()));
    assertEquals(1, rb.messages.size(), "the tampered frame was not delivered");

    // Mallory is refused while banned, even with a valid handshake.
    try (RawClient again = new RawClient(b.localAddress())) {
      again.handshake(mallory, mallory);
      assertTrue(again.closedByRemote());
    }
    await("ban applied", () -> rb.failedWith(DisconnectReason.BANNED));
    // The transport counts what it told its listener (the node's disconnect metric, p2p.md §6).
    assertEquals(1, b.stats().disconnects().count(DisconnectReason.DECRYPTION_FAILED), "the admitted peer's close");
    assertEquals(1, b.stats().disconnects().count(DisconnectReason.BANNED), "the refused connection");

    // Others are served.
    Recorder rc = new Recorder();
    P2pTransport c = start(rc);
    Peer toB = dial(c, b);
    toB.send(MEMPOOL, new byte[] {9});
    await("c's message", () -> rb.on(MEMPOOL).size() == 1);
  }

  @Test
  void anOversizedLengthPrefixClosesWithoutWaitingForTheBody() throws Exception {
    Recorder rb = new Recorder();
    P2pTransport b = start(rb);
    NodeKey k = NodeKey.random(RANDOM);
    try (RawClient raw = new RawClient(b.localAddress())) {
      raw.handshake(k, k);
      raw.send(new byte[] {0x7F, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF}); // claims 2 GiB, sends nothing more
      assertTrue(raw.closedByRemote());
    }
    await("reason", () -> rb.disconnectedWith(DisconnectReason.FRAME_OVERSIZED));
    assertTrue(b.isBanned(k.id()));

    // During the handshake nothing but the exact auth frame length is accepted.
    try (RawClient raw = new RawClient(b.localAddress())) {
      raw.sendHello();
      raw.send(new byte[] {0x7F, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF});
      assertTrue(raw.closedByRemote());
    }
    await("handshake reason", () -> rb.failedWith(DisconnectReason.HANDSHAKE_MALFORMED));
  }

  @Test
  void garbageInsteadOfAHandshakeIsClosed() throws Exception {
    Recorder rb = new Recorder();
    P2pTransport b = start(TestNet.config(NodeKey.random(RANDOM))
        .withTimings(Duration.ofMillis(300), Duration.ofMinutes(10), TestNet.config(NodeKey.random(RANDOM)).backoff(),
            java.time.Clock.systemUTC()), rb);
    try (RawClient raw = new RawClient(b.localAddress())) {
      raw.send("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      assertTrue(raw.closedByRemote());
    }
    await("malformed", () -> rb.failedWith(DisconnectReason.HANDSHAKE_MALFORMED));

    try (RawClient raw = new RawClient(b.localAddress())) {
      raw.send(new byte[] {0x4D, 0x52}); // a plausible start, then silence
      assertTrue(raw.closedByRemote());
    }
    await("timeout", () -> rb.failedWith(DisconnectReason.HANDSHAKE_TIMEOUT));

    // A valid hello followed by garbage where the auth frame belongs.
    try (RawClient raw = new RawClient(b.localAddress())) {
      raw.sendHello();
      byte[] junk = new byte[4 + 154];
      RANDOM.nextBytes(junk);
      junk[0] = 0;
      junk[1] = 0;
      junk[2] = 0;
      junk[3] = (byte) 154;
      raw.send(junk);
      assertTrue(raw.closedByRemote());
    }
    await("undecryptable auth", () -> rb.failedWith(DisconnectReason.DECRYPTION_FAILED));
    assertTrue(b.peers().isEmpty());
    assertEquals(0, rb.connected.size());
  }

  @Test
  void aHandshakeSignedByAnotherKeyThanClaimedIsRefused() throws Exception {
    Recorder rb = new Recorder();
    P2pTransport b = start(rb);
    NodeKey victim = NodeKey.random(RANDOM);
    NodeKey mallory = NodeKey.random(RANDOM);
    try (RawClient raw = new RawClient(b.localAddress())) {
      raw.handshake(victim, mallory);
      assertTrue(raw.closedByRemote());
    }
    await("refused", () -> rb.failedWith(DisconnectReason.HANDSHAKE_BAD_SIGNATURE));
    assertEquals(0, rb.connected.size());
    assertFalse(b.isBanned(victim.id()), "an unproven claim must not get the victim banned");
  }

  @Test
  void aFrameArrivingWithTheAuthFrameIsDeliveredAfterTheHandshake() throws Exception {
    Recorder rb = new Recorder();
    P2pTransport b = start(rb);
    NodeKey k = NodeKey.random(RANDOM);
    try (RawClient raw = new RawClient(b.localAddress())) {
      raw.handshake(k, k, new Envelope(MEMPOOL, new byte[] {7, 7}).write());
      await("the piggybacked message", () -> rb.on(MEMPOOL).size() == 1);
      assertArrayEquals(new byte[] {7, 7}, rb.on(MEMPOOL).get(0).payload());
      assertEquals(1, rb.connected.size());
    }
  }

  @Test
  void aMessageOnAnUnknownChannelClosesAndBans() throws Exception {
    Recorder rb = new Recorder();
    P2pTransport b = start(rb);
    NodeKey k = NodeKey.random(RANDOM);
    try (RawClient raw = new RawClient(b.localAddress())) {
      raw.handshake(k, k);
      raw.send(raw.sealer.seal(new Envelope(9, new byte[] {1}).write()));
      assertTrue(raw.closedByRemote());
    }
    await("unknown channel", () -> rb.disconnectedWith(DisconnectReason.UNKNOWN_CHANNEL));
    assertTrue(b.isBanned(k.id()));
  }

  @Test
  void aPersistentPeerIsRedialledAfterItRestarts() throws Exception {
    NodeKey ka = NodeKey.random(RANDOM);
    Recorder ra1 = new Recorder();
    P2pTransport a = start(ka, ra1);
    int port = a.localAddress().getPort();

    Recorder rb = new Recorder();
    P2pTransport b = start(TestNet.config(NodeKey.random(RANDOM)).withPersistentPeers(List.of(a.selfAddress())), rb);
    await("b dials a", () -> rb.connected.size() == 1 && ra1.connected.size() == 1);

    a.close();
    hosts.remove(a);
    await("b sees a go", () -> rb.disconnects.size() == 1);
    Thread.sleep(300); // b's redials fail with connection refused meanwhile
    assertTrue(rb.failedWith(DisconnectReason.IO_ERROR), "redials were attempted while a was down");

    Recorder ra2 = new Recorder();
    P2pTransport a2 = start(TestNet.config(ka).withListenPort(port), ra2);
    await("b is back", () -> rb.connected.size() == 2 && ra2.connected.size() == 1);
    assertEquals(ka.id(), rb.connected.get(1).id());
    rb.connected.get(1).send(CONSENSUS, new byte[] {5});
    await("message after reconnect", () -> ra2.messages.size() == 1);
    assertEquals(b.nodeId(), ra2.messages.get(0).from());
    assertTrue(a2.peer(b.nodeId()).isPresent());
  }

  @Test
  void twoNodesDiallingEachOtherEndWithOneSession() throws Exception {
    Recorder ra = new Recorder();
    Recorder rb = new Recorder();
    P2pTransport a = start(ra);
    P2pTransport b = start(rb);
    var f1 = a.dial(b.selfAddress());
    var f2 = b.dial(a.selfAddress());
    await("dials settle", () -> f1.isDone() && f2.isDone());
    await("one session each", () -> a.peers().size() == 1 && b.peers().size() == 1
        && a.peers().get(0).isOpen() && b.peers().get(0).isOpen());
    Thread.sleep(200);
    assertEquals(1, a.peers().size());
    assertEquals(1, b.peers().size());
    Peer atA = a.peers().get(0);
    Peer atB = b.peers().get(0);
    assertNotEquals(atA.outbound(), atB.outbound(), "both kept the same connection");
    atA.send(CONSENSUS, new byte[] {1});
    atB.send(CONSENSUS, new byte[] {2});
    await("both directions work", () -> rb.on(CONSENSUS).size() == 1 && ra.on(CONSENSUS).size() == 1);
    assertEquals(Optional.of(atA), a.peer(b.nodeId()));
  }
}
