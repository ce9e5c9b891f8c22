package org.mercato.consensus.evidence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mercato.consensus.codec.DecodeAssertions.error;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.rlp.RLP;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mercato.consensus.bft.TestValidators;
import org.mercato.consensus.bft.types.DuplicateVoteEvidence;
import org.mercato.consensus.bft.types.Height;
import org.mercato.consensus.bft.types.Round;
import org.mercato.consensus.bft.types.Vote;
import org.mercato.consensus.bft.types.VoteType;
import org.mercato.consensus.codec.CodecError;
import org.mercato.consensus.codec.ConsensusCodec;
import org.mercato.consensus.codec.ConsensusMessage;
import org.mercato.consensus.codec.EvidenceCodec;
import org.mercato.consensus.codec.SignatureBytes;
import org.mercato.consensus.engine.ValidatorSets;
import org.mercato.state.block.Block;
import org.mercato.state.chain.ExecutedBlock;
import org.mercato.state.testing.TestChain;
import org.mercato.state.types.Hash;
import org.mercato.state.types.Wei;

/** Evidence encoding, verification and the pool (docs/spec/consensus.md §11). */
class EvidenceTest {
  private static final TestValidators VALS = TestValidators.withPowers(1, 1, 1, 1);
  private static final Hash X = TestValidators.value("x");
  private static final Hash Y = TestValidators.value("y");

  @TempDir Path dir;

  private static Vote vote(TestValidators vals, int i, VoteType t, long h, int r, Optional<Hash> value) {
    return vals.signer(i).vote(t, Height.of(h), Round.of(r), value);
  }

  private static DuplicateVoteEvidence equivocation(int i, VoteType t, long h, int r) {
    return new DuplicateVoteEvidence(vote(VALS, i, t, h, r, Optional.of(X)), vote(VALS, i, t, h, r, Optional.empty()));
  }

  private static EvidencePool pool() {
    return new EvidencePool(TestValidators.CHAIN, TestValidators.CURVE, ValidatorSets.fixed(VALS.set), 10, 3);
  }

  @Test
  void evidenceRoundTripsCanonicallyInEitherDiscoveryOrder() {
    for (VoteType t : VoteType.values()) {
      Vote a = vote(VALS, 1, t, 7, 3, Optional.of(Y));
      Vote b = vote(VALS, 1, t, 7, 3, Optional.of(X));
      Bytes one = EvidenceCodec.encode(new DuplicateVoteEvidence(a, b));
      Bytes two = EvidenceCodec.encode(new DuplicateVoteEvidence(b, a));
      assertEquals(one, two, "one offence, one encoding");
      DuplicateVoteEvidence back = EvidenceCodec.decode(one).orElseThrow();
      assertEquals(new DuplicateVoteEvidence(a, b), back);
      assertTrue(one.size() < EvidenceCodec.MAX_EVIDENCE_BYTES);
    }
    DuplicateVoteEvidence nil = equivocation(2, VoteType.PRECOMMIT, 1, 0);
    assertTrue(nil.voteA().isNil(), "nil sorts first");
    assertEquals(nil, EvidenceCodec.decode(EvidenceCodec.encode(nil)).orElseThrow());
  }

