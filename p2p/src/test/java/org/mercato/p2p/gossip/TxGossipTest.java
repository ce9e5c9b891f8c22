package org.mercato.p2p.gossip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mercato.p2p.testing.Node.await;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.tuweni.bytes.Bytes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mercato.p2p.gossip.GossipCodec.Transactions;
import org.mercato.p2p.peer.DisconnectReason;
import org.mercato.p2p.peer.Peer;
import org.mercato.p2p.testing.Chains;
import org.mercato.p2p.testing.Node;
import org.mercato.p2p.transport.P2pListener;
import org.mercato.state.chain.Blockchain;
import org.mercato.state.testing.TestChain;
import org.mercato.state.tx.Transaction;
import org.mercato.state.tx.UnsignedTransaction;
import org.mercato.state.txpool.PoolHead;
import org.mercato.state.txpool.TransactionPool;
import org.mercato.state.txpool.TxPoolConfig;
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

  public record GossipNode(Node node, TransactionPool pool, TxGossip gossip, Watch watch) {}

  /** A node with a pool over its chain and gossip on the mempool channel (transport not started). */
  public static GossipNode gossipNode(Path dir, List<Node> nodes, String name) throws InterruptedException {
    Node n = new Node(dir.resolve(name));
    nodes.add(n);
    Blockchain chain = n.chain.chain();
    TransactionPool pool = new TransactionPool(TxPoolConfig.defaults(TestChain.CHAIN_ID, chain.parameters().blockGasLimit()),
        () -> new PoolHead(chain.latestState(), chain.nextBaseFee()));
    TxGossip gossip = n.own(TxGossip.start(GossipConfig.defaults(), pool, TestChain.DECODER, n.workers));
    Watch watch = new Watch();
    n.router.route(Node.MEMPOOL, gossip);
    n.router.route(Node.CONSENSUS, watch);
    return new GossipNode(n, pool, gossip, watch);
  }

  /** {@link #gossipNode} with its transport started. */
  private GossipNode started(String name) throws InterruptedException {
    GossipNode g = gossipNode(dir, nodes, name);
    g.node().start();
    return g;
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
}
