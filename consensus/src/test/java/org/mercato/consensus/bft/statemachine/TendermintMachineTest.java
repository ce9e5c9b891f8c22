package org.mercato.consensus.bft.statemachine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mercato.consensus.bft.statemachine.MachineHarness.assertNoVote;
import static org.mercato.consensus.bft.statemachine.MachineHarness.only;
import static org.mercato.consensus.bft.types.VoteType.PRECOMMIT;
import static org.mercato.consensus.bft.types.VoteType.PREVOTE;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mercato.consensus.bft.TestValidators;
import org.mercato.consensus.bft.types.Height;
import org.mercato.consensus.bft.types.Proposal;
import org.mercato.consensus.bft.types.Round;
import org.mercato.consensus.bft.types.Step;
import org.mercato.state.types.Hash;

/**
 * Algorithm 1 rule by rule (docs/spec/consensus.md §3) on 4 validators of power 1 (quorum 3,
 * skip 2). Proposer of round r at height 1 is validator r; the node under test is validator 3
 * unless a test needs it to propose.
 */
class TendermintMachineTest {
  private static final Hash A = TestValidators.value("a");
  private static final Hash B = TestValidators.value("b");
  private static final TimeoutConfig T = TimeoutConfig.DEFAULT;
  private final TestValidators v = TestValidators.withPowers(1, 1, 1, 1);
  private MachineHarness n;
  private Height h;

  @BeforeEach
  void setUp() {
    for (int r = 0; r < 4; r++) {
      assertEquals(r, v.proposerIndex(r), "fixture: proposer of round " + r);
    }
    n = new MachineHarness(v, 3);
    h = n.h;
  }

  @Test
  void l21NonProposerSchedulesTimeoutPropose() {
    assertEquals(List.of(new Output.RoundStarted(h, Round.ZERO, v.validator(0).address()),
        MachineHarness.timeoutOf(TimeoutStep.PROPOSE, h, 0, T)), n.start());
    assertEquals(Step.PROPOSE, n.state().step());
  }

  @Test
  void l18ProposerAsksForAValueThenProposesAndPrevotesIt() {
    MachineHarness p = new MachineHarness(v, 0);
    List<Output> out = p.start();
    assertEquals(List.of(new Output.RoundStarted(h, Round.ZERO, v.validator(0).address()), new Output.RequestValue(h, Round.ZERO),
        MachineHarness.timeoutOf(TimeoutStep.PROPOSE, h, 0, T)), out);
    assertEquals(List.of(), p.m.apply(new Input.ValueProposed(h, Round.of(1), A)), "value for another round is ignored");
    out = p.m.apply(new Input.ValueProposed(h, Round.ZERO, A));
    Proposal sent = only(out, Output.BroadcastProposal.class).get(0).proposal();
    assertEquals(v.proposal(0, h, 0, A, -1), sent);
    p.assertVoted(out, PREVOTE, 0, A); // L22: our own proposal counts at once
    assertEquals(List.of(), p.m.apply(new Input.ValueProposed(h, Round.ZERO, B)), "only one proposal per round");
  }

  @Test
  void l24PrevoteValidProposalAndL26NilForInvalid() {
    n.start();
    n.assertVoted(n.proposal(0, 0, A, -1, true), PREVOTE, 0, A);
    assertEquals(Step.PREVOTE, n.state().step());

    MachineHarness other = new MachineHarness(v, 2);
    other.start();
    other.assertVoted(other.proposal(0, 0, A, -1, false), PREVOTE, 0, null);
  }

  @Test
  void l57TimeoutProposePrevotesNilAndIsThenStale() {
    n.start();
    n.assertVoted(n.timeout(TimeoutStep.PROPOSE, 0), PREVOTE, 0, null);
    assertEquals(Step.PREVOTE, n.state().step());
    assertEquals(List.of(), n.timeout(TimeoutStep.PROPOSE, 0), "no longer in propose");
    assertNoVote(n.proposal(0, 0, A, -1, true)); // a late proposal does not make a second prevote
  }

