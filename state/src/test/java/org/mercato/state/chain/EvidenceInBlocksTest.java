package org.mercato.state.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.apache.tuweni.bytes.Bytes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mercato.state.block.Block;
import org.mercato.state.block.BlockHeader;
import org.mercato.state.crypto.Keccak;
import org.mercato.state.testing.TestChain;
import org.mercato.state.types.Address;
import org.mercato.state.types.Hash;
import org.mercato.state.types.Wei;

/** Evidence in the block body, opaque to state: the header's evidenceHash binds it (docs/spec/blocks.md "Evidence"). */
class EvidenceInBlocksTest {
  private static final Address PROPOSER = Address.fromHex("0x00000000000000000000000000000000000000aa");
  private static final List<Bytes> EVIDENCE = List.of(Bytes.fromHexString("0xc20102"), Bytes.fromHexString("0xdeadbeef"));

  @TempDir Path dir;

  @Test
  void evidenceHashIsKeccakOfTheRlpListAndTheEmptyListHashForNone() {
    assertEquals(Hash.EMPTY_LIST_HASH, Block.evidenceHash(List.of()));
    assertEquals(Keccak.hash(Bytes.fromHexString("0xc0")), Block.evidenceHash(List.of()));
    // rlp([0xc20102, 0xdeadbeef]) = c9 83c20102 84deadbeef
    assertEquals(Keccak.hash(Bytes.fromHexString("0xc983c2010284deadbeef")), Block.evidenceHash(EVIDENCE));
    assertEquals(EVIDENCE, Block.decodeEvidence(Block.encodeEvidence(EVIDENCE)));
  }

  @Test
  void headerEncodingCarriesTheEvidenceHashLast() {
    try (TestChain tc = TestChain.open(dir, TestChain.params(1_000_000, Wei.of(1_000_000_000L), Wei.of(1), TestChain.fund(1, 100)))) {
      BlockHeader genesis = tc.chain().head();
      assertEquals(Hash.EMPTY_LIST_HASH, genesis.evidenceHash());
      assertEquals(genesis, BlockHeader.decode(genesis.encoded()));
      ExecutedBlock b = tc.chain().propose(1_001, PROPOSER, Bytes.EMPTY, EVIDENCE, List.of());
      BlockHeader h = b.block().header();
      assertEquals(Block.evidenceHash(EVIDENCE), h.evidenceHash());
      assertEquals(h, BlockHeader.decode(h.encoded()));
      assertEquals(Integer.valueOf(13), org.apache.tuweni.rlp.RLP.decodeList(h.encoded(), r -> {
        Integer n = 0;
        while (!r.isComplete()) {
          r.skipNext();
          n++;
        }
        return n;
      }));
    }
  }

  @Test
  void blocksWithAndWithoutEvidenceValidateCommitAndReadBack() {
    Path a = dir.resolve("a");
    Path b = dir.resolve("b");
    try (TestChain proposer = TestChain.open(a, TestChain.params(1_000_000, Wei.of(1_000_000_000L), Wei.of(1), TestChain.fund(1, 100)));
        TestChain follower = TestChain.open(b, proposer.params())) {
      ExecutedBlock plain = proposer.produce(1_001, PROPOSER, List.of());
      follower.accept(plain.block());
      assertEquals(List.of(), follower.chain().store().evidence(1));

      ExecutedBlock withEvidence = proposer.chain().propose(1_002, PROPOSER, Bytes.EMPTY, EVIDENCE, List.of());
      proposer.chain().commit(withEvidence);
      BlockValidationResult r = follower.chain().validate(withEvidence.block());
      assertTrue(r.isValid(), r.detail());
      follower.chain().commit(r.block().orElseThrow());
      assertEquals(withEvidence.block().hash(), follower.chain().headHash());

      follower.reopen();
      ChainStore store = follower.chain().store();
      assertEquals(EVIDENCE, store.evidence(2));
      assertEquals(EVIDENCE, store.evidence(withEvidence.block().hash()));
      assertEquals(EVIDENCE, store.block(withEvidence.block().hash()).orElseThrow().evidence());
      assertEquals(List.of(), store.block(plain.block().hash()).orElseThrow().evidence());
      assertEquals(List.of(), store.evidence(99));
    }
  }

  @Test
  void aBodyThatDoesNotMatchTheEvidenceHashIsRejected() {
    Path a = dir.resolve("a");
    Path b = dir.resolve("b");
    try (TestChain proposer = TestChain.open(a, TestChain.params(1_000_000, Wei.of(1_000_000_000L), Wei.of(1), TestChain.fund(1, 100)));
        TestChain follower = TestChain.open(b, proposer.params())) {
      Block withEvidence = proposer.chain().propose(1_001, PROPOSER, Bytes.EMPTY, EVIDENCE, List.of()).block();
      Block plain = proposer.chain().propose(1_001, PROPOSER, Bytes.EMPTY, List.of()).block();
      assertNotEquals(withEvidence.hash(), plain.hash(), "the evidence changes the block hash");
      // evidence dropped from the body, added to a body, or changed: the header no longer matches
      assertRejected(follower, new Block(withEvidence.header(), withEvidence.transactions(), List.of()));
      assertRejected(follower, new Block(plain.header(), plain.transactions(), EVIDENCE));
      assertRejected(follower, new Block(withEvidence.header(), withEvidence.transactions(), List.of(EVIDENCE.get(1), EVIDENCE.get(0))));
      assertRejected(follower, new Block(withEvidence.header(), withEvidence.transactions(), EVIDENCE.subList(0, 1)));
      assertTrue(follower.chain().validate(withEvidence).isValid());
    }
  }

  private static void assertRejected(TestChain chain, Block block) {
    BlockValidationResult r = chain.chain().validate(block);
    assertFalse(r.isValid());
    assertEquals(BlockValidity.WRONG_EVIDENCE_HASH, r.invalidity().orElseThrow(), r.detail());
  }
}
