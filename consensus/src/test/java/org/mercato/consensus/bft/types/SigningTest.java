package org.mercato.consensus.bft.types;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.junit.jupiter.api.Test;
import org.mercato.consensus.bft.TestValidators;
import org.mercato.state.types.Hash;

class SigningTest {
  private final TestValidators v = TestValidators.withPowers(1, 1, 1, 1);
  private final Hash block = TestValidators.value("a");

  @Test
  void voteSignBytesLayout() {
    byte[] b = SignBytes.vote(new ChainId("m"), VoteType.PRECOMMIT, Height.of(258), Round.of(3), Optional.of(block));
    assertEquals(Bytes.concatenate(Bytes.fromHexString("0x016d02" + "0000000000000102" + "00000003" + "01"), block.bytes()), Bytes.wrap(b));
    byte[] nil = SignBytes.vote(new ChainId("m"), VoteType.PREVOTE, Height.of(1), Round.of(0), Optional.empty());
    assertEquals(Bytes.fromHexString("0x016d01" + "0000000000000001" + "00000000" + "00"), Bytes.wrap(nil));
  }

  @Test
  void proposalSignBytesLayout() {
    byte[] b = SignBytes.proposal(new ChainId("m"), Height.of(1), Round.of(2), block, Round.NIL);
    assertEquals(Bytes.concatenate(Bytes.fromHexString("0x016d20" + "0000000000000001" + "00000002"), block.bytes(),
        Bytes.fromHexString("0xffffffff")), Bytes.wrap(b));
  }

  @Test
  void signedVotesAndProposalsVerifyAgainstTheirValidatorOnly() {
    Vote vote = v.prevote(1, TestValidators.H1, 0, block);
    assertTrue(vote.verify(TestValidators.CHAIN, v.validator(1), TestValidators.CURVE));
    assertFalse(vote.verify(TestValidators.CHAIN, v.validator(2), TestValidators.CURVE), "another validator");
    assertFalse(vote.verify(new ChainId("other-chain"), v.validator(1), TestValidators.CURVE), "another chain");
    Vote altered = new Vote(vote.type(), vote.height(), vote.round(), Optional.empty(), vote.validator(), vote.signature());
    assertFalse(altered.verify(TestValidators.CHAIN, v.validator(1), TestValidators.CURVE), "altered value");

    Proposal p = v.proposal(2, TestValidators.H1, 1, block, 0);
    assertTrue(p.verify(TestValidators.CHAIN, v.validator(2), TestValidators.CURVE));
    Proposal otherVr = new Proposal(p.height(), p.round(), p.value(), Round.NIL, p.proposer(), p.signature());
    assertFalse(otherVr.verify(TestValidators.CHAIN, v.validator(2), TestValidators.CURVE), "valid round is signed");
  }

  @Test
  void signingIsDeterministic() {
    assertEquals(v.precommit(0, TestValidators.H1, 4, block), v.precommit(0, TestValidators.H1, 4, block));
    assertNotEquals(v.precommit(0, TestValidators.H1, 4, block).signature(), v.precommit(0, TestValidators.H1, 4, null).signature());
  }

  @Test
  void chainIdBounds() {
    assertThrows(IllegalArgumentException.class, () -> new ChainId(""));
    assertThrows(IllegalArgumentException.class, () -> new ChainId("x".repeat(51)));
    assertArrayEquals("x".repeat(50).getBytes(), new ChainId("x".repeat(50)).bytes());
  }

  @Test
  void evidenceIsOrderedByValueWithNilFirst() {
    Vote forA = v.prevote(3, TestValidators.H1, 0, block);
    Vote forNil = v.prevote(3, TestValidators.H1, 0, null);
    DuplicateVoteEvidence e1 = new DuplicateVoteEvidence(forA, forNil);
    DuplicateVoteEvidence e2 = new DuplicateVoteEvidence(forNil, forA);
    assertEquals(e1, e2);
    assertEquals(forNil, e1.voteA());
    assertThrows(IllegalArgumentException.class, () -> new DuplicateVoteEvidence(forA, forA));
    assertThrows(IllegalArgumentException.class, () -> new DuplicateVoteEvidence(forA, v.prevote(2, TestValidators.H1, 0, null)));
    assertThrows(IllegalArgumentException.class, () -> new DuplicateVoteEvidence(forA, v.precommit(3, TestValidators.H1, 0, null)));
  }

  @Test
  void commitSortsPrecommitsAndRefusesOtherVotes() {
    Commit c = new Commit(TestValidators.H1, Round.of(2), block, java.util.List.of(
        v.precommit(2, TestValidators.H1, 2, block), v.precommit(0, TestValidators.H1, 2, block), v.precommit(1, TestValidators.H1, 2, block)));
    assertEquals(v.validator(0).address(), c.precommits().get(0).validator());
    assertEquals(3, c.power(v.set));
    assertThrows(IllegalArgumentException.class, () -> new Commit(TestValidators.H1, Round.of(2), block,
        java.util.List.of(v.prevote(0, TestValidators.H1, 2, block))));
    assertThrows(IllegalArgumentException.class, () -> new Commit(TestValidators.H1, Round.of(2), block,
        java.util.List.of(v.precommit(0, TestValidators.H1, 1, block))));
  }
}