  @Test
  void l36PolkaLocksAndPrecommits() {
    n.start();
    n.proposal(0, 0, A, -1, true);
    assertNoVote(n.prevote(0, 0, A));
    List<Output> out = n.prevote(1, 0, A);
    n.assertVoted(out, PRECOMMIT, 0, A);
    n.assertLocked(A, 0);
    n.assertValid(A, 0);
    assertEquals(Step.PRECOMMIT, n.state().step());
    assertTrue(only(out, Output.ScheduleTimeout.class).isEmpty(), "L34 need not fire once precommitted");
  }

  @Test
  void l44NilPolkaPrecommitsNil() {
    n.start();
    n.timeout(TimeoutStep.PROPOSE, 0);
    n.prevote(0, 0, null);
    n.assertVoted(n.prevote(1, 0, null), PRECOMMIT, 0, null);
    n.assertLocked(null, -1);
  }

  @Test
  void l34MixedPrevotesScheduleTimeoutPrevoteOnceAndL61PrecommitsNil() {
    n.start();
    n.timeout(TimeoutStep.PROPOSE, 0); // mine: nil
    assertEquals(List.of(), n.prevote(0, 0, A));
    assertEquals(List.of(MachineHarness.timeoutOf(TimeoutStep.PREVOTE, h, 0, T)), n.prevote(1, 0, B));
    assertEquals(List.of(), n.prevote(2, 0, A), "scheduled only the first time");
    n.assertVoted(n.timeout(TimeoutStep.PREVOTE, 0), PRECOMMIT, 0, null);
    assertEquals(List.of(), n.timeout(TimeoutStep.PREVOTE, 0), "stale: already in precommit");
  }

  @Test
  void l47AnyPrecommitsScheduleTimeoutPrecommitAndL65StartsTheNextRound() {
    n.start();
    n.timeout(TimeoutStep.PROPOSE, 0);
    n.prevote(0, 0, null);
    n.prevote(1, 0, null); // mine: precommit nil
    assertEquals(List.of(), n.precommit(0, 0, A));
    assertEquals(List.of(MachineHarness.timeoutOf(TimeoutStep.PRECOMMIT, h, 0, T)), n.precommit(1, 0, null));
    assertEquals(List.of(new Output.RoundStarted(h, Round.of(1), v.validator(1).address()),
        new Output.ScheduleTimeout(TimeoutStep.PROPOSE, h, Round.of(1), java.time.Duration.ofMillis(3500))),
        n.timeout(TimeoutStep.PRECOMMIT, 0));
    assertEquals(Round.of(1), n.state().round());
    assertEquals(List.of(), n.timeout(TimeoutStep.PRECOMMIT, 0), "stale: round 0 is over");
  }

  /** Node locks on A in round 0 and moves to round 1 by the precommit timeout. */
  private void lockOnAThenGoToRound1(MachineHarness x) {
    x.start();
    x.proposal(0, 0, A, -1, true);
    x.prevote(0, 0, A);
    x.prevote(1, 0, A);
    x.assertLocked(A, 0);
    x.precommit(0, 0, null);
    x.precommit(1, 0, null);
    x.timeout(TimeoutStep.PRECOMMIT, 0);
    assertEquals(Round.of(1), x.state().round());
    assertEquals(Step.PROPOSE, x.state().step());
  }

  @Test
  void l23LockedNodePrevotesNilForAnotherFreshValueAndItsLockedValueAgain() {
    lockOnAThenGoToRound1(n);
    n.assertVoted(n.proposal(1, 1, B, -1, true), PREVOTE, 1, null);
    n.assertLocked(A, 0);

    MachineHarness same = new MachineHarness(v, 3);
    lockOnAThenGoToRound1(same);
    same.assertVoted(same.proposal(1, 1, A, -1, true), PREVOTE, 1, A);
  }

