package org.mercato.consensus.bft.statemachine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mercato.consensus.bft.statemachine.MachineHarness.only;
import static org.mercato.consensus.bft.types.VoteType.PRECOMMIT;
import static org.mercato.consensus.bft.types.VoteType.PREVOTE;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mercato.consensus.bft.TestValidators;
import org.mercato.consensus.bft.types.ConsensusSigner;
import org.mercato.consensus.bft.types.Height;
import org.mercato.consensus.bft.types.Round;
import org.mercato.consensus.bft.types.Vote;
import org.mercato.consensus.bft.types.Step;
import org.mercato.state.types.Hash;

/**
 * The lock across restarts at the machine level (docs/spec/consensus.md §8.1): L36–43 outputs the
 * lock before its precommit, and a machine started with that lock (a "restarted" node: a new machine)
 * applies §3 as if it had never stopped. 4 validators of power 1; proposer of round r is validator r.
 */
class LockAcrossRestartMachineTest {
  private static final Hash A = TestValidators.value("a");
  private static final Hash B = TestValidators.value("b");
  private final TestValidators v = TestValidators.withPowers(1, 1, 1, 1);
  private Height h;

  @BeforeEach
  void fixture() {
    for (int r = 0; r < 4; r++) {
      assertEquals(r, v.proposerIndex(r), "fixture: proposer of round " + r);
    }
    h = TestValidators.H1;
  }

  /** Validator {@code me} locks on A in round 0 (validator 0's proposal, a polka with two others); returns what it persisted. */
  private static LockState withoutPolka(LockState l) {
    return new LockState(l.height(), l.lockedValue(), l.lockedRound(), l.validValue(), l.validRound(), l.validProposal());
  }

  /** The round-0 prevotes for A of {@code validators}, as the harness's validators sign them, in the keeper's order. */
  private List<Vote> polkaOf(MachineHarness n, int... validators) {
    List<Vote> out = new java.util.ArrayList<>();
    for (int i : validators) {
      out.add(v.prevote(i, h, 0, A));
    }
    return out;
  }

  private LockState lockOnAInRound0(MachineHarness n, int... others) {
    n.start();
    n.proposal(0, 0, A, -1, true);
    List<Output> out = List.of();
    for (int i : others) {
      out = n.prevote(i, 0, A);
    }
    n.assertVoted(out, PRECOMMIT, 0, A);
    List<Output.PersistLock> persisted = only(out, Output.PersistLock.class);
    assertEquals(1, persisted.size(), out.toString());
    return persisted.get(0).lock();
  }

  @Test
  void l36OutputsTheLockBeforeThePrecommitItCreates() {
    MachineHarness n = new MachineHarness(v, 3);
    n.start();
    n.proposal(0, 0, A, -1, true);
    n.prevote(0, 0, A);
    List<Output> out = n.prevote(1, 0, A);
    int persist = indexOf(out, Output.PersistLock.class);
    int precommit = indexOf(out, Output.BroadcastVote.class);
    assertTrue(persist >= 0 && persist < precommit, "PersistLock first, then the precommit: " + out);
    LockState lock = ((Output.PersistLock) out.get(persist)).lock();
    assertEquals(new LockState(h, Optional.of(A), Round.ZERO, A, Round.ZERO, v.proposal(0, h, 0, A, -1)), withoutPolka(lock));
    assertEquals(java.util.Set.copyOf(polkaOf(n, 0, 1, 3)), java.util.Set.copyOf(lock.polka()),
        "with the polka's prevotes (ours and those of 0 and 1)");
    assertTrue(only(n.prevote(2, 0, A), Output.PersistLock.class).isEmpty(), "L36 fires once per round");
  }

