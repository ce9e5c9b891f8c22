package org.mercato.p2p.gossip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mercato.p2p.testing.Node.await;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.rlp.RLP;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mercato.p2p.gossip.GossipCodec.Announce;
import org.mercato.p2p.gossip.GossipCodec.GossipMessage;
import org.mercato.p2p.gossip.GossipCodec.Request;
import org.mercato.p2p.gossip.GossipCodec.Transactions;
import org.mercato.p2p.peer.DisconnectReason;
import org.mercato.p2p.peer.Peer;
import org.mercato.p2p.testing.Chains;
import org.mercato.p2p.testing.Node;
import org.mercato.p2p.transport.P2pListener;
import org.mercato.p2p.wire.StrictRlp;
import org.mercato.state.chain.Blockchain;
import org.mercato.state.crypto.Keccak;
import org.mercato.state.testing.TestChain;
import org.mercato.state.tx.Transaction;
import org.mercato.state.tx.UnsignedTransaction;
import org.mercato.state.txpool.PoolHead;
import org.mercato.state.txpool.TransactionPool;
import org.mercato.state.txpool.TxPoolConfig;
import org.mercato.state.types.Hash;
import org.mercato.state.types.Wei;

/** Gossip between real pools over loopback, and hostile channel messages (docs/spec/p2p.md §9–§11). */
public class TxGossipTest {
  @TempDir Path dir;
  private final List<Node> nodes = new ArrayList<>();

  @AfterEach
  void close() {
    Node.closeAll(nodes);
  }

  /** Disconnect reasons as the node saw them. */
  public static final class Watch implements P2pListener {
    public final Map<String, DisconnectReason> disconnects = new ConcurrentHashMap<>();

    @Override
    public void messageReceived(Peer peer, int channelId, byte[] payload) {}

    @Override
    public void peerDisconnected(Peer peer, DisconnectReason reason) {
      disconnects.put(peer.id().toString(), reason);
    }
  }

  /** A bare peer's view of the mempool channel: every message it received, decoded, in arrival order. */
  public static final class Inbox implements P2pListener {
    public final List<GossipMessage> messages = new CopyOnWriteArrayList<>();

    @Override
    public void messageReceived(Peer peer, int channelId, byte[] payload) {
      messages.add(GossipCodec.decode(payload).message());
    }

    /** The transaction encodings received, in order. */
    public List<Bytes> transactions() {
      return messages.stream().filter(m -> m instanceof Transactions).flatMap(m -> ((Transactions) m).encodings().stream())
          .toList();
    }

    public List<Hash> announced() {
      return messages.stream().filter(m -> m instanceof Announce).flatMap(m -> ((Announce) m).hashes().stream()).toList();
    }

    public List<Hash> requested() {
      return messages.stream().filter(m -> m instanceof Request).flatMap(m -> ((Request) m).hashes().stream()).toList();
    }
  }

  public record GossipNode(Node node, TransactionPool pool, TxGossip gossip, Watch watch) {}

  /** A node with a pool over its chain and gossip on the mempool channel (transport not started). */
  public static GossipNode gossipNode(Path dir, List<Node> nodes, String name) throws InterruptedException {
    return gossipNode(dir, nodes, name, System::nanoTime);
  }

  /** As above, its fetch timeouts timed by {@code clock} (monotonic nanoseconds the test advances by hand). */
  static GossipNode gossipNode(Path dir, List<Node> nodes, String name, LongSupplier clock) throws InterruptedException {
    Node n = new Node(dir.resolve(name));
    nodes.add(n);
    Blockchain chain = n.chain.chain();
    TransactionPool pool = new TransactionPool(TxPoolConfig.defaults(TestChain.CHAIN_ID, chain.parameters().blockGasLimit()),
        () -> new PoolHead(chain.latestState(), chain.nextBaseFee()));
    TxGossip gossip = n.own(TxGossip.start(GossipConfig.defaults(), pool, TestChain.DECODER, n.workers, new TxGossip.Stats(),
        clock));
    Watch watch = new Watch();
    n.router.route(Node.MEMPOOL, gossip);
    n.router.route(Node.CONSENSUS, watch);
    return new GossipNode(n, pool, gossip, watch);
  }

  /** {@link #gossipNode} with its transport started. */
  private GossipNode started(String name) throws InterruptedException {
    return started(name, System::nanoTime);
  }

  private GossipNode started(String name, LongSupplier clock) throws InterruptedException {
    GossipNode g = gossipNode(dir, nodes, name, clock);
    g.node().start();
    return g;
  }

