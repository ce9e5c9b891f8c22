package org.mercato.consensus.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mercato.consensus.codec.DecodeAssertions.error;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.rlp.RLP;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mercato.consensus.bft.TestValidators;
import org.mercato.consensus.bft.types.Commit;
import org.mercato.consensus.bft.types.Height;
import org.mercato.consensus.bft.types.Proposal;
import org.mercato.consensus.bft.types.Round;
import org.mercato.consensus.bft.types.Vote;
import org.mercato.consensus.bft.types.VoteType;
import org.mercato.state.block.Block;
import org.mercato.state.chain.ExecutedBlock;
import org.mercato.state.testing.TestChain;
import org.mercato.state.tx.KnownTransactions;
import org.mercato.state.tx.Transaction;
import org.mercato.state.types.Address;
import org.mercato.state.types.Hash;
import org.mercato.state.types.Wei;

class ConsensusCodecTest {
  private static final TestValidators VALS = TestValidators.withPowers(1, 1, 1, 1);
  private static final ConsensusCodec CODEC = new ConsensusCodec(TestChain.DECODER);
  private static final Address SINK = Address.fromHex("0x00000000000000000000000000000000000000cc");
  private static final Hash X = TestValidators.value("x");

  @TempDir static Path dir;
  private static Block block;