  @Test
  void malformedEvidenceIsATypedFailure() {
    DuplicateVoteEvidence e = equivocation(0, VoteType.PREVOTE, 2, 0);
    Vote a = e.voteA();
    Vote b = e.voteB();
    assertEquals(CodecError.MALFORMED, error(EvidenceCodec.decode(Bytes.EMPTY)));
    assertEquals(CodecError.TOO_LARGE, error(EvidenceCodec.decode(Bytes.repeat((byte) 1, 600))));
    assertEquals(CodecError.MALFORMED, error(EvidenceCodec.decode(Bytes.fromHexString("0x01"))));
    // out of order (B before A): not canonical
    Bytes swapped = RLP.encodeList(w -> {
      w.writeInt(1);
      w.writeInt(1);
      w.writeLong(2);
      w.writeInt(0);
      w.writeValue(a.validator().bytes());
      w.writeValue(b.value().orElseThrow().bytes());
      w.writeValue(SignatureBytes.encode(b.signature()));
      w.writeValue(Bytes.EMPTY);
      w.writeValue(SignatureBytes.encode(a.signature()));
    });
    assertEquals(CodecError.MALFORMED, error(EvidenceCodec.decode(swapped)));
    Bytes sameValue = RLP.encodeList(w -> {
      w.writeInt(1);
      w.writeInt(1);
      w.writeLong(2);
      w.writeInt(0);
      w.writeValue(a.validator().bytes());
      w.writeValue(Bytes.EMPTY);
      w.writeValue(SignatureBytes.encode(a.signature()));
      w.writeValue(Bytes.EMPTY);
      w.writeValue(SignatureBytes.encode(a.signature()));
    });
    assertEquals(CodecError.INVALID_FIELD, error(EvidenceCodec.decode(sameValue)));
    Bytes otherKind = RLP.encodeList(w -> w.writeInt(9));
    assertEquals(CodecError.UNKNOWN_KIND, error(EvidenceCodec.decode(otherKind)));
    Bytes trailing = Bytes.concatenate(EvidenceCodec.encode(e), Bytes.of(0));
    assertFalse(EvidenceCodec.decode(trailing).isOk());
    // no mutation of a valid item throws
    Bytes good = EvidenceCodec.encode(e);
    for (int i = 0; i < good.size(); i++) {
      byte[] m = good.toArray();
      m[i] ^= 0x5a;
      EvidenceCodec.decode(Bytes.wrap(m));
    }
  }

  @Test
  void verifyAcceptsRealEvidenceAndRejectsEachDefect() {
    EvidencePool pool = pool();
    Bytes good = EvidenceCodec.encode(equivocation(1, VoteType.PREVOTE, 4, 1));
    assertEquals(Optional.empty(), pool.verify(List.of(), 5));
    assertEquals(Optional.empty(), pool.verify(List.of(good), 5));
    assertEquals(Optional.empty(), pool.verify(List.of(good), 14), "age 10 is still in");
    assertTrue(pool.verify(List.of(good), 15).orElseThrow().contains("expired"));
    assertTrue(pool.verify(List.of(good), 4).orElseThrow().contains("not before block"), "same height as the block");
    assertTrue(pool.verify(List.of(good, good), 5).orElseThrow().contains("repeats"));
    // a third value for the same step is the same offence
    Bytes third = EvidenceCodec.encode(new DuplicateVoteEvidence(vote(VALS, 1, VoteType.PREVOTE, 4, 1, Optional.of(X)),
        vote(VALS, 1, VoteType.PREVOTE, 4, 1, Optional.of(Y))));
    assertTrue(pool.verify(List.of(good, third), 5).orElseThrow().contains("repeats"));
    assertTrue(pool.verify(List.of(Bytes.fromHexString("0xc0")), 5).orElseThrow().contains("does not decode"));
    // too many
    List<Bytes> four = new ArrayList<>();
    for (int r = 0; r < 4; r++) {
      four.add(EvidenceCodec.encode(equivocation(0, VoteType.PRECOMMIT, 3, r)));
    }
    assertTrue(pool.verify(four, 5).orElseThrow().contains("> 3"));
    assertEquals(Optional.empty(), pool.verify(four.subList(0, 3), 5));
    // a signer outside the set (seed 99)
    var stranger = new org.mercato.consensus.bft.types.ConsensusSigner(TestValidators.CHAIN, TestValidators.key(99), TestValidators.CURVE);
    Bytes outsider = EvidenceCodec.encode(new DuplicateVoteEvidence(
        stranger.vote(VoteType.PREVOTE, Height.of(2), Round.of(0), Optional.of(X)),
        stranger.vote(VoteType.PREVOTE, Height.of(2), Round.of(0), Optional.empty())));
    assertTrue(pool.verify(List.of(outsider), 5).orElseThrow().contains("not a validator"));
    // a forged second signature: validator 1's name, validator 2's signature
    Vote real = vote(VALS, 1, VoteType.PREVOTE, 2, 0, Optional.of(X));
    Vote byOther = vote(VALS, 2, VoteType.PREVOTE, 2, 0, Optional.empty());
    Vote forged = new Vote(byOther.type(), byOther.height(), byOther.round(), byOther.value(), real.validator(), byOther.signature());
    Bytes bad = EvidenceCodec.encode(new DuplicateVoteEvidence(real, forged));
    assertTrue(pool.verify(List.of(bad), 5).orElseThrow().contains("does not verify"));
    // signed for another chain
    Vote otherChain = new org.mercato.consensus.bft.types.ConsensusSigner(new org.mercato.consensus.bft.types.ChainId("elsewhere"),
        VALS.keys.get(1), TestValidators.CURVE).vote(VoteType.PREVOTE, Height.of(2), Round.of(0), Optional.empty());
    Bytes wrongChain = EvidenceCodec.encode(new DuplicateVoteEvidence(real, otherChain));
    assertTrue(pool.verify(List.of(wrongChain), 5).orElseThrow().contains("does not verify"));
  }

