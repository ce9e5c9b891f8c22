package org.mercato.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.tuweni.bytes.Bytes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mercato.consensus.bft.types.ConsensusSigner;
import org.mercato.consensus.bft.types.DuplicateVoteEvidence;
import org.mercato.consensus.bft.types.Vote;
import org.mercato.consensus.codec.ConsensusCodec;
import org.mercato.consensus.codec.ConsensusMessage;
import org.mercato.consensus.codec.DecodeOutcome;
import org.mercato.consensus.codec.EvidenceCodec;
import org.mercato.consensus.engine.ConsensusNetwork;
import org.mercato.node.cli.NodeHome;
import org.mercato.node.cli.TestnetCommand;
import org.mercato.node.cli.TestnetCommand.TestnetNode;
import org.mercato.node.config.NetworkConfig;
import org.mercato.node.network.ValidatorNetwork;
import org.mercato.state.chain.ChainStore;
import org.mercato.state.crypto.Keccak;
import org.mercato.state.tx.TransactionDecoder;
import org.mercato.state.types.Address;
import org.mercato.state.types.Hash;

/**
 * The validator-network issue's "a double-signing validator (a test build that signs twice) is caught
 * and its evidence is committed", over real loopback sockets: 4 in-process validators as in
 * {@link TestnetTest}, one of them built with {@link ValidatorNetwork.Settings#withOutgoingForTesting}
 * so that after each vote it broadcasts a second, conflicting vote signed with its bare key (no
 * double-sign guard). The in-memory version is consensus's {@code DoubleSigningTest}.
 */
class DoubleSigningNetworkTest {
  private static final long CHAIN_ID = 31337;
  private static final int CHEAT = 2;

  @TempDir Path tmp;

  @Test
  void aDoubleSigningValidatorIsCaughtAndItsEvidenceIsCommittedOnEveryNode() throws Exception {
    List<TestnetNode> homes = TestnetCommand.write(tmp.resolve("net"), 4, CHAIN_ID, TestnetTest.freeBasePort(8),
        TestnetTest.fast(NetworkConfig.defaults()));
    MercatoNode[] nodes = new MercatoNode[4];
    AtomicInteger twins = new AtomicInteger();
    try {
      for (int i = 0; i < 4; i++) {
        NodeHome h = TestnetTest.load(homes.get(i));
        ValidatorNetwork.Settings s = h.settings();
        if (i == CHEAT) {
          ConsensusSigner bare = new ConsensusSigner(ValidatorNetwork.chainIdOf(CHAIN_ID), s.validatorKey(), TestnetTest.CURVE);
          s = s.withOutgoingForTesting(out -> doubleSigning(out, bare, twins));
        }
        nodes[i] = TestnetTest.start(h, s);
      }
      Address cheater = nodes[CHEAT].network().validatorAddress();
      long[] found = {-1};
      TestnetTest.waitUntil(() -> {
        found[0] = firstEvidenceHeight(nodes[0].chain().store(), nodes[0].chain().head().number());
        return found[0] > 0;
      }, "evidence committed in a block of node 0");
      long at = found[0];
      // Each of the three others detects it: every one of them proposes a block carrying evidence
      // (only a proposer that saw both votes includes it).
      Set<Address> honest = new HashSet<>();
      for (int i = 0; i < 4; i++) {
        if (i != CHEAT) {
          honest.add(nodes[i].network().validatorAddress());
        }
      }
      TestnetTest.waitUntil(() -> reporters(nodes[0].chain().store(), nodes[0].chain().head().number()).containsAll(honest),
          "each honest validator proposes a block with evidence");
      long last = nodes[0].chain().head().number();
      TestnetTest.waitUntil(() -> minHead(nodes) >= last + 3, "every node 3 blocks past block " + last);
      assertTrue(twins.get() > 0, "the test build sent conflicting votes");

      // Every node has the same evidence in block `at`, and every committed item accuses only the cheater.
      List<Bytes> reference = nodes[0].chain().store().evidence(at);
      assertFalse(reference.isEmpty());
      long upTo = minHead(nodes);
      for (MercatoNode n : nodes) {
        assertEquals(reference, n.chain().store().evidence(at), "evidence of block " + at + " on " + n.network().validatorAddress());
        for (long h = 1; h <= upTo; h++) {
          assertEquals(nodes[0].chain().store().canonicalHash(h), n.chain().store().canonicalHash(h), "block " + h);
          for (Bytes item : n.chain().store().evidence(h)) {
            DuplicateVoteEvidence e = EvidenceCodec.decode(item).orElseThrow();
            assertEquals(cheater, e.voteA().validator(), "only the double signer is accused (block " + h + ")");
            assertEquals(cheater, e.voteB().validator());
            assertTrue(e.voteA().height().value() < h, "evidence of an earlier height");
          }
        }
      }
      // The cheater may report itself as well: the others relay its twins back to it (consensus.md §10 "Relay"),
      // and a vote under its key that it did not sign is evidence like any other.
      // The same evidence over JSON-RPC (consensus.md §12), as an explorer reads it.
      com.fasterxml.jackson.databind.JsonNode listed = TestnetTest.rpc(nodes[1]).call("mercato_getEvidence", "0x" + Long.toHexString(at));
      assertEquals(reference.size(), listed.size(), listed.toString());
      assertEquals(cheater.toHex(), listed.get(0).get("validator").asText(), listed.toString());
      assertEquals("duplicateVote", listed.get(0).get("type").asText());
      assertNotEquals(listed.get(0).get("voteA").toString(), listed.get(0).get("voteB").toString(), "two different votes");
      System.out.printf("evidence against %s first committed in block %d, in blocks of all 3 others, same on all 4 nodes;"
          + " %d conflicting votes sent; head %d%n", cheater, at, twins.get(), upTo);
    } finally {
      for (MercatoNode n : nodes) {
        if (n != null) {
          n.close();
        }
      }
    }
  }

