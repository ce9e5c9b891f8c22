package org.mercato.consensus.bft.statemachine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.mercato.consensus.bft.TestValidators;
import org.mercato.consensus.bft.types.Height;
import org.mercato.consensus.bft.types.Proposal;
import org.mercato.consensus.bft.types.Round;
import org.mercato.consensus.bft.types.Vote;
import org.mercato.consensus.bft.types.VoteType;
import org.mercato.state.types.Hash;

/** One machine under test, driven by scripted messages from the other validators. */
final class MachineHarness {
  final TestValidators v;
  final int me;
  final TendermintMachine m;
  final Height h = TestValidators.H1;

  MachineHarness(TestValidators v, int me) {
    this.v = v;
    this.me = me;
    this.m = new TendermintMachine(v.signer(me), TimeoutConfig.DEFAULT);
  }

  List<Output> start() {
    return m.apply(new Input.StartHeight(h, v.set, v.priorities));
  }

  /** Starts the height as a restarted node with the lock it persisted (spec §8.1). */
  List<Output> start(LockState restored) {
    return m.apply(new Input.StartHeight(h, v.set, v.priorities, Optional.of(restored)));
  }

  /** The outputs of a received proposal, without its relay (relays are RelayMachineTest's subject). */
  List<Output> proposal(int from, int round, Hash value, int validRound, boolean valid) {
    return withoutRelays(m.apply(new Input.ProposalReceived(v.proposal(from, h, round, value, validRound), valid)));
  }

  List<Output> proposal(Proposal p, boolean valid) {
    return withoutRelays(m.apply(new Input.ProposalReceived(p, valid)));
  }

  /** The outputs of a received prevote, without its relay (relays are RelayMachineTest's subject). */
  List<Output> prevote(int from, int round, Hash value) {
    return withoutRelays(m.apply(new Input.VoteReceived(v.prevote(from, h, round, value))));
  }

  /** The outputs of a received precommit, without its relay. */
  List<Output> precommit(int from, int round, Hash value) {
    return withoutRelays(m.apply(new Input.VoteReceived(v.precommit(from, h, round, value))));
  }

  static List<Output> withoutRelays(List<Output> out) {
    return out.stream().filter(o -> !(o instanceof Output.RelayVote) && !(o instanceof Output.RelayProposal)).toList();
  }

  List<Output> timeout(TimeoutStep step, int round) {
    return m.apply(new Input.Timeout(step, h, Round.of(round)));
  }

  RoundState state() {
    return m.state();
  }

  static <T> List<T> only(List<Output> out, Class<T> type) {
    return out.stream().filter(type::isInstance).map(type::cast).toList();
  }

  /** Exactly one vote broadcast, of this type, round and value (null = nil). */
  void assertVoted(List<Output> out, VoteType type, int round, Hash value) {
    List<Output.BroadcastVote> votes = only(out, Output.BroadcastVote.class);
    assertEquals(1, votes.size(), "one vote broadcast in " + out);
    Vote vote = votes.get(0).vote();
    assertEquals(type, vote.type());
    assertEquals(Round.of(round), vote.round());
    assertEquals(Optional.ofNullable(value), vote.value());
    assertEquals(v.validator(me).address(), vote.validator());
  }

  static void assertNoVote(List<Output> out) {
    assertTrue(only(out, Output.BroadcastVote.class).isEmpty(), "no vote expected in " + out);
  }

  void assertLocked(Hash value, int round) {
    assertEquals(Optional.ofNullable(value), state().lockedValue());
    assertEquals(Round.of(round), state().lockedRound());
  }

  void assertValid(Hash value, int round) {
    assertEquals(Optional.ofNullable(value), state().validValue());
    assertEquals(Round.of(round), state().validRound());
  }

  static Output.ScheduleTimeout timeoutOf(TimeoutStep step, Height h, int round, TimeoutConfig c) {
    return new Output.ScheduleTimeout(step, h, Round.of(round), c.timeout(step, Round.of(round)));
  }

  static VoteType prevote() {
    return VoteType.PREVOTE;
  }
}