  @BeforeAll
  static void buildBlock() {
    try (TestChain tc = TestChain.open(dir, TestChain.params(10_000_000, Wei.of(1_000_000_000L), Wei.of(1), TestChain.fund(3, 100)))) {
      List<Transaction> txs = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        txs.add(TestChain.transfer(TestChain.KEYS.get(i), 0, Wei.of(1), Wei.of(50_000_000_000L), SINK, Wei.of(i + 1)));
      }
      ExecutedBlock b = tc.chain().propose(1_001, VALS.validator(0).address(), Bytes.EMPTY, txs);
      assertEquals(3, b.block().transactions().size());
      block = b.block();
    }
  }

  private static Proposal proposal(int validRound) {
    return VALS.signer(0).proposal(Height.of(1), Round.of(2), block.hash(), Round.of(validRound));
  }

  @Test
  void proposalRoundTripsWithTheBlockAndRecoversSenders() {
    for (int vr : new int[] {-1, 0, 1}) {
      Bytes wire = CODEC.encodeProposal(proposal(vr), block);
      ConsensusMessage.ProposalMessage m = (ConsensusMessage.ProposalMessage) CODEC.decode(wire).orElseThrow();
      assertEquals(proposal(vr), m.proposal());
      assertEquals(block.hash(), m.block().hash());
      assertEquals(block.transactions(), m.block().transactions());
      for (int i = 0; i < 3; i++) {
        assertEquals(TestChain.KEYS.get(i).address(), m.block().transactions().get(i).sender(), "sender recovered, not sent");
      }
      assertEquals(wire, CODEC.encode(m));
    }
  }

  @Test
  void parallelRecoveryOnAPoolGivesTheSameProposalAsInlineDecoding() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Bytes wire = CODEC.encodeProposal(proposal(-1), block);
      ConsensusMessage.ProposalMessage inline = (ConsensusMessage.ProposalMessage) CODEC.decode(wire).orElseThrow();
      ConsensusMessage.ProposalMessage parallel =
          (ConsensusMessage.ProposalMessage) CODEC.decode(wire, pool, KnownTransactions.NONE).orElseThrow();
      assertEquals(inline.proposal(), parallel.proposal());
      assertEquals(inline.block().transactions(), parallel.block().transactions());
      for (int i = 0; i < 3; i++) {
        assertEquals(TestChain.KEYS.get(i).address(), parallel.block().transactions().get(i).sender());
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aTransactionAlreadyKnownWithTheSameBytesIsNotRecoveredAgain() {
    // The "known" copy of transaction 1 carries a sender nobody could recover from its signature:
    // seeing that sender in the decoded block proves the known copy was taken, not recovered again.
    Address marker = Address.fromHex("0x00000000000000000000000000000000000000ee");
    Transaction tx1 = block.transactions().get(1);
    Transaction knownCopy = TestChain.DECODER.decodeTrusted(tx1.encoded(), marker);
    KnownTransactions known = h -> h.equals(tx1.hash()) ? Optional.of(knownCopy) : Optional.empty();
    ConsensusMessage.ProposalMessage m = (ConsensusMessage.ProposalMessage)
        CODEC.decode(CODEC.encodeProposal(proposal(-1), block), Runnable::run, known).orElseThrow();
    assertEquals(marker, m.block().transactions().get(1).sender());
    assertEquals(TestChain.KEYS.get(0).address(), m.block().transactions().get(0).sender(), "others recovered");
    assertEquals(TestChain.KEYS.get(2).address(), m.block().transactions().get(2).sender());
  }


  @Test
  void peekProposalReadsTheSignedFieldsWithoutTheBlock() {
    var p = proposal(-1);
    assertEquals(Optional.of(p), CODEC.peekProposal(CODEC.encodeProposal(p, block)), "the signed fields, all of them");
    assertEquals(Optional.empty(), CODEC.peekProposal(CODEC.encodeVote(VALS.precommit(0, Height.of(300), 0, null))), "a vote");
    assertEquals(Optional.empty(), CODEC.peekProposal(Bytes.of(1, 2, 3)));
    assertEquals(Optional.empty(), CODEC.peekProposal(RLP.encodeList(w -> w.writeInt(9))), "unknown kind");
  }

  @Test
  void aKnownTransactionWhoseBytesDifferIsIgnored() {
    // A lookup that answers the wrong transaction for every hash: bytes are compared, so it is never used.
    Transaction wrong = TestChain.DECODER.decodeTrusted(block.transactions().get(0).encoded(),
        Address.fromHex("0x00000000000000000000000000000000000000ee"));
    ConsensusMessage.ProposalMessage m = (ConsensusMessage.ProposalMessage)
        CODEC.decode(CODEC.encodeProposal(proposal(-1), block), Runnable::run, h -> Optional.of(wrong)).orElseThrow();
    assertEquals(TestChain.KEYS.get(1).address(), m.block().transactions().get(1).sender());
    assertEquals(TestChain.KEYS.get(2).address(), m.block().transactions().get(2).sender());
  }

  @Test
  void votesRoundTripIncludingNil() {
    for (Vote v : List.of(VALS.prevote(1, Height.of(9), 0, X), VALS.precommit(2, Height.of(Long.MAX_VALUE), Integer.MAX_VALUE, X),
        VALS.prevote(3, Height.of(1), 5, null), VALS.precommit(0, Height.of(300), 0, null))) {
      Bytes wire = CODEC.encodeVote(v);
      assertTrue(wire.size() <= ConsensusCodec.MAX_VOTE_BYTES);
      assertEquals(new ConsensusMessage.VoteMessage(v), CODEC.decode(wire).orElseThrow());
    }
  }

  @Test
  void commitRoundTripsAndIsCanonical() {
    List<Vote> pcs = List.of(VALS.precommit(3, Height.of(4), 1, X), VALS.precommit(0, Height.of(4), 1, X),
        VALS.precommit(2, Height.of(4), 1, X));
    Commit c = new Commit(Height.of(4), Round.of(1), X, pcs);
    Bytes wire = CommitCodec.encode(c);
    assertEquals(c, CommitCodec.decode(wire).orElseThrow());
    // Hand-built with the signatures out of order: refused.
    Bytes unsorted = RLP.encodeList(w -> {
      w.writeLong(4);
      w.writeInt(1);
      w.writeValue(X.bytes());
      w.writeList(List.of(c.precommits().get(2), c.precommits().get(0)), (lw, v) -> lw.writeList(e -> {
        e.writeValue(v.validator().bytes());
        e.writeValue(SignatureBytes.encode(v.signature()));
      }));
    });
    assertEquals(CodecError.MALFORMED, error(CommitCodec.decode(unsorted)));
    Bytes empty = RLP.encodeList(w -> {
      w.writeLong(4);
      w.writeInt(1);
      w.writeValue(X.bytes());
      w.writeList(lw -> {});
    });
    assertEquals(CodecError.INVALID_FIELD, error(CommitCodec.decode(empty)));
    assertEquals(CodecError.MALFORMED, error(CommitCodec.decode(Bytes.EMPTY)));
    assertEquals(CodecError.MALFORMED, error(CommitCodec.decode(Bytes.concatenate(wire, Bytes.of(0)))));
  }

  @Test
  void malformedInputIsATypedFailure() {
    Vote v = VALS.prevote(1, Height.of(9), 0, X);
    Bytes vote = CODEC.encodeVote(v);
    assertEquals(CodecError.MALFORMED, error(CODEC.decode(Bytes.EMPTY)));
    assertEquals(CodecError.MALFORMED, error(CODEC.decode(Bytes.of(0x01, 0x02))));
    assertEquals(CodecError.MALFORMED, error(CODEC.decode(vote.slice(0, vote.size() - 1))), "truncated");
    assertEquals(CodecError.MALFORMED, error(CODEC.decode(Bytes.concatenate(vote, Bytes.of(0x80)))), "trailing bytes");
    assertEquals(CodecError.UNKNOWN_KIND, error(CODEC.decode(RLP.encodeList(w -> w.writeInt(9)))));
    Bytes badType = RLP.encodeList(w -> {
      w.writeInt(2);
      w.writeInt(3);
      w.writeLong(9);
      w.writeInt(0);
      w.writeValue(X.bytes());
      w.writeValue(v.validator().bytes());
      w.writeValue(SignatureBytes.encode(v.signature()));
    });
    assertEquals(CodecError.INVALID_FIELD, error(CODEC.decode(badType)));
    Bytes heightZero = RLP.encodeList(w -> {
      w.writeInt(2);
      w.writeInt(1);
      w.writeLong(0);
      w.writeInt(0);
      w.writeValue(X.bytes());
      w.writeValue(v.validator().bytes());
      w.writeValue(SignatureBytes.encode(v.signature()));
    });
    assertEquals(CodecError.INVALID_FIELD, error(CODEC.decode(heightZero)));
    Bytes leadingZero = RLP.encodeList(w -> {
      w.writeInt(2);
      w.writeInt(1);
      w.writeValue(Bytes.of(0, 9));
      w.writeInt(0);
      w.writeValue(X.bytes());
      w.writeValue(v.validator().bytes());
      w.writeValue(SignatureBytes.encode(v.signature()));
    });
    assertEquals(CodecError.MALFORMED, error(CODEC.decode(leadingZero)));
    Bytes shortHash = RLP.encodeList(w -> {
      w.writeInt(2);
      w.writeInt(1);
      w.writeLong(9);
      w.writeInt(0);
      w.writeValue(X.bytes().slice(1));
      w.writeValue(v.validator().bytes());
      w.writeValue(SignatureBytes.encode(v.signature()));
    });
    assertEquals(CodecError.MALFORMED, error(CODEC.decode(shortHash)));
  }

  @Test
  void proposalWhoseBlockIsNotTheValueOrHasABadTransactionIsRejected() {
    Proposal other = VALS.signer(0).proposal(Height.of(1), Round.of(0), X, Round.NIL);
    Bytes mismatched = RLP.encodeList(w -> {
      w.writeInt(1);
      w.writeLong(1);
      w.writeInt(0);
      w.writeValue(X.bytes());
      w.writeLong(0);
      w.writeValue(other.proposer().bytes());
      w.writeValue(SignatureBytes.encode(other.signature()));
      w.writeValue(block.header().encoded());
      w.writeList(block.transactions(), (lw, tx) -> lw.writeValue(tx.encoded()));
      w.writeList(lw -> {});
    });
    assertEquals(CodecError.BLOCK_MISMATCH, error(CODEC.decode(mismatched)));
    Proposal p = proposal(-1);
    Bytes badTx = RLP.encodeList(w -> {
      w.writeInt(1);
      w.writeLong(1);
      w.writeInt(2);
      w.writeValue(p.value().bytes());
      w.writeLong(0);
      w.writeValue(p.proposer().bytes());
      w.writeValue(SignatureBytes.encode(p.signature()));
      w.writeValue(block.header().encoded());
      w.writeList(lw -> lw.writeValue(Bytes.of(0x02, 0xc0)));
      w.writeList(lw -> {});
    });
    assertEquals(CodecError.INVALID_TRANSACTION, error(CODEC.decode(badTx)));
  }

  @Test
  void sizeBoundsAreCheckedBeforeParsing() {
    ConsensusCodec small = new ConsensusCodec(TestChain.DECODER, 512);
    Bytes wire = CODEC.encodeProposal(proposal(-1), block);
    assertTrue(wire.size() > 512, "size " + wire.size());
    assertEquals(CodecError.TOO_LARGE, error(small.decode(wire)));
    Bytes bigVote = RLP.encodeList(w -> {
      w.writeInt(2);
      w.writeValue(Bytes.wrap(new byte[300]));
    });
    assertFalse(CODEC.decode(bigVote).isOk());
    assertThrows(IllegalStateException.class, () -> small.decode(wire).orElseThrow());
  }

  /** Deterministic mutation fuzzing: no input makes an exception escape, and whatever decodes re-encodes to itself. */
  @Test
  void mutatedMessagesNeverThrow() {
    Random rnd = new Random(42);
    List<Bytes> seeds = List.of(CODEC.encodeProposal(proposal(0), block), CODEC.encodeVote(VALS.precommit(2, Height.of(3), 1, X)),
        CodecTestSupport.commit(VALS, X));
    int decoded = 0;
    for (int i = 0; i < 3_000; i++) {
      Bytes seed = seeds.get(i % seeds.size());
      byte[] b = seed.toArray();
      int edits = 1 + rnd.nextInt(3);
      for (int e = 0; e < edits; e++) {
        switch (rnd.nextInt(3)) {
          case 0 -> b[rnd.nextInt(b.length)] = (byte) rnd.nextInt(256);
          case 1 -> b = java.util.Arrays.copyOf(b, Math.max(1, b.length - 1 - rnd.nextInt(8)));
          default -> b = java.util.Arrays.copyOf(b, b.length + 1 + rnd.nextInt(4));
        }
      }
      Bytes mutated = Bytes.wrap(b);
      DecodeOutcome<ConsensusMessage> m = CODEC.decode(mutated);
      DecodeOutcome<Commit> c = CommitCodec.decode(mutated);
      Optional<Proposal> peeked = CODEC.peekProposal(mutated);
      assertNotNull(m);
      assertNotNull(c);
      if (m instanceof DecodeOutcome.Ok<ConsensusMessage> ok) {
        assertEquals(mutated, CODEC.encode(ok.value()));
        decoded++;
        // The checks before decoding read the same signed fields the full decode does (consensus.md §9).
        assertEquals(ok.value() instanceof ConsensusMessage.ProposalMessage pm ? Optional.of(pm.proposal()) : Optional.empty(),
            peeked, "peek agrees with decode");
      }
      if (c instanceof DecodeOutcome.Ok<Commit> ok) {
        assertEquals(mutated, CommitCodec.encode(ok.value()));
      }
    }
    assertTrue(decoded < 3_000);
  }

  static final class CodecTestSupport {
    static Bytes commit(TestValidators vals, Hash value) {
      return CommitCodec.encode(new Commit(Height.of(3), Round.of(1), value,
          List.of(vals.precommit(0, Height.of(3), 1, value), vals.precommit(1, Height.of(3), 1, value))));
    }
  }

  @Test
  void voteTypesMapToTheirWireCodes() {
    Bytes wire = CODEC.encodeVote(VALS.precommit(0, Height.of(1), 0, null));
    Vote back = ((ConsensusMessage.VoteMessage) CODEC.decode(wire).orElseThrow()).vote();
    assertEquals(VoteType.PRECOMMIT, back.type());
    assertEquals(Optional.empty(), back.value());
  }
}
