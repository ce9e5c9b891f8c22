package org.mercato.p2p;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mercato.p2p.testing.Node.await;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.tuweni.bytes.Bytes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mercato.p2p.gossip.GossipCodec;
import org.mercato.p2p.gossip.GossipCodec.Transactions;
import org.mercato.p2p.gossip.TxGossipTest;
import org.mercato.p2p.gossip.TxGossipTest.GossipNode;
import org.mercato.p2p.peer.DisconnectReason;
import org.mercato.p2p.peer.Peer;
import org.mercato.p2p.sync.BlockSync;
import org.mercato.p2p.sync.SyncConfig;
import org.mercato.p2p.testing.Chains;
import org.mercato.p2p.testing.Node;
import org.mercato.state.testing.TestChain;
import org.mercato.state.tx.Transaction;

/** Hostile bytes on the gossip and block-sync channels: typed closes, no crash (docs/spec/p2p.md §9). */
class HostileChannelMessagesTest {
  @TempDir Path dir;
  private final List<Node> nodes = new ArrayList<>();

  @AfterEach
  void close() {
    Node.closeAll(nodes);
  }

  @Test
  void malformedGossipAndSyncMessagesCloseThePeerWithATypedReasonAndTheNodeCarriesOn() throws Exception {
    GossipNode victim = TxGossipTest.gossipNode(dir, nodes, "victim");
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
        GossipNode attacker = TxGossipTest.gossipNode(dir, nodes, "attacker" + (channel++));
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
    GossipNode friend = TxGossipTest.gossipNode(dir, nodes, "friend");
    friend.node().start();
    friend.node().dial(victim.node());
    Transaction tx = Chains.transfer(TestChain.KEYS.get(2), 0, 1);
    assertTrue(friend.pool().add(tx).isAccepted());
    await("victim still gossips", () -> victim.pool().get(tx.hash()).isPresent());
  }
}
