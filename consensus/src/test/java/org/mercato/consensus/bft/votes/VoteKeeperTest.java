package org.mercato.consensus.bft.votes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.mercato.consensus.bft.TestValidators;
import org.mercato.consensus.bft.types.ChainId;
import org.mercato.consensus.bft.types.ConsensusSigner;
import org.mercato.consensus.bft.types.Height;
import org.mercato.consensus.bft.types.Round;
import org.mercato.consensus.bft.types.Vote;
import org.mercato.consensus.bft.types.VoteType;
import org.mercato.state.crypto.Signature;
import org.mercato.state.types.Hash;

class VoteKeeperTest {
  private static final Height H = TestValidators.H1;
  private final Hash a = TestValidators.value("a");
  private final Hash b = TestValidators.value("b");

  private static VoteKeeper keeper(TestValidators v) {
    return new VoteKeeper(TestValidators.CHAIN, H, v.set, TestValidators.CURVE);
  }

  @Test
  void talliesPowerPerRoundTypeAndValue() {
    TestValidators v = TestValidators.withPowers(1, 2, 3, 4); // quorum 7, skip 4
    VoteKeeper k = keeper(v);
    assertInstanceOf(AddVoteResult.Added.class, k.add(v.prevote(3, H, 0, a)));
    assertInstanceOf(AddVoteResult.Added.class, k.add(v.prevote(1, H, 0, a)));
    assertEquals(6, k.powerFor(Round.ZERO, VoteType.PREVOTE, Optional.of(a)));
    assertFalse(k.hasQuorumFor(Round.ZERO, VoteType.PREVOTE, Optional.of(a)));
    assertInstanceOf(AddVoteResult.Added.class, k.add(v.prevote(0, H, 0, null)));
    assertTrue(k.hasQuorumAny(Round.ZERO, VoteType.PREVOTE), "4 + 2 + 1 = 7, nil included");
    assertFalse(k.hasQuorumFor(Round.ZERO, VoteType.PREVOTE, Optional.empty()));
  }

  @Test
  void quorumForValueForNilAndAny() {
    TestValidators v = TestValidators.withPowers(1, 2, 3, 4); // quorum 7
    VoteKeeper k = keeper(v);
    k.add(v.prevote(3, H, 0, a));
    k.add(v.prevote(2, H, 0, a));
    assertTrue(k.hasQuorumFor(Round.ZERO, VoteType.PREVOTE, Optional.of(a)), "4 + 3 = 7");
    assertEquals(Optional.of(Optional.of(a)), k.quorumValue(Round.ZERO, VoteType.PREVOTE));
    assertFalse(k.hasQuorumFor(Round.ZERO, VoteType.PRECOMMIT, Optional.of(a)), "types are separate");

    k.add(v.precommit(3, H, 1, null));
    k.add(v.precommit(1, H, 1, b));
    k.add(v.precommit(0, H, 1, null));
    assertTrue(k.hasQuorumAny(Round.of(1), VoteType.PRECOMMIT), "4 + 2 + 1 = 7");
    assertFalse(k.hasQuorumFor(Round.of(1), VoteType.PRECOMMIT, Optional.empty()));
    assertEquals(Optional.empty(), k.quorumValue(Round.of(1), VoteType.PRECOMMIT));
    k.add(v.precommit(2, H, 1, null));
    assertTrue(k.hasQuorumFor(Round.of(1), VoteType.PRECOMMIT, Optional.empty()), "4 + 1 + 3 = 8 for nil");
    assertEquals(Optional.of(Optional.empty()), k.quorumValue(Round.of(1), VoteType.PRECOMMIT));
  }

  @Test
  void duplicateIsIgnored() {
    TestValidators v = TestValidators.withPowers(1, 1, 1, 1);
    VoteKeeper k = keeper(v);
    Vote vote = v.prevote(2, H, 0, a);
    k.add(vote);
    assertInstanceOf(AddVoteResult.Duplicate.class, k.add(vote));
    assertEquals(1, k.powerFor(Round.ZERO, VoteType.PREVOTE, Optional.of(a)));
  }

