package org.mercato.consensus.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.tuweni.bytes.Bytes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mercato.consensus.bft.types.DuplicateVoteEvidence;
import org.mercato.consensus.bft.types.Height;
import org.mercato.consensus.bft.types.Round;
import org.mercato.consensus.bft.types.Vote;
import org.mercato.consensus.bft.types.VoteType;
import org.mercato.consensus.codec.ConsensusMessage;
import org.mercato.consensus.codec.EvidenceCodec;
import org.mercato.consensus.evidence.EvidencePool;
import org.mercato.state.block.Block;
import org.mercato.state.chain.ExecutedBlock;
import org.mercato.state.types.Address;
import org.mercato.state.types.Hash;

/** A validator that signs twice is caught; its evidence is committed in blocks every node agrees on. */
class DoubleSigningTest {
  private static final Duration LIMIT = Duration.ofMinutes(3);

  @TempDir Path dir;

  private static List<DuplicateVoteEvidence> committedEvidence(Cluster.Node n, long upTo) {
    List<DuplicateVoteEvidence> out = new ArrayList<>();
    for (long h = 1; h <= upTo; h++) {
      n.chain.chain().store().evidence(h).forEach(b -> out.add(EvidenceCodec.decode(b).orElseThrow()));
    }
    return out;
  }

  @Test
  void aValidatorThatSignsTwiceIsCaughtAndItsEvidenceIsCommitted() {
    try (Cluster c = new Cluster(dir, 4)) {
      int cheat = 2;
      Address cheater = c.vals.validator(cheat).address();
      c.doubleSigners.add(cheat);
      c.startAll();
      assertTrue(c.runUntil(() -> c.running().stream().allMatch(n -> n.head() >= 8)
          && !committedEvidence(c.nodes[0], c.nodes[0].head()).isEmpty(), LIMIT), "8 heights and committed evidence");
      long upTo = c.running().stream().mapToLong(Cluster.Node::head).min().orElseThrow();
      for (long h = 1; h <= upTo; h++) {
        Hash expected = c.nodes[0].chain.chain().store().header(h).orElseThrow().hash();
        for (Cluster.Node n : c.nodes) {
          assertEquals(expected, n.chain.chain().store().header(h).orElseThrow().hash(), "node " + n.index + " at " + h);
          assertEquals(c.nodes[0].chain.chain().store().evidence(h), n.chain.chain().store().evidence(h));
        }
      }
      List<DuplicateVoteEvidence> committed = committedEvidence(c.nodes[0], upTo);
      assertFalse(committed.isEmpty());
      Set<EvidencePool.Key> offences = new HashSet<>();
      for (DuplicateVoteEvidence e : committed) {
        assertEquals(cheater, e.voteA().validator(), "only the double signer is accused");
        assertTrue(offences.add(EvidencePool.Key.of(e)), "each offence committed once: " + e.voteA());
      }
      assertTrue(committed.stream().anyMatch(e -> e.voteA().type() == VoteType.PREVOTE));
      assertTrue(committed.stream().anyMatch(e -> e.voteA().type() == VoteType.PRECOMMIT));
      for (Cluster.Node n : c.nodes) {
        if (n.index != cheat) {
          assertFalse(n.evidence.isEmpty(), "node " + n.index + " detected the equivocation");
        }
        // what a node's pool knows as committed is what the chain holds
        for (DuplicateVoteEvidence e : committed) {
          assertTrue(n.engine.evidencePool().committedIn(EvidencePool.Key.of(e)).isPresent());
          assertFalse(n.engine.evidencePool().pending().contains(e));
        }
      }
      // the chain keeps committing after evidence went in
      long after = upTo + 3;
      assertTrue(c.runUntil(() -> c.running().stream().allMatch(n -> n.head() >= after), LIMIT), "3 more heights");
    }
  }

  @Test
  void aProposalWithInvalidEvidenceIsPrevotedNil() {
    try (Cluster c = new Cluster(dir, 4)) {
      int proposer = c.vals.proposerIndex(0);
      int me = (proposer + 1) % 4;
      c.silenceAllBut(me);
      Cluster.Node node = c.nodes[me];
      // "evidence" against an honest validator: two votes of one value is not equivocation, so forge
      // the second with another validator's signature.
      int victim = (me + 2) % 4;
      Vote real = c.vals.signer(victim).vote(VoteType.PREVOTE, Height.of(1), Round.ZERO, Optional.empty());
      Vote other = c.vals.signer(me).vote(VoteType.PREVOTE, Height.of(1), Round.ZERO, Optional.of(Hash.ZERO));
      Vote forged = new Vote(other.type(), other.height(), other.round(), other.value(), real.validator(), other.signature());
      Bytes bogus = EvidenceCodec.encode(new DuplicateVoteEvidence(real, forged));
      // height 1 cannot carry evidence of height 1 either way; the signature check is what fails at height 2+,
      // so this block is refused for the height rule: both lead to a nil prevote.
      ExecutedBlock built = node.chain.chain().propose(2_000_000, c.vals.validator(proposer).address(), Bytes.EMPTY,
          List.of(bogus), List.of());
      Block block = built.block();
      node.startAndReceive(c.firstProposal(proposer, block));
      List<Cluster.Sent> mine = c.sentBy(me);
      assertEquals(1, mine.size(), mine.toString());
      Vote prevote = ((ConsensusMessage.VoteMessage) mine.get(0).message()).vote();
      assertEquals(VoteType.PREVOTE, prevote.type());
      assertEquals(Optional.empty(), prevote.value(), "invalid evidence: the block is not valid(v)");
      assertTrue(node.engine.evidencePool().verify(List.of(bogus), 2).orElseThrow().contains("does not verify"));
    }
  }
}
