package org.mercato.consensus.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.tuweni.bytes.Bytes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mercato.consensus.bft.types.Round;
import org.mercato.consensus.bft.types.VoteType;
import org.mercato.consensus.codec.ConsensusMessage;
import org.mercato.state.types.Hash;

/**
 * Catch-up (docs/spec/consensus.md §10): an undecided height's own messages are broadcast again every
 * {@code catchUpInterval}, so a lost vote does not stall a height in which every vote counts.
 * Four validators, one silent (so the other three are all needed), simulated time.
 */
class CatchUpTest {
  @TempDir Path dir;

  /** Who is who: p0 proposes round 0; a's messages to b are lost the first time; one validator is silent. */
  private record Roles(int p0, int a, int b, int silent) {}

  private static Roles roles(Cluster c) {
    int p0 = c.vals.proposerIndex(0);
    List<Integer> others = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      if (i != p0) {
        others.add(i);
      }
    }
    return new Roles(p0, others.get(0), others.get(1), others.get(2));
  }

  /**
   * Loses the first delivery of every message from {@code a} to {@code b} (later copies from a get through), and
   * every relay of a's votes to b by the others: only a's own catch-up can then bring b what it missed (with relay,
   * consensus.md §10 "Relay", a copy from any other node that counted the vote would heal the loss at once).
   */
  private static void loseFirstCopies(Cluster c, Roles r) {
    Set<Bytes> seen = new HashSet<>();
    org.mercato.state.types.Address a = c.vals.validator(r.a()).address();
    c.lost = (s, to) -> to == r.b() && Cluster.signer(s.message()).equals(a) && (s.from() != r.a() || seen.add(s.bytes()));
  }

  private static long heightOf(ConsensusMessage m) {
    return m instanceof ConsensusMessage.VoteMessage v ? v.vote().height().value()
        : ((ConsensusMessage.ProposalMessage) m).proposal().height().value();
  }

  @Test
  void votesLostOnTheWayArriveWithTheNextTickAndTheHeightDecidesInRound0() {
    try (Cluster c = new Cluster(dir, 4)) {
      Roles r = roles(c);
      c.silent.add(r.silent());
      loseFirstCopies(c, r);
      List<Cluster.Sent> afterDecision = new ArrayList<>();
      c.onSend = s -> {
        Cluster.Node from = c.nodes[s.from()];
        long h = heightOf(s.message());
        if (h <= from.head() && !(h == from.head() && ofItsCommit(from, s.message()))) {
          afterDecision.add(s);
        }
      };
      c.startAll();
      c.runUntil(() -> false, Duration.ofMillis(1_500));
      assertTrue(c.running().stream().allMatch(n -> n.head() == 0), "without a's votes b cannot precommit, so nobody decides");

      assertTrue(c.runUntil(() -> c.running().stream().allMatch(n -> n.head() >= 1), Duration.ofSeconds(3)),
          "decided once a's tick re-sent its votes (2 s)");
      for (Cluster.Node n : c.running()) {
        assertEquals(Round.ZERO, n.commits.get(0).round(), "node " + n.index + ": no round change was needed");
      }
      List<byte[]> aPrevotes = c.ownBy(r.a()).stream()
          .filter(s -> s.message() instanceof ConsensusMessage.VoteMessage v && v.vote().type() == VoteType.PREVOTE
              && v.vote().height().value() == 1)
          .map(s -> s.bytes().toArrayUnsafe()).toList();
      assertTrue(aPrevotes.size() >= 2, "a's prevote went out again");
      assertArrayEquals(aPrevotes.get(0), aPrevotes.get(1), "the identical message, same signature");

      // Every height loses a's first copies to b: b keeps needing a's votes, at its height and (when a
      // decided first) a's precommit of the height b is still at.
      assertTrue(c.runUntil(() -> c.running().stream().allMatch(n -> n.head() >= 6), Duration.ofMinutes(2)), "6 heights");
      assertEquals(List.of(), afterDecision, "of a decided height, only the sender's own commit precommit goes out again");
      Bytes aCommitVote = Cluster.CODEC.encodeVote(c.nodes[r.a()].commits.get(0).precommits().stream()
          .filter(v -> v.validator().equals(c.vals.validator(r.a()).address())).findFirst().orElseThrow());
      assertTrue(c.sentBy(r.a()).stream().filter(s -> s.bytes().equals(aCommitVote)).count() >= 2,
          "a's precommit of height 1 went out again during height 2");
    }
  }

  /** The sender's precommit in the commit of its head, or its proposal of the head block. */
  private static boolean ofItsCommit(Cluster.Node from, ConsensusMessage m) {
    if (m instanceof ConsensusMessage.VoteMessage v) {
      return from.commits.get(from.commits.size() - 1).precommits().contains(v.vote());
    }
    return ((ConsensusMessage.ProposalMessage) m).proposal().value().equals(from.chain.chain().headHash());
  }

  @Test
  void aNodeThatMissedTheDecidedProposalGetsItFromTheProposerDuringTheNextHeight() {
    try (Cluster c = new Cluster(dir, 4)) {
      int p0 = c.vals.proposerIndex(0);
      List<Integer> others = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        if (i != p0) {
          others.add(i);
        }
      }
      int b = others.get(0);
      int d = others.get(2);
      // b hears nothing of p0's height 1 while p0 has not decided it: no proposal, no votes, neither from p0 nor relayed.
      org.mercato.state.types.Address p0Address = c.vals.validator(p0).address();
      c.lost = (s, to) -> Cluster.signer(s.message()).equals(p0Address) && to == b && heightOf(s.message()) == 1
          && c.nodes[p0].head() < 1;
      c.startAll();
      assertTrue(c.runUntil(() -> others.stream().filter(i -> i != b).allMatch(i -> c.nodes[i].head() >= 1)
          && c.nodes[p0].head() >= 1, Duration.ofSeconds(10)), "three of four decide height 1 without b");
      assertEquals(0, c.nodes[b].head());
      c.silent.add(d); // d stops: height 2 needs b, which is still at height 1 without the block
      List<Cluster.Node> left = c.running();
      assertTrue(c.runUntil(() -> left.stream().allMatch(n -> n.head() >= 3), Duration.ofMinutes(1)),
          "p0 re-sent its proposal and precommit of height 1 during height 2; b decided 1, then 2 and 3 with the others");
      assertEquals(c.nodes[p0].chain.chain().store().header(1).orElseThrow().hash(),
          c.nodes[b].chain.chain().store().header(1).orElseThrow().hash());
    }
  }

  @Test
  void withoutCatchUpTheSameLossStallsTheHeight() {
    try (Cluster c = new Cluster(dir, 4)) {
      for (Cluster.Node n : c.nodes) {
        n.config = Cluster.CONFIG.withCatchUpInterval(BftConfig.NO_CATCH_UP);
        n.engine.close();
        n.engine = n.newEngine();
      }
      Roles r = roles(c);
      c.silent.add(r.silent());
      loseFirstCopies(c, r);
      c.startAll();
      assertFalse(c.runUntil(() -> c.running().stream().anyMatch(n -> n.head() >= 1), Duration.ofMinutes(2)),
          "every node waits for a quorum that never comes: no timeout of L34/L47 starts");
    }
  }

  @Test
  void ownMessagesKeepTheLatestProposalAndTheVotesOfTheTwoLatestRounds() {
    OwnMessages own = new OwnMessages();
    assertEquals(List.of(), own.toResend());
    byte[][] pv = new byte[4][];
    byte[][] pc = new byte[4][];
    for (int round = 0; round < 4; round++) {
      pv[round] = new byte[] {1, (byte) round};
      pc[round] = new byte[] {2, (byte) round};
      own.vote(Round.of(round), VoteType.PREVOTE, pv[round]);
      own.vote(Round.of(round), VoteType.PRECOMMIT, pc[round]);
    }
    byte[] p1 = {9, 1};
    byte[] p3 = {9, 3};
    Hash v3 = Hash.ZERO;
    own.proposal(Round.of(3), v3, p3);
    own.proposal(Round.of(1), org.mercato.consensus.bft.TestValidators.value("x"), p1); // older: does not replace the latest
    assertEquals(List.of(p3, pv[2], pc[2], pv[3], pc[3]), own.toResend());
    own.vote(Round.of(4), VoteType.PREVOTE, pv[0]);
    assertEquals(List.of(p3, pv[3], pc[3], pv[0]), own.toResend(), "round 4's prevote pushes round 2 out; no precommit yet");
    own.decided(v3, pc[3]); // our precommit of round 3 is in the commit, of our own proposal's value
    own.nextHeight();
    assertEquals(List.of(p3, pc[3]), own.toResend(), "of the decided height, only our proposal of it and commit precommit");
    own.vote(Round.ZERO, VoteType.PREVOTE, pv[1]);
    own.decided(org.mercato.consensus.bft.TestValidators.value("y"), null); // another's block, decided by others' precommits
    own.nextHeight();
    assertEquals(List.of(), own.toResend());
  }
}