  /**
   * The test build's broadcast: every vote goes out, then a second vote for the same (height, round,
   * type) with another value (nil ↔ a made-up hash), signed by {@code bare}, which has no guard.
   */
  private static ConsensusNetwork doubleSigning(ConsensusNetwork out, ConsensusSigner bare, AtomicInteger twins) {
    ConsensusCodec codec = new ConsensusCodec(new TransactionDecoder(TestnetTest.CURVE));
    Hash fork = Keccak.hash(Bytes.wrap("fork".getBytes()));
    return message -> {
      out.broadcast(message);
      DecodeOutcome<ConsensusMessage> d = codec.decode(Bytes.wrap(message));
      if (d instanceof DecodeOutcome.Failed<ConsensusMessage>) {
        return;
      }
      // Its own votes only: the votes of others it relays (consensus.md §10) go through here too.
      if (d.orElseThrow() instanceof ConsensusMessage.VoteMessage vm && vm.vote().validator().equals(bare.address())) {
        Vote v = vm.vote();
        Optional<Hash> other = v.value().isPresent() ? Optional.empty() : Optional.of(fork);
        out.broadcast(codec.encodeVote(bare.vote(v.type(), v.height(), v.round(), other)).toArray());
        twins.incrementAndGet();
      }
    };
  }

  private static long firstEvidenceHeight(ChainStore store, long head) {
    for (long h = 1; h <= head; h++) {
      if (!store.evidence(h).isEmpty()) {
        return h;
      }
    }
    return -1;
  }

  /** The proposers of the blocks 1..head that carry evidence. */
  private static Set<Address> reporters(ChainStore store, long head) {
    Set<Address> out = new HashSet<>();
    for (long h = 1; h <= head; h++) {
      if (!store.evidence(h).isEmpty()) {
        out.add(store.header(h).orElseThrow().proposer());
      }
    }
    return out;
  }

  private static long minHead(MercatoNode[] nodes) {
    long min = Long.MAX_VALUE;
    for (MercatoNode n : nodes) {
      min = Math.min(min, n.chain().head().number());
    }
    return min;
  }
}