  /** A started node without gossip: what arrives on its mempool channel goes to {@code inbox}; it answers nothing. */
  private Node bare(String name, Inbox inbox) throws InterruptedException {
    Node n = new Node(dir.resolve(name));
    nodes.add(n);
    n.router.route(Node.MEMPOOL, inbox);
    n.start();
    return n;
  }

  private static List<Hash> hashes(List<Bytes> encodings) {
    return encodings.stream().map(Keccak::hash).toList();
  }

  private static byte[] request(Hash... hashes) {
    return GossipCodec.encode(new Request(List.of(hashes)));
  }

  @Test
  void aTransactionAddedAtAReachesBAndCAndIsNotSentBack() throws Exception {
    // a pushes its own (JSON-RPC) transaction to b in full; b announces it to c, which asks for it (p2p.md §11).
    GossipNode a = started("a");
    GossipNode b = started("b");
    GossipNode c = started("c");
    a.node().dial(b.node());
    b.node().dial(c.node());

    Transaction tx = Chains.transfer(TestChain.KEYS.get(0), 0, 5);
    assertTrue(a.pool().add(tx).isAccepted()); // as JSON-RPC does
    await("b has it", () -> b.pool().get(tx.hash()).isPresent());
    await("c has it (relayed by b)", () -> c.pool().get(tx.hash()).isPresent());
    Thread.sleep(300); // several flush intervals
    assertEquals(0, a.gossip().stats().received.get(), "b did not echo it back to a");
    assertEquals(1, b.gossip().stats().received.get());
    assertEquals(1, b.gossip().stats().announced.get(), "b announced it to c only (a is known to have it)");
    assertEquals(1, c.gossip().stats().requested.get(), "c asked b for it");
    assertEquals(1, b.gossip().stats().sent.get(), "b sent it in full to c only, when asked");
    assertEquals(0, c.gossip().stats().sent.get() + c.gossip().stats().announced.get(), "c has no peer that lacks it");
  }

  @Test
  void batchesManyTransactionsAndDeduplicatesCopiesFromTwoPeers() throws Exception {
    GossipNode a = started("a");
    GossipNode b = started("b");
    GossipNode c = started("c");
    a.node().dial(b.node());
    a.node().dial(c.node());
    b.node().dial(c.node());
    List<Transaction> txs = new ArrayList<>();
    for (int k = 0; k < 10; k++) {
      for (int nonce = 0; nonce < 40; nonce++) {
        txs.add(Chains.transfer(TestChain.KEYS.get(k), nonce, 1));
      }
    }
    for (Transaction tx : txs) {
      assertTrue(a.pool().add(tx).isAccepted());
    }
    await("b and c have all 400", () -> b.pool().size() == 400 && c.pool().size() == 400);
    assertEquals(0, a.gossip().stats().received.get());
    // b and c relay to each other by announcement (p2p.md §11): pushing in full, each would receive every transaction
    // twice (1,600 copies); announced, about once (a request only when an announcement overtakes a's own copy).
    long copies = b.gossip().stats().received.get() + c.gossip().stats().received.get();
    assertTrue(copies < 1_200, "full copies received by b and c: " + copies);
    assertTrue(b.gossip().stats().announced.get() + c.gossip().stats().announced.get() > 0, "relays were announcements");
    assertEquals(0, a.gossip().stats().invalid.get() + b.gossip().stats().invalid.get() + c.gossip().stats().invalid.get());
  }

  @Test
  void invalidTransactionsCountAgainstThePeerUntilItIsClosed() throws Exception {
    GossipNode victim = started("victim");
    GossipNode attacker = started("attacker");
    Peer toVictim = attacker.node().dial(victim.node());
    // A stateful rejection (nonce too low: already mined elsewhere) is a normal race and does not count.
    List<Bytes> wrongChain = new ArrayList<>();
    for (int i = 0; i < GossipConfig.defaults().maxInvalid(); i++) {
      UnsignedTransaction u = UnsignedTransaction.transfer(999, i, Wei.of(1), Chains.CAP, Chains.SINK, Wei.of(1));
      wrongChain.add(TestChain.SIGNER.sign(u, TestChain.KEYS.get(1)).encoded());
    }
    toVictim.send(Node.MEMPOOL, GossipCodec.encode(new Transactions(wrongChain.subList(0, 5))));
    await("5 counted", () -> victim.gossip().stats().invalid.get() == 5);
    assertTrue(toVictim.isOpen());
    toVictim.send(Node.MEMPOOL, GossipCodec.encode(new Transactions(wrongChain.subList(5, wrongChain.size()))));
    await("closed", () -> victim.watch().disconnects.containsKey(attacker.node().key.id().toString()));
    assertEquals(DisconnectReason.INVALID_TRANSACTIONS, victim.watch().disconnects.get(attacker.node().key.id().toString()));
    assertTrue(victim.node().transport().isBanned(attacker.node().key.id()));
    assertEquals(0, victim.pool().size());
  }