  @Test
  void l36RelocksOnAPolkaForAnotherValueInALaterRound() {
    lockOnAThenGoToRound1(n);
    n.proposal(1, 1, B, -1, true); // mine: nil (locked on A)
    n.prevote(0, 1, B);
    n.prevote(1, 1, B);
    List<Output> out = n.prevote(2, 1, B);
    n.assertVoted(out, PRECOMMIT, 1, B);
    n.assertLocked(B, 1);
    n.assertValid(B, 1);
  }

  @Test
  void l29LockedNodeAcceptsAProposalWhosePolkaRoundIsAtLeastItsLockedRound() {
    lockOnAThenGoToRound1(n);
    n.timeout(TimeoutStep.PROPOSE, 1); // no proposal in round 1: prevote nil
    n.prevote(0, 1, B);
    n.prevote(1, 1, B);
    n.prevote(2, 1, B); // polka for B in round 1; we have no round-1 proposal, so no lock change
    n.assertLocked(A, 0);
    n.prevote(0, 2, B);
    n.prevote(1, 2, B); // f+1 in round 2: skip
    assertEquals(Round.of(2), n.state().round());
    // vr = 1 >= lockedRound 0: prevote B; with the two round-2 prevotes that made us skip, that is a polka: relock
    assertEquals(List.of(v.prevote(3, h, 2, B), v.precommit(3, h, 2, B)), votes(n.proposal(2, 2, B, 1, true)));
    n.assertLocked(B, 2);
  }

  @Test
  void l32LockedNodeRejectsAProposalWhosePolkaRoundIsBelowItsLockedRound() {
    n.start();
    n.prevote(0, 0, B);
    n.prevote(1, 0, B);
    n.prevote(2, 0, B); // a polka for B in round 0 that we never saw proposed
    n.prevote(0, 1, A);
    n.prevote(1, 1, A); // skip to round 1
    assertEquals(List.of(v.prevote(3, h, 1, A), v.precommit(3, h, 1, A)), votes(n.proposal(1, 1, A, -1, true)));
    n.assertLocked(A, 1);
    n.precommit(0, 2, null);
    n.precommit(1, 2, null); // skip to round 2
    n.assertVoted(n.proposal(2, 2, B, 0, true), PREVOTE, 2, null); // vr 0 < lockedRound 1, B != A
  }

  private static List<org.mercato.consensus.bft.types.Vote> votes(List<Output> out) {
    return only(out, Output.BroadcastVote.class).stream().map(Output.BroadcastVote::vote).toList();
  }

  @Test
  void l42ValidValueWithoutLockWhenThePolkaComesAfterPrecommitting() {
    n.start();
    n.timeout(TimeoutStep.PROPOSE, 0);
    n.prevote(0, 0, A);
    n.prevote(1, 0, A); // A, A, nil: +2/3 any
    n.timeout(TimeoutStep.PREVOTE, 0); // precommit nil
    assertEquals(Step.PRECOMMIT, n.state().step());
    n.proposal(0, 0, A, -1, true);
    assertNoVote(n.prevote(2, 0, A)); // polka for A, but step is precommit
    n.assertLocked(null, -1);
    n.assertValid(A, 0);
  }

  @Test
  void l16ProposerReproposesItsValidValueWithItsValidRound() {
    MachineHarness p = new MachineHarness(v, 1); // proposer of round 1
    p.start();
    p.proposal(0, 0, A, -1, true);
    p.prevote(0, 0, A);
    p.prevote(2, 0, A); // polka: lock and valid value A in round 0
    p.precommit(0, 0, null);
    p.precommit(2, 0, null);
    List<Output> out = p.timeout(TimeoutStep.PRECOMMIT, 0);
    assertEquals(List.of(new Output.BroadcastProposal(v.proposal(1, h, 1, A, 0))), only(out, Output.BroadcastProposal.class));
    assertTrue(only(out, Output.RequestValue.class).isEmpty(), "no new block is built");
    assertTrue(only(out, Output.ScheduleTimeout.class).isEmpty(), "paper: the proposer schedules no timeoutPropose");
    p.assertVoted(out, PREVOTE, 1, A); // L28 on its own proposal
  }

