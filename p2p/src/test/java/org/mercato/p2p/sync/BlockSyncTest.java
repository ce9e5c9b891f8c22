package org.mercato.p2p.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mercato.p2p.testing.Node.await;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.tuweni.bytes.Bytes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mercato.p2p.peer.DisconnectReason;
import org.mercato.p2p.peer.Peer;
import org.mercato.p2p.sync.SyncMessage.SyncBlock;
import org.mercato.p2p.testing.Chains;
import org.mercato.p2p.testing.Node;
import org.mercato.p2p.transport.P2pListener;
import org.mercato.state.block.Block;
import org.mercato.state.block.BlockHeader;
import org.mercato.state.chain.CommitVerification;
import org.mercato.state.chain.CommitVerifier;
import org.mercato.state.testing.TestChain;
import org.mercato.state.types.Hash;

/** Block sync between real chains over real loopback transports (docs/spec/p2p.md §10). */
class BlockSyncTest {
  private static final int BLOCKS = 210;

  @TempDir Path dir;
  private final List<Node> nodes = new ArrayList<>();

  @AfterEach
  void close() {
    Node.closeAll(nodes);
  }

  private Node node(String name) {
    Node n = new Node(dir.resolve(name));
    nodes.add(n);
    return n;
  }

  /** Records caught-up and progress, and disconnect reasons seen by the node. */
  static final class Watch implements SyncListener, P2pListener {
    final AtomicLong caughtUp = new AtomicLong(-1);
    final List<SyncProgress> progress = new CopyOnWriteArrayList<>();
    final Map<String, DisconnectReason> disconnects = new ConcurrentHashMap<>();

    @Override
    public void progress(SyncProgress p) {
      progress.add(p);
    }

    @Override
    public void caughtUp(long height) {
      caughtUp.set(height);
    }

    @Override
    public void messageReceived(Peer peer, int channelId, byte[] payload) {}

    @Override
    public void peerDisconnected(Peer peer, DisconnectReason reason) {
      disconnects.put(peer.id().toString(), reason);
    }
  }

  private static final SyncConfig CONFIG = SyncConfig.defaults().withRequestTimeout(java.time.Duration.ofSeconds(3));

  private BlockSync serve(Node n, BlockSource source, CommitVerifier verifier, Watch watch) throws InterruptedException {
    return serve(n, CONFIG, source, verifier, watch);
  }

  private BlockSync serve(Node n, SyncConfig config, BlockSource source, CommitVerifier verifier, Watch watch)
      throws InterruptedException {
    BlockSync sync = n.own(BlockSync.start(config, n.chain.chain(), source, verifier, TestChain.DECODER, n.workers, watch));
    n.router.route(Node.BLOCKSYNC, sync);
    n.router.route(Node.CONSENSUS, watch);
    n.start();
    return sync;
  }

  private BlockSync serve(Node n, CommitVerifier verifier, Watch watch) throws InterruptedException {
    return serve(n, BlockSource.of(n.chain.chain().store()), verifier, watch);
  }

  private static void assertSameChain(TestChain expected, TestChain actual, long upTo) {
    for (long h = 0; h <= upTo; h++) {
      assertEquals(expected.chain().store().canonicalHash(h), actual.chain().store().canonicalHash(h), "hash of #" + h);
    }
    BlockHeader e = expected.chain().store().header(upTo).orElseThrow();
    assertEquals(e.stateRoot(), actual.chain().store().header(upTo).orElseThrow().stateRoot());
  }

