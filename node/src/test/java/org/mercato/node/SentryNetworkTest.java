package org.mercato.node;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mercato.consensus.bft.types.Commit;
import org.mercato.consensus.bft.types.Vote;
import org.mercato.consensus.codec.CommitCodec;
import org.mercato.genesis.ValidatorKey;
import org.mercato.node.cli.NodeHome;
import org.mercato.node.cli.TestnetCommand;
import org.mercato.node.cli.TestnetCommand.TestnetNode;
import org.mercato.node.config.MetricsConfig;
import org.mercato.node.config.NetworkConfig;
import org.mercato.state.block.BlockHeader;
import org.mercato.state.chain.ChainStore;
import org.mercato.state.types.Address;

/**
 * A validator behind a sentry (docs/spec/consensus.md §10 "Relay"), over real loopback sockets: validators 0-2 are
 * connected to each other and to a full node S; validator 3 is connected to S only. Its proposals and votes reach the
 * others only through S, and theirs reach it only through S. Every node must commit the same blocks, blocks that
 * validator 3 proposed must be committed, and its precommits must be in the others' commits (all three fail without
 * relay: S would pass on nothing).
 */
class SentryNetworkTest {
  private static final long CHAIN_ID = 31337;

  @TempDir Path tmp;

  @Test
  void aValidatorReachableOnlyThroughASentryProposesAndVotes() throws Exception {
    List<TestnetNode> homes = TestnetCommand.write(tmp.resolve("net"), 4, CHAIN_ID, TestnetTest.freeBasePort(12),
        TestnetTest.fast(NetworkConfig.defaults()));
    List<MercatoNode> started = new ArrayList<>();
    try {
      MercatoNode[] v = new MercatoNode[4];
      for (int i = 0; i < 3; i++) {
        NodeHome h = TestnetTest.load(homes.get(i));
        List<String> peers = new ArrayList<>();
        for (int j = 0; j < 3; j++) {
          if (j != i) {
            peers.add(homes.get(j).peerAddress());
          }
        }
        v[i] = TestnetTest.start(h.withNetwork(h.network().withPeers(peers)));
        started.add(v[i]);
      }
      NodeHome h3 = TestnetTest.load(homes.get(3));
      v[3] = TestnetTest.start(h3.withNetwork(h3.network().withPeers(List.of()))); // dials nobody: S dials it
      started.add(v[3]);

      Path home = tmp.resolve("sentry");
      Files.createDirectories(home);
      Files.copy(homes.get(0).home().resolve("genesis.json"), home.resolve("genesis.json"));
      ValidatorKey.generate(new SecureRandom(), TestnetTest.CURVE).write(home.resolve(ValidatorKey.FILE_NAME));
      NodeHome s = NodeHome.load(home, TestnetTest.CURVE);
      s = s.withConfig(s.config().withRpc("127.0.0.1", 0).withMetrics(new MetricsConfig(true, "127.0.0.1", 0)))
          .withNetwork(TestnetTest.fast(s.network().withListen("127.0.0.1", 0))
              .withPeers(homes.stream().map(TestnetNode::peerAddress).toList()));
      MercatoNode sentry = TestnetTest.start(s);
      started.add(sentry);
      assertFalse(sentry.network().isValidator());

      TestnetTest.waitUntil(() -> List.of(v).stream().allMatch(n -> n.chain().head().number() >= 9), "four validators at block 9");
      TestnetTest.waitUntil(() -> v[3].network().peerCount() == 1, "validator 3 has the sentry as its only peer");
      TestnetTest.assertSameBlocks(started);

      Address hidden = v[3].network().validatorAddress();
      ChainStore store = v[0].chain().store();
      long head = v[0].chain().head().number();
      boolean proposedByHidden = false;
      boolean signedByHidden = false;
      for (long n = 1; n <= head; n++) {
        BlockHeader header = store.header(n).orElseThrow();
        proposedByHidden |= header.proposer().equals(hidden);
        if (n >= 2) {
          Commit c = CommitCodec.decode(header.lastCommit()).orElseThrow();
          signedByHidden |= c.precommits().stream().map(Vote::validator).anyMatch(hidden::equals);
        }
      }
      assertTrue(proposedByHidden, "a block proposed by the validator behind the sentry was committed");
      assertTrue(signedByHidden, "its precommits reached the others through the sentry");
    } finally {
      for (MercatoNode n : started) {
        n.close();
      }
    }
  }
}
