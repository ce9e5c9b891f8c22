package org.mercato.consensus.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mercato.consensus.bft.types.DuplicateVoteEvidence;
import org.mercato.consensus.bft.types.Vote;
import org.mercato.consensus.codec.ConsensusMessage;
import org.mercato.consensus.codec.EvidenceCodec;
import org.mercato.state.types.Address;

/**
 * docs/spec/consensus.md §10 "Relay", on four real chains in simulated time: a counted vote and a valid proposal
 * are passed on once, so validators that are not connected to each other still decide every height, and an
 * equivocation split between peers (each half sees one of the two votes) is still detected and committed.
 */
class RelayTest {
  private static final Duration LIMIT = Duration.ofMinutes(3);

  @TempDir Path dir;

  @Test
  void validatorsWhoseVotesTravelAlongALineDecideWithVotesTheyOnlyGetRelayed() {
    try (Cluster c = new Cluster(dir, 4)) {
      // Votes travel 0 - 1 - 2 - 3 only (proposals reach everyone, as from a well-connected proposer; proposals are
      // not relayed, §10): node 0 hears the votes of 2 and 3 only through relays, and {0, 1} alone is half the power.
      c.lost = (s, to) -> s.message() instanceof ConsensusMessage.VoteMessage && Math.abs(s.from() - to) != 1;
      c.startAll();
      assertTrue(c.runUntil(() -> c.running().stream().allMatch(n -> n.head() >= 3), LIMIT), "3 heights on all four");
      List<Address> far = List.of(c.vals.validator(2).address(), c.vals.validator(3).address());
      assertTrue(c.nodes[0].commits.stream().allMatch(k -> k.precommits().stream().map(Vote::validator).anyMatch(far::contains)),
          "each of node 0's commits holds a precommit of node 2 or 3, which only relays bring it (it needs 3 of 4)");
      for (long h = 1; h <= 3; h++) {
        for (Cluster.Node n : c.nodes) {
          assertEquals(c.nodes[0].chain.chain().store().header(h).orElseThrow().hash(),
              n.chain.chain().store().header(h).orElseThrow().hash(), "node " + n.index + " at height " + h);
        }
      }
    }
  }

  @Test
  void anEquivocationSplitBetweenPeersIsDetectedByEveryHonestNodeAndCommitted() {
    try (Cluster c = new Cluster(dir, 4)) {
      int cheat = 1; // its votes go to nodes 0 and 2, their twins to node 3: no node gets both from it
      c.splitSigners.add(cheat);
      Address cheater = c.vals.validator(cheat).address();
      c.startAll();
      assertTrue(c.runUntil(() -> committedEvidence(c.nodes[0]).size() > 0 && c.running().stream().allMatch(n -> n.head() >= 4),
          LIMIT), "evidence committed while the chain goes on");
      // No node received both votes from the cheater itself: node 3 got only twins, nodes 0 and 2 only originals.
      assertTrue(c.ownBy(cheat).stream().anyMatch(s -> isVoteOf(s.message(), c, cheat)), "the cheater voted");
      for (Cluster.Node n : c.nodes) {
        if (n.index != cheat) {
          assertFalse(n.evidence.isEmpty(), "honest node " + n.index + " detected the equivocation");
          assertTrue(n.evidence.stream().allMatch(e -> e.voteA().validator().equals(cheater)), "only the cheater is accused");
        }
      }
      for (DuplicateVoteEvidence e : committedEvidence(c.nodes[0])) {
        assertEquals(cheater, e.voteA().validator());
      }
    }
  }

  private static boolean isVoteOf(ConsensusMessage m, Cluster c, int i) {
    return m instanceof ConsensusMessage.VoteMessage v && v.vote().validator().equals(c.vals.validator(i).address());
  }

  private static List<DuplicateVoteEvidence> committedEvidence(Cluster.Node n) {
    List<DuplicateVoteEvidence> out = new ArrayList<>();
    for (long h = 1; h <= n.head(); h++) {
      n.chain.chain().store().evidence(h).forEach(b -> out.add(EvidenceCodec.decode(b).orElseThrow()));
    }
    return out;
  }

  @Test
  void validatorsConnectedInALineDecideEveryHeightInRoundZero() {
    try (Cluster c = new Cluster(dir, 4)) {
      // Everything travels 0 - 1 - 2 - 3 only: node 3's proposals reach node 0 through two relays.
      c.lost = (s, to) -> Math.abs(s.from() - to) != 1;
      c.startAll();
      assertTrue(c.runUntil(() -> c.running().stream().allMatch(n -> n.head() >= 5), LIMIT), "5 heights on all four");
      for (Cluster.Node n : c.nodes) {
        for (int i = 0; i < 5; i++) {
          assertEquals(0, n.commits.get(i).round().value(), "node " + n.index + ", height " + (i + 1) + ": every proposal arrived");
        }
      }
      java.util.Set<Address> proposers = new java.util.HashSet<>();
      for (long h = 1; h <= 5; h++) {
        proposers.add(c.nodes[0].chain.chain().store().header(h).orElseThrow().proposer());
      }
      assertEquals(4, proposers.size(), "blocks of all four proposers, the far ones included");
    }
  }
}