  @Test
  void aFreshNodeSyncsFromTwoPeersVerifyingEveryCommit() throws Exception {
    Node a = node("a");
    Chains.produce(a.chain, BLOCKS);
    Node b = node("b");
    Chains.copy(a.chain, b.chain);
    Node c = node("c");
    Chains.MarkerVerifier verifier = new Chains.MarkerVerifier(Set.of());
    serve(a, new Chains.MarkerVerifier(Set.of()), new Watch());
    serve(b, new Chains.MarkerVerifier(Set.of()), new Watch());
    Watch watch = new Watch();
    BlockSync sync = serve(c, verifier, watch);
    c.dial(a);
    c.dial(b);

    await("caught up", () -> watch.caughtUp.get() >= 0);
    long tip = a.chain.chain().head().number();
    assertEquals(tip - 1, watch.caughtUp.get(), "sync stops one short of the tip (its commit is not in any block)");
    assertEquals(tip - 1, c.chain.chain().head().number());
    assertSameChain(a.chain, c.chain, tip - 1);
    assertEquals(SyncProgress.State.CAUGHT_UP, sync.progress().state());
    assertEquals(tip - 1, sync.progress().target());
    for (long h = 1; h < tip; h++) {
      assertTrue(verifier.verified.contains(h), "commit of #" + h + " verified");
    }
    assertTrue(watch.progress.stream().anyMatch(p -> p.state() == SyncProgress.State.SYNCING && p.current() < p.target()));
    assertTrue(sync.syncer().rejections().isEmpty(), sync.syncer().rejections().toString());

    // Consensus delivers the tip (with its commit from consensus gossip): then the chains are identical.
    c.chain.accept(a.chain.chain().store().block(a.chain.chain().headHash()).orElseThrow());
    assertEquals(a.chain.chain().headHash(), c.chain.chain().headHash());
    assertEquals(a.chain.chain().head().stateRoot(), c.chain.chain().head().stateRoot());
    assertEquals(a.chain.chain().latestState().accountOrEmpty(Chains.SINK).balance(),
        c.chain.chain().latestState().accountOrEmpty(Chains.SINK).balance());
    // both peers served: the sync used more than one peer in parallel
    assertTrue(a.transport().peers().size() == 1 && b.transport().peers().size() == 1);
  }

  @Test
  void blocksTooBigToTravelTwoPerResponseAreCertifiedByAHeaderOnlyTrailer() throws Exception {
    Node a = node("a");
    Chains.produce(a.chain, 40);
    BlockSource source = BlockSource.of(a.chain.chain().store());
    int budget = 0;
    for (long n = 1; n <= 40; n++) {
      budget = Math.max(budget, SyncCodec.encodedSize(source.block(n).orElseThrow()));
    }
    for (long n = 1; n < 40; n++) { // the case that stalled sync: never two full blocks in one response
      assertTrue(SyncCodec.encodedSize(source.block(n).orElseThrow()) + SyncCodec.encodedSize(source.block(n + 1).orElseThrow()) > budget);
    }
    BlockSyncServer server = new BlockSyncServer(source, Runnable::run, SyncConfig.BLOCKSYNC_CHANNEL, 8, budget);
    SyncMessage.Blocks answer = (SyncMessage.Blocks) server.answer(new SyncMessage.GetBlocks(1, 5, 10));
    assertEquals(2, answer.blocks().size(), "one full block and the next one's header");
    assertEquals(source.block(5).orElseThrow(), answer.blocks().get(0));
    assertEquals(source.block(6).orElseThrow().header(), answer.blocks().get(1).header());
    assertTrue(answer.blocks().get(1).transactions().isEmpty());

    Node fresh = node("fresh");
    Chains.MarkerVerifier verifier = new Chains.MarkerVerifier(Set.of());
    SyncConfig small = CONFIG.withResponseBudgetBytes(budget);
    serve(a, small, source, new Chains.MarkerVerifier(Set.of()), new Watch());
    Watch watch = new Watch();
    BlockSync sync = serve(fresh, small, BlockSource.of(fresh.chain.chain().store()), verifier, watch);
    fresh.dial(a);

    await("caught up", () -> watch.caughtUp.get() >= 0);
    assertEquals(39, fresh.chain.chain().head().number());
    assertSameChain(a.chain, fresh.chain, 39);
    for (long h = 1; h <= 39; h++) {
      assertTrue(verifier.verified.contains(h), "commit of #" + h + " verified");
    }
    assertTrue(sync.syncer().rejections().isEmpty(), sync.syncer().rejections().toString());
  }

  /** Serves A's blocks with the first transaction of every block that has one replaced by another valid one. */
  private static BlockSource tamperedTransactions(TestChain source) {
    BlockSource honest = BlockSource.of(source.chain().store());
    return n -> honest.block(n).map(b -> {
      if (b.transactions().isEmpty()) {
        return b;
      }
      List<Bytes> txs = new ArrayList<>(b.transactions());
      txs.set(0, Chains.transfer(TestChain.KEYS.get(9), 0, 999_999).encoded());
      return new SyncBlock(b.header(), txs);
    });
  }