  @Test
  void conflictingVoteIsEvidenceAndTheFirstStaysCounted() {
    TestValidators v = TestValidators.withPowers(1, 1, 1, 1);
    VoteKeeper k = keeper(v);
    Vote first = v.prevote(2, H, 0, a);
    Vote second = v.prevote(2, H, 0, null);
    k.add(first);
    AddVoteResult r = k.add(second);
    AddVoteResult.Conflict c = assertInstanceOf(AddVoteResult.Conflict.class, r);
    assertEquals(second, c.evidence().voteA(), "nil sorts first");
    assertEquals(first, c.evidence().voteB());
    assertEquals(1, k.powerFor(Round.ZERO, VoteType.PREVOTE, Optional.of(a)));
    assertEquals(0, k.powerFor(Round.ZERO, VoteType.PREVOTE, Optional.empty()));
    // a prevote and a precommit of one validator in one round are not a conflict
    assertInstanceOf(AddVoteResult.Added.class, k.add(v.precommit(2, H, 0, null)));
    // nor are votes in different rounds
    assertInstanceOf(AddVoteResult.Added.class, k.add(v.prevote(2, H, 1, b)));
  }

  @Test
  void rejectsWithTypedReasons() {
    TestValidators v = TestValidators.withPowers(1, 1, 1, 1);
    VoteKeeper k = keeper(v);
    assertRejected(VoteRejection.WRONG_HEIGHT, k.add(v.prevote(0, Height.of(2), 0, a)));
    ConsensusSigner outsider = new ConsensusSigner(TestValidators.CHAIN, TestValidators.key(99), TestValidators.CURVE);
    assertRejected(VoteRejection.UNKNOWN_VALIDATOR, k.add(outsider.vote(VoteType.PREVOTE, H, Round.ZERO, Optional.of(a))));
    ConsensusSigner otherChain = new ConsensusSigner(new ChainId("other"), v.keys.get(1), TestValidators.CURVE);
    assertRejected(VoteRejection.BAD_SIGNATURE, k.add(otherChain.vote(VoteType.PREVOTE, H, Round.ZERO, Optional.of(a))));
    Vote byZero = v.prevote(0, H, 0, a);
    Vote claimedByOne = new Vote(byZero.type(), H, Round.ZERO, byZero.value(), v.validator(1).address(), byZero.signature());
    assertRejected(VoteRejection.BAD_SIGNATURE, k.add(claimedByOne));
    Signature s = byZero.signature();
    Vote highS = new Vote(byZero.type(), H, Round.ZERO, byZero.value(), byZero.validator(),
        new Signature(s.r(), Signature.CURVE_ORDER.subtract(s.s()), 1 - s.recId()));
    assertRejected(VoteRejection.BAD_SIGNATURE, k.add(highS));
    Vote nilRound = new Vote(byZero.type(), H, Round.NIL, byZero.value(), byZero.validator(), byZero.signature());
    assertRejected(VoteRejection.INVALID_ROUND, k.add(nilRound));
    assertTrue(k.rounds().isEmpty(), "nothing was counted");
    // a forged vote does not block the validator's real one
    assertInstanceOf(AddVoteResult.Added.class, k.add(v.prevote(1, H, 0, a)));
  }

  @Test
  void skipCountsDistinctValidatorsPowerInAHigherRound() {
    TestValidators v = TestValidators.withPowers(1, 1, 1, 1); // skip threshold 2
    VoteKeeper k = keeper(v);
    k.add(v.prevote(1, H, 5, a));
    k.add(v.precommit(1, H, 5, a));
    assertEquals(1, k.roundPower(Round.of(5)), "one validator's two votes count once");
    assertEquals(Optional.empty(), k.highestSkipRound(Round.ZERO));
    k.add(v.prevote(2, H, 3, null));
    assertEquals(Optional.empty(), k.highestSkipRound(Round.ZERO), "f in each of two rounds is not f+1");
    k.add(v.precommit(3, H, 5, null));
    assertEquals(Optional.of(Round.of(5)), k.highestSkipRound(Round.ZERO));
    assertEquals(Optional.empty(), k.highestSkipRound(Round.of(5)), "only rounds above the current one");
  }

  @Test
  void skipWithUnequalPowers() {
    TestValidators v = TestValidators.withPowers(1, 1, 1, 4); // total 7, skip 3
    VoteKeeper k = keeper(v);
    k.add(v.prevote(0, H, 2, a));
    k.add(v.prevote(1, H, 2, a));
    assertEquals(Optional.empty(), k.highestSkipRound(Round.ZERO), "two small validators: 2 < 3");
    k.add(v.precommit(3, H, 1, null));
    assertEquals(Optional.of(Round.of(1)), k.highestSkipRound(Round.ZERO), "the big one alone: 4 >= 3");
  }

  private static void assertRejected(VoteRejection reason, AddVoteResult r) {
    assertEquals(reason, assertInstanceOf(AddVoteResult.Rejected.class, r).reason());
  }
}
