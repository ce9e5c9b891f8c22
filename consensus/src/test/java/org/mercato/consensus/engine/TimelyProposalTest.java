package org.mercato.consensus.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mercato.consensus.bft.types.Vote;
import org.mercato.consensus.bft.types.VoteType;
import org.mercato.consensus.codec.ConsensusMessage;
import org.mercato.state.block.BlockHeader;
import org.mercato.state.types.Address;

/**
 * docs/spec/consensus.md §10 "Timely proposals": a fresh proposal whose block timestamp is more than
 * 2 s ahead of, or 15 s behind, a validator's clock gets that validator's nil prevote; the height is
 * decided in a later round with a timestamp close to real time, and the validator with the wrong clock
 * still helps commit it (locking and deciding need only valid(v)). Simulated time, four real chains.
 */
class TimelyProposalTest {
  private static final Duration LIMIT = Duration.ofMinutes(2);

  @TempDir Path dir;

  @Test
  void aProposerWhoseClockRunsAheadGetsNilPrevotesAndAnotherBlockIsDecided() {
    try (Cluster c = new Cluster(dir, 4)) {
      int skewed = skewFirstProposer(c, Duration.ofSeconds(60));
      BlockHeader block1 = decideHeightOne(c);

      assertRoundZeroPrevotesOfTheOthersAreNil(c, skewed);
      assertEquals(1, c.nodes[0].commits.get(0).round().value(), "decided in round 1, by the next proposer");
      assertNotEquals(address(c, skewed), block1.proposer(), "the skewed proposer's block was not taken");
      long now = c.scheduler.clock().instant().getEpochSecond();
      assertTrue(block1.timestamp() <= now && block1.timestamp() >= now - 15, "block time is real time: " + block1.timestamp());
      assertSkewedNodePrecommittedTheBlock(c, skewed, block1);
    }
  }

  @Test
  void aProposerWhoseClockRunsBehindGetsNilPrevotesToo() {
    try (Cluster c = new Cluster(dir, 4)) {
      int skewed = skewFirstProposer(c, Duration.ofSeconds(-60));
      BlockHeader block1 = decideHeightOne(c);

      assertRoundZeroPrevotesOfTheOthersAreNil(c, skewed);
      assertEquals(1, c.nodes[0].commits.get(0).round().value());
      assertNotEquals(address(c, skewed), block1.proposer());
      assertSkewedNodePrecommittedTheBlock(c, skewed, block1);
    }
  }

  @Test
  void aClockWithinTheBoundsChangesNothing() {
    try (Cluster c = new Cluster(dir, 4)) {
      int skewed = skewFirstProposer(c, Duration.ofSeconds(1));
      BlockHeader block1 = decideHeightOne(c);

      assertEquals(0, c.nodes[0].commits.get(0).round().value(), "decided in round 0");
      assertEquals(address(c, skewed), block1.proposer());
      assertTrue(c.sent.stream().map(TimelyProposalTest::prevote).flatMap(Optional::stream)
          .filter(v -> v.round().value() == 0).allMatch(v -> v.value().isPresent()), "every round-0 prevote is for the block");
    }
  }

  /** §10 "Timely proposals": `behind` widens by a tenth of itself per round, `ahead` does not. */
  @Test
  void theBehindBoundWidensByATenthPerRound() {
    ProposalTimeliness t = ProposalTimeliness.DEFAULT;
    Instant now = Instant.ofEpochSecond(1_000);
    assertFalse(t.isTimely(984, now, 0), "16 s behind in round 0");
    assertTrue(t.isTimely(984, now, 1), "16 s behind in round 1 (15 + 1.5, whole seconds)");
    assertFalse(t.isTimely(983, now, 1));
    assertTrue(t.isTimely(970, now, 10), "30 s behind in round 10");
    assertFalse(t.isTimely(969, now, 10));
    assertFalse(t.isTimely(1_003, now, 10), "3 s ahead is never timely");
    assertEquals(t.isTimely(984, now), t.isTimely(984, now, 0));
  }

  @Test
  void boundsAreInclusiveWholeSeconds() {
    ProposalTimeliness t = ProposalTimeliness.DEFAULT;
    Instant now = Instant.ofEpochSecond(1_000, 999_000_000);
    assertTrue(t.isTimely(1_002, now));
    assertFalse(t.isTimely(1_003, now));
    assertTrue(t.isTimely(985, now));
    assertFalse(t.isTimely(984, now));
  }

  /** The proposer of (1, 0) gets a clock off by {@code skew}; returns its index. */
  private static int skewFirstProposer(Cluster c, Duration skew) {
    int proposer = c.vals.proposerIndex(0);
    Cluster.Node n = c.nodes[proposer];
    n.engine.close();
    n.clockSkew = skew;
    n.engine = n.newEngine();
    c.startAll();
    return proposer;
  }

  private static BlockHeader decideHeightOne(Cluster c) {
    assertTrue(c.runUntil(() -> c.running().stream().allMatch(n -> n.head() >= 1), LIMIT), "height 1 decided on every node");
    BlockHeader h = c.nodes[0].chain.chain().store().header(1).orElseThrow();
    for (Cluster.Node n : c.nodes) {
      assertEquals(h.hash(), n.chain.chain().store().header(1).orElseThrow().hash(), "same block 1 on node " + n.index);
    }
    return h;
  }

  private static void assertRoundZeroPrevotesOfTheOthersAreNil(Cluster c, int skewed) {
    List<Vote> others = java.util.stream.IntStream.range(0, 4).filter(i -> i != skewed).boxed()
        .flatMap(i -> c.ownBy(i).stream()).map(TimelyProposalTest::prevote)
        .flatMap(Optional::stream).filter(v -> v.height().value() == 1 && v.round().value() == 0).toList();
    assertEquals(3, others.size(), "each of the three others prevoted in round 0");
    assertTrue(others.stream().allMatch(v -> v.value().isEmpty()), "and every one of them prevoted nil: " + others);
  }

  /** The skewed node found the round-1 block untimely too (nil prevote) but precommitted it once it saw the polka. */
  private static void assertSkewedNodePrecommittedTheBlock(Cluster c, int skewed, BlockHeader block) {
    List<Vote> mine = c.ownBy(skewed).stream().map(s -> s.message() instanceof ConsensusMessage.VoteMessage v
        ? Optional.of(v.vote()) : Optional.<Vote>empty()).flatMap(Optional::stream)
        .filter(v -> v.height().value() == 1 && v.round().value() == 1).toList();
    assertTrue(mine.stream().anyMatch(v -> v.type() == VoteType.PREVOTE && v.value().isEmpty()), "nil prevote: " + mine);
    assertTrue(mine.stream().anyMatch(v -> v.type() == VoteType.PRECOMMIT && v.value().equals(Optional.of(block.hash()))),
        "precommit for the block the others found timely: " + mine);
  }

  private static Optional<Vote> prevote(Cluster.Sent s) {
    return s.message() instanceof ConsensusMessage.VoteMessage v && v.vote().type() == VoteType.PREVOTE
        ? Optional.of(v.vote()) : Optional.empty();
  }

  private static Address address(Cluster c, int i) {
    return c.vals.validator(i).address();
  }
}