  /** Serves a forged chain: every header from #1 on has another state root, parent links re-made. */
  private static BlockSource forgedStateRoots(TestChain source) {
    BlockSource honest = BlockSource.of(source.chain().store());
    Map<Long, SyncBlock> forged = new ConcurrentHashMap<>();
    return new BlockSource() {
      @Override
      public synchronized Optional<SyncBlock> block(long n) {
        if (n == 0) {
          return honest.block(0);
        }
        SyncBlock cached = forged.get(n);
        if (cached != null) {
          return Optional.of(cached);
        }
        Optional<SyncBlock> real = honest.block(n);
        if (real.isEmpty()) {
          return real;
        }
        BlockHeader h = real.get().header();
        Hash parent = block(n - 1).orElseThrow().header().hash();
        BlockHeader bad = new BlockHeader(parent, h.number(), h.timestamp(), h.proposer(), Hash.wrap(Bytes.repeat((byte) 7, 32)),
            h.transactionsRoot(), h.receiptsRoot(), h.logsBloom(), h.gasLimit(), h.gasUsed(), h.baseFee(), h.lastCommit(),
            h.evidenceHash());
        SyncBlock out = new SyncBlock(bad, real.get().transactions());
        forged.put(n, out);
        return Optional.of(out);
      }
    };
  }

  private void syncPastABadPeer(BlockSource badSource, CommitVerifier verifier) throws Exception {
    Node good = node("good");
    Chains.produce(good.chain, BLOCKS);
    Node bad = node("bad");
    Chains.copy(good.chain, bad.chain);
    Node fresh = node("fresh");
    serve(good, verifier, new Watch());
    serve(bad, badSource, verifier, new Watch());
    Watch watch = new Watch();
    BlockSync sync = serve(fresh, verifier, watch);
    fresh.dial(bad);
    fresh.dial(good);

    await("caught up", () -> watch.caughtUp.get() >= 0);
    long tip = good.chain.chain().head().number();
    assertEquals(tip - 1, fresh.chain.chain().head().number());
    assertSameChain(good.chain, fresh.chain, tip - 1);
    assertEquals(DisconnectReason.INVALID_BLOCK, watch.disconnects.get(bad.key.id().toString()));
    assertTrue(fresh.transport().isBanned(bad.key.id()), "misbehaviour bans the node id");
    assertFalse(sync.syncer().rejections().isEmpty());
    assertTrue(sync.syncer().rejections().stream().allMatch(r -> r.peer().equals(bad.key.id())), sync.syncer().rejections().toString());
  }

  @Test
  void aPeerServingATamperedTransactionIsDisconnectedAndSyncCompletesFromTheOther() throws Exception {
    Node holder = node("holder");
    Chains.produce(holder.chain, BLOCKS);
    syncPastABadPeer(tamperedTransactions(holder.chain), new Chains.MarkerVerifier(Set.of()));
  }

  @Test
  void aPeerServingWrongStateRootsIsDisconnectedAndSyncCompletesFromTheOther() throws Exception {
    Node holder = node("holder");
    Chains.produce(holder.chain, BLOCKS);
    // Commits are not checked here (as under the dev engine), so validate() is what catches the forgery.
    CommitVerifier acceptAll = (header, commit) -> CommitVerification.valid();
    syncPastABadPeer(forgedStateRoots(holder.chain), acceptAll);
  }

  @Test
  void aBlockWhoseCommitTheVerifierRejectsIsNotCommitted() throws Exception {
    Node a = node("a");
    Chains.produce(a.chain, 120);
    Node b = node("b");
    Chains.copy(a.chain, b.chain);
    serve(a, new Chains.MarkerVerifier(Set.of()), new Watch());
    serve(b, new Chains.MarkerVerifier(Set.of()), new Watch());
    Node c = node("c");
    Watch watch = new Watch();
    BlockSync sync = serve(c, new Chains.MarkerVerifier(Set.of(77L)), watch);
    c.dial(a);
    c.dial(b);

    await("both peers refused", () -> watch.disconnects.size() == 2);
    assertEquals(76, c.chain.chain().head().number(), "everything below the rejected commit is applied, nothing from it on");
    assertTrue(c.chain.chain().store().canonicalHash(77).isEmpty());
    assertEquals(-1, watch.caughtUp.get());
    assertEquals(DisconnectReason.INVALID_BLOCK, watch.disconnects.get(a.key.id().toString()));
    assertTrue(sync.syncer().rejections().stream().allMatch(r -> r.height() == 77), sync.syncer().rejections().toString());
  }
}