  @Test
  void aPolkaAfterANilPrecommitPersistsTheValidValueWithoutALock() {
    MachineHarness n = new MachineHarness(v, 3);
    n.start();
    n.proposal(0, 0, A, -1, true);
    n.prevote(0, 0, A);
    n.prevote(1, 0, B); // 2f+1 prevotes of any kind, no polka: timeoutPrevote, then a nil precommit
    n.assertVoted(n.timeout(TimeoutStep.PREVOTE, 0), PRECOMMIT, 0, null);
    List<Output> out = n.prevote(2, 0, A); // a polka for A only now: L42 without L38
    List<Output.PersistLock> persisted = only(out, Output.PersistLock.class);
    assertEquals(1, out.size(), out.toString());
    assertEquals(new LockState(h, Optional.empty(), Round.NIL, A, Round.ZERO, v.proposal(0, h, 0, A, -1)),
        withoutPolka(persisted.get(0).lock()));
    assertEquals(java.util.Set.copyOf(polkaOf(n, 0, 2, 3)), java.util.Set.copyOf(persisted.get(0).lock().polka()));
  }

  @Test
  void aRestoredLockMakesTheValidatorPrevoteNilForAnotherValue() {
    LockState lock = lockOnAInRound0(new MachineHarness(v, 3), 0, 1);

    MachineHarness restarted = new MachineHarness(v, 3); // a new process: nothing but the record
    restarted.start(lock);
    restarted.assertLocked(A, 0);
    restarted.assertValid(A, 0);
    assertEquals(Round.of(1), restarted.state().round(), "starts after the round it locked in");
    assertEquals(Step.PROPOSE, restarted.state().step());
    // Round 1's proposer proposes B afresh (vr = -1): a locked validator prevotes nil (L23, L26).
    restarted.assertVoted(restarted.proposal(1, 1, B, -1, true), PREVOTE, 1, null);
  }

  @Test
  void withoutItsLockARestartedValidatorWouldPrevoteAnotherValue() {
    lockOnAInRound0(new MachineHarness(v, 3), 0, 1);

    MachineHarness amnesiac = new MachineHarness(v, 3); // the gap §8.1 closes: restarted with no lock
    amnesiac.start();
    amnesiac.prevote(0, 1, null);
    amnesiac.prevote(2, 1, null); // f+1 at round 1: skip there (L55)
    assertEquals(Round.of(1), amnesiac.state().round());
    amnesiac.assertVoted(amnesiac.proposal(1, 1, B, -1, true), PREVOTE, 1, B); // what a locked validator must never do
  }

  @Test
  void aRestoredLockStillFollowsANewerPolka() {
    LockState lock = lockOnAInRound0(new MachineHarness(v, 3), 0, 1);
    MachineHarness n = new MachineHarness(v, 3);
    n.start(lock);
    for (int i = 0; i < 3; i++) {
      n.prevote(i, 1, B); // a polka for B in round 1, which this node missed while down
    }
    n.prevote(0, 2, null);
    n.prevote(1, 2, null); // on to round 2
    assertEquals(Round.of(2), n.state().round());
    // L28–L29: vr = 1 ≥ lockedRound = 0, so the lock does not stand in the way.
    n.assertVoted(n.proposal(2, 2, B, 1, true), PREVOTE, 2, B);
  }

  @Test
  void aRestoredProposerReProposesItsValidValueWithItsValidRound() {
    LockState lock = lockOnAInRound0(new MachineHarness(v, 1), 0, 2);
    MachineHarness n = new MachineHarness(v, 1); // proposer of round 1
    List<Output> out = n.start(lock);
    assertEquals(List.of(new Output.BroadcastProposal(v.proposal(1, h, 1, A, 0))), only(out, Output.BroadcastProposal.class),
        "L15–L16: validValue with validRound, no new block requested");
    assertTrue(only(out, Output.RequestValue.class).isEmpty());
    // Its round-0 polka came back with the lock: L28 prevotes its own re-proposal at once (a lone validator
    // would otherwise never hear that polka again and stall; KillNineRestartTest found it).
    n.assertVoted(out, PREVOTE, 1, A);
  }