  @Test
  void aPeerIsServedOnlyWhatWasAnnouncedToItAndEachOnlyOnce() throws Exception {
    // p2p.md §11 Serving: before, any Request was answered from the whole pool, as often as asked.
    GossipNode a = started("a");
    GossipNode b = started("b");
    Inbox inbox = new Inbox();
    Node m = bare("m", inbox);
    a.node().dial(b.node());
    Peer toB = m.dial(b.node());

    Transaction own = Chains.transfer(TestChain.KEYS.get(0), 0, 5); // b's own: pushed in full, never announced
    assertTrue(b.pool().add(own).isAccepted());
    await("m got b's own transaction", () -> inbox.transactions().contains(own.encoded()));
    Transaction relayed = Chains.transfer(TestChain.KEYS.get(1), 0, 5);
    Transaction barrier = Chains.transfer(TestChain.KEYS.get(1), 1, 5);
    assertTrue(a.pool().add(relayed).isAccepted());
    assertTrue(a.pool().add(barrier).isAccepted());
    await("b announced both to m", () -> inbox.announced().containsAll(List.of(relayed.hash(), barrier.hash())));

    Hash unknown = Hash.wrap(Bytes32.random());
    toB.send(Node.MEMPOOL, request(own.hash(), unknown, relayed.hash()));
    toB.send(Node.MEMPOOL, request(relayed.hash()));
    toB.send(Node.MEMPOOL, request(relayed.hash(), own.hash()));
    toB.send(Node.MEMPOOL, request(barrier.hash()));
    // b handles m's messages in order and answers on one channel in order: the barrier's answer comes last.
    await("barrier answered", () -> inbox.transactions().contains(barrier.encoded()));
    assertEquals(List.of(own.encoded(), relayed.encoded(), barrier.encoded()), inbox.transactions(),
        "the announced ones once each; b's own (pushed, never announced) and the unknown hash not at all");
    assertEquals(5, b.gossip().stats().unannounced.get(), "own twice, unknown, relayed twice after it was served");
    assertTrue(toB.isOpen(), "asking for unannounced hashes is skipped, not punished (p2p.md §11 Serving)");
  }

  @Test
  void oneRequestIsAnsweredWithAtMostResponseBytesAndTheRestOnTheNext() throws Exception {
    GossipNode a = started("a");
    GossipNode b = started("b");
    Inbox inbox = new Inbox();
    Node m = bare("m", inbox);
    a.node().dial(b.node());
    Peer toB = m.dial(b.node());
    // 20 transactions of ~120 KB (zero calldata: 4 gas a byte) are ~2.4 MB, more than one answer may carry.
    List<Transaction> big = new ArrayList<>();
    for (int nonce = 0; nonce < 20; nonce++) {
      big.add(TestChain.call(TestChain.KEYS.get(2), nonce, Wei.of(1_000_000_000L), Chains.CAP, 600_000, Chains.SINK, Wei.of(1),
          Bytes.wrap(new byte[120_000])));
    }
    Transaction barrier1 = Chains.transfer(TestChain.KEYS.get(3), 0, 5);
    Transaction barrier2 = Chains.transfer(TestChain.KEYS.get(3), 1, 5);
    for (Transaction tx : big) {
      assertTrue(a.pool().add(tx).isAccepted());
    }
    assertTrue(a.pool().add(barrier1).isAccepted());
    assertTrue(a.pool().add(barrier2).isAccepted());
    await("b announced all 22 to m", () -> inbox.announced().size() == 22);

    Hash[] bigHashes = big.stream().map(Transaction::hash).toArray(Hash[]::new);
    int fit = 0;
    long bytes = 0;
    while (fit < big.size() && bytes + big.get(fit).encoded().size() + 5 <= TxGossip.RESPONSE_BYTES) {
      bytes += big.get(fit).encoded().size() + 5;
      fit++;
    }
    assertTrue(fit > 8 && fit < 20, "the cap cuts this answer short, after more than one message: " + fit);

    toB.send(Node.MEMPOOL, request(bigHashes));
    toB.send(Node.MEMPOOL, request(barrier1.hash()));
    await("first answer", () -> inbox.transactions().contains(barrier1.encoded()));
    List<Hash> first = hashes(inbox.transactions());
    assertEquals(List.of(bigHashes).subList(0, fit), first.subList(0, first.size() - 1), "in request order, up to 2 MiB");

    toB.send(Node.MEMPOOL, request(bigHashes));
    toB.send(Node.MEMPOOL, request(barrier2.hash()));
    await("second answer", () -> inbox.transactions().contains(barrier2.encoded()));
    List<Hash> all = hashes(inbox.transactions());
    assertEquals(List.of(bigHashes).subList(fit, 20), all.subList(first.size(), all.size() - 1), "the rest, once");
    assertEquals(fit, b.gossip().stats().unannounced.get(), "the second Request named the served ones again");
  }

