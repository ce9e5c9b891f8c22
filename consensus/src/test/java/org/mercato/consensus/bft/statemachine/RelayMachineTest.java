package org.mercato.consensus.bft.statemachine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mercato.consensus.bft.TestValidators;
import org.mercato.consensus.bft.types.ConsensusSigner;
import org.mercato.consensus.bft.types.Round;
import org.mercato.consensus.bft.types.Vote;
import org.mercato.consensus.bft.types.VoteType;
import org.mercato.state.types.Hash;

/** docs/spec/consensus.md §10 "Relay": which received votes and proposals the machine passes on, and how often. */
class RelayMachineTest {
  private static final Hash A = TestValidators.value("a");
  private static final Hash B = TestValidators.value("b");
  private final TestValidators v = TestValidators.withPowers(1, 1, 1, 1);
  private final MachineHarness n = new MachineHarness(v, 3);

  private List<Output> receive(Vote vote) {
    return n.m.apply(new Input.VoteReceived(vote));
  }

  private static List<Output.RelayVote> relays(List<Output> out) {
    return MachineHarness.only(out, Output.RelayVote.class);
  }

  @Test
  void aCountedVoteIsRelayedOnceAndItsDuplicatesNever() {
    n.start();
    Vote prevote = v.prevote(0, n.h, 0, A);
    assertEquals(List.of(new Output.RelayVote(prevote)), relays(receive(prevote)));
    assertEquals(List.of(), relays(receive(prevote)), "a duplicate is not relayed again: relays end");
  }

  @Test
  void rejectedVotesAreNotRelayed() {
    n.start();
    ConsensusSigner outsider = new ConsensusSigner(TestValidators.CHAIN, TestValidators.key(77), TestValidators.CURVE);
    assertEquals(List.of(), relays(receive(outsider.vote(VoteType.PREVOTE, n.h, Round.ZERO, java.util.Optional.of(A)))));
    assertEquals(List.of(), relays(n.m.apply(new Input.VoteReceived(v.prevote(0, TestValidators.H1.next(), 0, A)))),
        "another height: not counted now");
  }

  @Test
  void theFirstConflictingVoteIsRelayedWithTheEvidenceAndLaterCopiesAreNot() {
    n.start();
    receive(v.precommit(1, n.h, 0, A));
    Vote twin = v.precommit(1, n.h, 0, B);
    List<Output> out = receive(twin);
    assertEquals(1, MachineHarness.only(out, Output.EvidenceFound.class).size());
    assertEquals(List.of(new Output.RelayVote(twin)), relays(out), "so nodes that only got the first vote see it too");
    assertEquals(List.of(), relays(receive(twin)), "the same conflict again: not relayed (no relay loop)");
    assertEquals(List.of(), relays(receive(v.precommit(1, n.h, 0, TestValidators.value("c")))),
        "one relayed conflict per validator, round and type");
  }

  @Test
  void aValidProposalIsRelayedOnceAndInvalidOrRepeatedOnesNever() {
    n.start();
    org.mercato.consensus.bft.types.Proposal p = v.proposal(0, n.h, 0, A, -1);
    assertEquals(List.of(new Output.RelayProposal(p)),
        MachineHarness.only(n.m.apply(new Input.ProposalReceived(p, true)), Output.RelayProposal.class));
    assertEquals(List.of(), MachineHarness.only(n.m.apply(new Input.ProposalReceived(p, true)), Output.RelayProposal.class),
        "the same proposal again: not relayed again");

    MachineHarness other = new MachineHarness(v, 2);
    other.start();
    assertEquals(List.of(), MachineHarness.only(other.m.apply(new Input.ProposalReceived(p, false)), Output.RelayProposal.class),
        "an invalid block is not passed on");
  }
}