  @Test
  void l49DecidesOnProposalAndQuorumOfPrecommits() {
    n.start();
    n.proposal(0, 0, A, -1, true);
    n.precommit(0, 0, A);
    n.precommit(1, 0, A);
    List<Output> out = n.precommit(2, 0, A);
    Output.Decide d = only(out, Output.Decide.class).get(0);
    assertEquals(A, d.value());
    assertEquals(Round.ZERO, d.commit().round());
    assertEquals(3, d.commit().precommits().size());
    assertTrue(d.commit().power(v.set) >= v.set.quorum());
    assertEquals(Step.COMMIT, n.state().step());
    assertEquals(Optional.of(A), n.state().decision());
    assertEquals(List.of(), n.timeout(TimeoutStep.PROPOSE, 0), "nothing more at a decided height");
  }

  @Test
  void l49DecidesOnPrecommitsOfAnEarlierRound() {
    n.start();
    n.prevote(0, 1, null);
    n.prevote(1, 1, null); // skip to round 1
    assertEquals(Round.of(1), n.state().round());
    n.proposal(0, 0, A, -1, true); // a late round-0 proposal is kept
    n.precommit(0, 0, A);
    n.precommit(1, 0, A);
    Output.Decide d = only(n.precommit(2, 0, A), Output.Decide.class).get(0);
    assertEquals(A, d.value());
    assertEquals(Round.ZERO, d.commit().round());
  }

  @Test
  void l49NeedsAValidProposalOfTheValue() {
    n.start();
    n.precommit(0, 0, A);
    n.precommit(1, 0, A);
    assertTrue(only(n.precommit(2, 0, A), Output.Decide.class).isEmpty(), "no proposal yet");
    assertTrue(only(n.proposal(0, 0, A, -1, false), Output.Decide.class).isEmpty(), "invalid block");

    MachineHarness late = new MachineHarness(v, 3);
    late.start();
    late.precommit(0, 0, A);
    late.precommit(1, 0, A);
    late.precommit(2, 0, A);
    assertEquals(1, only(late.proposal(0, 0, A, -1, true), Output.Decide.class).size(), "the proposal completes it");
  }

  @Test
  void l55SkipsOnFPlusOneFromAHigherRoundButNotOnF() {
    n.start();
    assertEquals(List.of(), n.prevote(1, 4, A));
    assertEquals(List.of(), n.precommit(1, 4, A), "same validator again: still f");
    assertEquals(Round.ZERO, n.state().round());
    List<Output> out = n.prevote(2, 4, null);
    assertEquals(new Output.RoundStarted(h, Round.of(4), v.priorities.proposer(Round.of(4)).address()), out.get(0));
    assertEquals(Round.of(4), n.state().round());
    assertEquals(List.of(), n.timeout(TimeoutStep.PROPOSE, 0), "round-0 timeouts are stale now");
    assertEquals(List.of(), n.timeout(TimeoutStep.PRECOMMIT, 3));
    assertEquals(List.of(), n.m.apply(new Input.Timeout(TimeoutStep.PROPOSE, Height.of(2), Round.of(4))), "other height");
  }

  @Test
  void l55SkipWeighsPower() {
    TestValidators w = TestValidators.withPowers(1, 1, 1, 4); // total 7: skip 3, quorum 5
    MachineHarness x = new MachineHarness(w, 0);
    x.start();
    x.prevote(1, 2, A);
    x.prevote(2, 2, A);
    assertEquals(Round.ZERO, x.state().round(), "power 2 < 3");
    x.precommit(3, 1, null);
    assertEquals(Round.of(1), x.state().round(), "power 4 alone");
  }

