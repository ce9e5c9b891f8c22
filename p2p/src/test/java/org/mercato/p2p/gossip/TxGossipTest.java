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
import org.mercato.p2p.sync.BlockSync;
import org.mercato.p2p.sync.SyncConfig;
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
class TxGossipTest {
  @TempDir Path dir;
  private final List<Node> nodes = new ArrayList<>();

  @AfterEach
  void close() {
    for (int i = nodes.size() - 1; i >= 0; i--) {
      nodes.get(i).close();
    }
  }

  /** Disconnect reasons as the node saw them. */
  static final class Watch implements P2pListener {
    final Map<String, DisconnectReason> disconnects = new ConcurrentHashMap<>();

    @Override
    public void messageReceived(Peer peer, int channelId, byte[] payload) {}

    @Override
    public void peerDisconnected(Peer peer, DisconnectReason reason) {
      disconnects.put(peer.id().toString(), reason);
    }
  }

  record GossipNode(Node node, TransactionPool pool, TxGossip gossip, Watch watch) {}

  private GossipNode gossipNode(String name) throws InterruptedException {
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

  @Test
  void aTransactionAddedAtAReachesBAndCAndIsNotSentBack() throws Exception {
    GossipNode a = gossipNode("a");
    GossipNode b = gossipNode("b");
    GossipNode c = gossipNode("c");
    a.node().start();
    b.node().start();
    c.node().start();
    a.node().dial(b.node());
    b.node().dial(c.node());

    Transaction tx = Chains.transfer(TestChain.KEYS.get(0), 0, 5);
    assertTrue(a.pool().add(tx).isAccepted()); // as JSON-RPC does
    await("b has it", () -> b.pool().get(tx.hash()).isPresent());
    await("c has it (relayed by b)", () -> c.pool().get(tx.hash()).isPresent());
    Thread.sleep(300); // several flush intervals
    assertEquals(0, a.gossip().stats().received.get(), "b did not echo it back to a");
    assertEquals(1, b.gossip().stats().received.get());
    assertEquals(1, b.gossip().stats().sent.get(), "b sent it on to c only");
    assertEquals(0, c.gossip().stats().sent.get(), "c has no peer that lacks it");
  }

  @Test
  void batchesManyTransactionsAndDeduplicatesCopiesFromTwoPeers() throws Exception {
    GossipNode a = gossipNode("a");
    GossipNode b = gossipNode("b");
    GossipNode c = gossipNode("c");
    a.node().start();
    b.node().start();
    c.node().start();
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
    assertEquals(0, a.gossip().stats().invalid.get() + b.gossip().stats().invalid.get() + c.gossip().stats().invalid.get());
  }

  @Test
  void invalidTransactionsCountAgainstThePeerUntilItIsClosed() throws Exception {
    GossipNode victim = gossipNode("victim");
    GossipNode attacker = gossipNode("attacker");
    victim.node().start();
    attacker.node().start();
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
  void malformedGossipAndSyncMessagesCloseThePeerWithATypedReasonAndTheNodeCarriesOn() throws Exception {
    GossipNode victim = gossipNode("victim");
    BlockSync sync = victim.node().own(BlockSync.start(SyncConfig.defaults(), victim.node().chain.chain(),
        (h, c) -> org.mercato.state.chain.CommitVerification.valid(), TestChain.DECODER, victim.node().workers,
        new org.mercato.p2p.sync.SyncListener() {}));
    victim.node().router.route(Node.BLOCKSYNC, sync);
    victim.node().start();
    byte[][] junk = {
        {}, {0x01}, {0x01, (byte) 0xc0}, {0x07, (byte) 0xc0}, {0x01, (byte) 0xc3, 1, 2},
        GossipCodec.encode(new Transactions(List.of(Bytes.of(1)))).clone(),
    };
    junk[5] = java.util.Arrays.copyOf(junk[5], junk[5].length + 1); // trailing byte: not canonical
    int channel = 0;
    for (int[] target : new int[][] {{Node.MEMPOOL}, {Node.BLOCKSYNC}}) {
      for (byte[] payload : junk) {
        GossipNode attacker = gossipNode("attacker" + (channel++));
        attacker.node().start();
        Peer p = attacker.node().dial(victim.node());
        p.send(target[0], payload);
        String id = attacker.node().key.id().toString();
        await("closed", () -> victim.watch().disconnects.containsKey(id));
        assertEquals(DisconnectReason.MALFORMED_MESSAGE, victim.watch().disconnects.get(id),
            "channel " + target[0] + " payload " + Bytes.wrap(payload));
      }
    }
    // still serving: a good peer's transaction gets in
    GossipNode friend = gossipNode("friend");
    friend.node().start();
    friend.node().dial(victim.node());
    Transaction tx = Chains.transfer(TestChain.KEYS.get(2), 0, 1);
    assertTrue(friend.pool().add(tx).isAccepted());
    await("victim still gossips", () -> victim.pool().get(tx.hash()).isPresent());
  }
}