  @Test
  void poolOffersPendingEvidenceOnceAndDropsItWhenCommitted() {
    EvidencePool pool = pool();
    DuplicateVoteEvidence e = equivocation(3, VoteType.PREVOTE, 2, 0);
    assertTrue(pool.add(e));
    assertFalse(pool.add(e), "already pending");
    assertFalse(pool.add(new DuplicateVoteEvidence(vote(VALS, 3, VoteType.PREVOTE, 2, 0, Optional.of(X)),
        vote(VALS, 3, VoteType.PREVOTE, 2, 0, Optional.of(Y)))), "same offence, other pair");
    assertEquals(List.of(), pool.forBlock(2), "not in a block of its own height");
    assertEquals(List.of(EvidenceCodec.encode(e)), pool.forBlock(3));
    // at most maxPerBlock, oldest first
    for (int r = 0; r < 4; r++) {
      assertTrue(pool.add(equivocation(0, VoteType.PRECOMMIT, 1, r)));
    }
    List<Bytes> offered = pool.forBlock(3);
    assertEquals(3, offered.size());
    assertEquals(EvidenceCodec.encode(equivocation(0, VoteType.PRECOMMIT, 1, 0)), offered.get(0));

    Block carrying = blockWith(List.of(EvidenceCodec.encode(e)));
    pool.committed(carrying);
    assertEquals(Optional.of(1L), pool.committedIn(EvidencePool.Key.of(e)));
    assertFalse(pool.pending().contains(e));
    assertFalse(pool.add(e), "committed: not pending again");
    assertTrue(pool.verify(List.of(EvidenceCodec.encode(e)), 3).orElseThrow().contains("committed in block #1"));
    // expiry drops pending items
    assertEquals(List.of(), pool.forBlock(100));
    assertEquals(List.of(), pool.pending());
  }

  @Test
  void poolLoadsCommittedOffencesFromTheChainAndProposalsCarryEvidence() {
    DuplicateVoteEvidence e = equivocation(2, VoteType.PRECOMMIT, 1, 0);
    Bytes item = EvidenceCodec.encode(e);
    try (TestChain tc = TestChain.open(dir, TestChain.params(10_000_000, Wei.of(1_000_000_000L), Wei.of(1), TestChain.fund(1, 100)))) {
      tc.produce(1_001, VALS.validator(0).address(), List.of());
      ExecutedBlock b2 = tc.chain().propose(1_002, VALS.validator(0).address(), Bytes.EMPTY, List.of(item), List.of());
      tc.chain().commit(b2);
      EvidencePool pool = pool();
      pool.load(tc.chain().store(), 2);
      assertEquals(Optional.of(2L), pool.committedIn(EvidencePool.Key.of(e)));
      assertFalse(pool.add(e));
      // the proposal message carries the evidence
      ConsensusCodec codec = new ConsensusCodec(TestChain.DECODER);
      var proposal = VALS.signer(0).proposal(Height.of(2), Round.of(0), b2.block().hash(), Round.NIL);
      Bytes wire = codec.encodeProposal(proposal, b2.block());
      ConsensusMessage.ProposalMessage m = (ConsensusMessage.ProposalMessage) codec.decode(wire).orElseThrow();
      assertEquals(List.of(item), m.block().evidence());
      assertEquals(b2.block().hash(), m.block().hash());
    }
  }

  private static Block blockWith(List<Bytes> evidence) {
    var header = new org.mercato.state.block.BlockHeader(Hash.ZERO, 1, 1, VALS.validator(0).address(), Hash.EMPTY_TRIE_ROOT,
        Hash.EMPTY_TRIE_ROOT, Hash.EMPTY_TRIE_ROOT, org.mercato.state.block.LogsBloom.EMPTY, 1, 0, Wei.of(1), Bytes.EMPTY,
        Block.evidenceHash(evidence));
    return new Block(header, List.of(), evidence);
  }
}