  @Test
  void equivocationIsReportedAsEvidence() {
    n.start();
    n.prevote(1, 0, A);
    List<Output.EvidenceFound> e = only(n.prevote(1, 0, B), Output.EvidenceFound.class);
    assertEquals(1, e.size());
    assertEquals(v.validator(1).address(), e.get(0).evidence().voteA().validator());
  }

  @Test
  void badMessagesAreRejectedWithTypedReasons() {
    n.start();
    assertEquals(List.of(new Output.ProposalRejected(v.proposal(1, h, 0, A, -1), ProposalRejection.WRONG_PROPOSER)),
        n.proposal(1, 0, A, -1, true));
    Proposal good = v.proposal(0, h, 0, A, -1);
    Proposal forged = new Proposal(h, Round.ZERO, B, Round.NIL, good.proposer(), good.signature());
    assertEquals(List.of(new Output.ProposalRejected(forged, ProposalRejection.BAD_SIGNATURE)), n.proposal(forged, true));
    Proposal badVr = v.proposal(1, h, 1, A, 1);
    assertEquals(List.of(new Output.ProposalRejected(badVr, ProposalRejection.INVALID_ROUND)), n.proposal(badVr, true));
    Proposal otherHeight = v.proposal(0, Height.of(2), 0, A, -1);
    assertEquals(List.of(new Output.ProposalRejected(otherHeight, ProposalRejection.WRONG_HEIGHT)), n.proposal(otherHeight, true));
    n.proposal(good, true);
    assertEquals(List.of(), n.proposal(good, true), "a duplicate is ignored");
    Proposal second = v.proposal(0, h, 0, B, -1);
    assertEquals(List.of(new Output.ProposalRejected(second, ProposalRejection.CONFLICTING_PROPOSAL)), n.proposal(second, true));

    var outsider = new org.mercato.consensus.bft.types.ConsensusSigner(TestValidators.CHAIN, TestValidators.key(77), TestValidators.CURVE);
    var vote = outsider.vote(PREVOTE, h, Round.ZERO, Optional.of(A));
    assertEquals(List.of(new Output.VoteRejected(vote, org.mercato.consensus.bft.votes.VoteRejection.UNKNOWN_VALIDATOR)),
        n.m.apply(new Input.VoteReceived(vote)));
  }

  @Test
  void newHeightResetsEverything() {
    lockOnAThenGoToRound1(n);
    var next = v.priorities.nextHeight();
    List<Output> out = n.m.apply(new Input.StartHeight(Height.of(2), v.set, next));
    assertEquals(new Output.RoundStarted(Height.of(2), Round.ZERO, next.proposer().address()), out.get(0));
    RoundState s = n.state();
    assertEquals(Optional.of(Height.of(2)), s.height());
    assertEquals(Round.ZERO, s.round());
    n.assertLocked(null, -1);
    n.assertValid(null, -1);
    assertEquals(Optional.empty(), s.decision());
  }

  @Test
  void aFollowerOutsideTheSetMovesButNeverVotes() {
    var outsider = new org.mercato.consensus.bft.types.ConsensusSigner(TestValidators.CHAIN, TestValidators.key(77), TestValidators.CURVE);
    TendermintMachine f = new TendermintMachine(outsider, T);
    f.apply(new Input.StartHeight(h, v.set, v.priorities));
    assertNoVote(f.apply(new Input.ProposalReceived(v.proposal(0, h, 0, A, -1), true)));
    assertEquals(Step.PREVOTE, f.state().step());
    f.apply(new Input.VoteReceived(v.precommit(0, h, 0, A)));
    f.apply(new Input.VoteReceived(v.precommit(1, h, 0, A)));
    assertEquals(1, only(f.apply(new Input.VoteReceived(v.precommit(2, h, 0, A))), Output.Decide.class).size());
  }
}