  @Test
  void theRestoredProposalLetsTheValidatorDecideOnThePrecommitsOfItsRound() {
    LockState lock = lockOnAInRound0(new MachineHarness(v, 3), 0, 1);
    MachineHarness n = new MachineHarness(v, 3);
    n.start(lock);
    n.precommit(0, 0, A);
    n.precommit(1, 0, A);
    List<Output> out = n.precommit(2, 0, A);
    List<Output.Decide> decided = only(out, Output.Decide.class);
    assertEquals(1, decided.size(), out.toString());
    assertEquals(A, decided.get(0).value(), "L49 with the recorded proposal: no need to hear it again");
  }

  @Test
  void aLockOfAnotherHeightOrAForgedProposalIsRefused() {
    LockState lock = lockOnAInRound0(new MachineHarness(v, 3), 0, 1);
    LockState otherHeight = new LockState(Height.of(2), lock.lockedValue(), lock.lockedRound(), A, Round.ZERO,
        v.proposal(0, Height.of(2), 0, A, -1));
    assertThrows(IllegalArgumentException.class,
        () -> new Input.StartHeight(h, v.set, v.priorities, Optional.of(otherHeight)));
    LockState wrongProposer = new LockState(h, Optional.of(A), Round.ZERO, A, Round.ZERO, v.proposal(2, h, 0, A, -1));
    assertThrows(IllegalArgumentException.class, () -> new MachineHarness(v, 3).start(wrongProposer));
    assertThrows(IllegalArgumentException.class, () -> new LockState(h, Optional.of(B), Round.ZERO, A, Round.ZERO,
        v.proposal(0, h, 0, A, -1)), "locked and valid in one round must be one value");
    assertThrows(IllegalArgumentException.class, () -> new LockState(h, Optional.of(A), Round.of(1), A, Round.ZERO,
        v.proposal(0, h, 0, A, -1)), "a lock after the valid round");
  }

  @Test
  void aFollowerPersistsNothing() {
    // A node whose key is not in the set follows the height without voting.
    TendermintMachine follower = new TendermintMachine(
        new ConsensusSigner(TestValidators.CHAIN, TestValidators.key(99), TestValidators.CURVE), TimeoutConfig.DEFAULT);
    follower.apply(new Input.StartHeight(h, v.set, v.priorities));
    follower.apply(new Input.ProposalReceived(v.proposal(0, h, 0, A, -1), true));
    List<Output> out = List.of();
    for (int i = 0; i < 3; i++) {
      out = follower.apply(new Input.VoteReceived(v.prevote(i, h, 0, A)));
    }
    assertEquals(Optional.of(A), follower.state().lockedValue());
    assertTrue(only(out, Output.PersistLock.class).isEmpty(), out.toString());
  }

  private static int indexOf(List<Output> out, Class<?> type) {
    for (int i = 0; i < out.size(); i++) {
      if (type.isInstance(out.get(i))) {
        return i;
      }
    }
    return -1;
  }

  @Test
  void aLoneValidatorRestartedAfterItsPolkaDecidesTheRecordedValue() {
    TestValidators one = TestValidators.withPowers(1);
    MachineHarness n = new MachineHarness(one, 0);
    n.start();
    List<Output> out = n.m.apply(new Input.ValueProposed(n.h, Round.ZERO, A));
    LockState lock = only(out, Output.PersistLock.class).get(0).lock();
    assertEquals(1, lock.polka().size(), "its own prevote is the polka");

    // Killed after the lock record was written and before the block was committed: a new process at the same height.
    MachineHarness restarted = new MachineHarness(one, 0);
    List<Output> after = restarted.start(lock);
    List<Output.Decide> decided = only(after, Output.Decide.class);
    assertEquals(1, decided.size(), "re-proposes A, prevotes it on the restored polka (L28), decides: " + after);
    assertEquals(A, decided.get(0).value());
    // Without the polka nobody would ever repeat it: the validator would re-propose A in every round and never prevote it.
    List<Output> stuck = new MachineHarness(one, 0).start(withoutPolka(lock));
    assertTrue(only(stuck, Output.Decide.class).isEmpty() && only(stuck, Output.BroadcastVote.class).isEmpty(), stuck.toString());
  }
}