  @Test
  void aRequestOfMoreHashesThanAllowedClosesAndBansThePeer() throws Exception {
    // The one unambiguously abusive Request shape (p2p.md §11 Serving): it does not decode.
    GossipNode b = started("b");
    Node m = bare("m", new Inbox());
    Peer toB = m.dial(b.node());
    List<Bytes> many = new ArrayList<>();
    for (int i = 0; i <= GossipCodec.MAX_REQUESTED; i++) {
      many.add(Bytes32.random());
    }
    toB.send(Node.MEMPOOL, StrictRlp.frame(GossipCodec.REQUEST, RLP.encodeList(w -> many.forEach(w::writeValue))));
    await("closed", () -> b.watch().disconnects.containsKey(m.key.id().toString()));
    assertEquals(DisconnectReason.MALFORMED_MESSAGE, b.watch().disconnects.get(m.key.id().toString()));
    assertTrue(b.node().transport().isBanned(m.key.id()));
  }

  @Test
  void aTransactionWithheldByItsAnnouncerArrivesFromTheNextAnnouncerAfterTheTimeout() throws Exception {
    // Line topology a - b - c, and s, which announces to c first and never answers (p2p.md §11 Fetching).
    AtomicLong clock = new AtomicLong(1_000_000_000L);
    GossipNode a = started("a");
    GossipNode b = started("b");
    GossipNode c = started("c", clock::get);
    Inbox sInbox = new Inbox();
    Node s = bare("s", sInbox);
    a.node().dial(b.node());
    b.node().dial(c.node());
    Peer sToC = s.dial(c.node());

    Transaction tx = Chains.transfer(TestChain.KEYS.get(4), 0, 5);
    sToC.send(Node.MEMPOOL, GossipCodec.encode(new Announce(List.of(tx.hash()))));
    await("c asked s", () -> sInbox.requested().contains(tx.hash()));
    assertTrue(a.pool().add(tx).isAccepted());
    await("c remembered b's announcement", () -> c.gossip().alternates(tx.hash()) == 1);
    assertTrue(c.pool().get(tx.hash()).isEmpty());
    assertEquals(1, c.gossip().stats().requested.get(), "b not asked while s's request is outstanding");

    clock.addAndGet(TimeUnit.SECONDS.toNanos(5));
    await("c has it from b", () -> c.pool().get(tx.hash()).isPresent());
    assertEquals(1, c.gossip().stats().rerequested.get());
    assertEquals(2, c.gossip().stats().requested.get());
    assertEquals(-1, c.gossip().alternates(tx.hash()), "arrived: forgotten with its announcers");
  }

  @Test
  void aRequestThatCouldNotBeSentLeavesTheHashToTheNextAnnouncer() throws Exception {
    AtomicLong clock = new AtomicLong(1_000_000_000L); // never advanced: no timeout ever passes
    GossipNode a = started("a");
    GossipNode b = started("b");
    GossipNode c = started("c", clock::get);
    Node s = bare("s", new Inbox());
    Peer cToS = c.node().dial(s);
    cToS.disconnect();
    await("closed", () -> !cToS.isOpen());
    Transaction tx = Chains.transfer(TestChain.KEYS.get(5), 0, 5);
    // The transport drops a closed connection's input, so the announcement is handed to the gossip directly: its
    // Request then meets a real send failure (CLOSED; QUEUE_FULL takes the same path).
    c.gossip().messageReceived(cToS, Node.MEMPOOL, GossipCodec.encode(new Announce(List.of(tx.hash()))));
    assertEquals(0, c.gossip().stats().requested.get());
    assertEquals(-1, c.gossip().alternates(tx.hash()), "not asked: nothing outstanding");

    a.node().dial(b.node());
    b.node().dial(c.node());
    assertTrue(a.pool().add(tx).isAccepted());
    await("c has it from b, without a timeout", () -> c.pool().get(tx.hash()).isPresent());
    assertEquals(1, c.gossip().stats().requested.get());
    assertEquals(0, c.gossip().stats().rerequested.get());
  }
}
