package org.mercato.consensus.bft.statemachine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.mercato.consensus.bft.TestValidators;
import org.mercato.consensus.bft.types.Round;
import org.mercato.consensus.bft.types.Vote;

/** Several machines exchanging messages in memory (docs/spec/consensus.md §3): agreement and liveness with f silent, none with more. */
class NetworkTest {
  private static final int HEIGHTS = 6;

  @Test
  void fourValidatorsAllLiveDecideEveryHeightInRoundZero() {
    SimulatedNetwork net = new SimulatedNetwork(TestValidators.withPowers(1, 1, 1, 1), Set.of(), HEIGHTS);
    net.run(100_000);
    List<Output.Decide> d = assertAgreement(net, Set.of());
    d.forEach(x -> assertEquals(Round.ZERO, x.commit().round()));
  }

  @Test
  void oneSilentValidatorOfFourDoesNotStopTheChain() {
    SimulatedNetwork net = new SimulatedNetwork(TestValidators.withPowers(1, 1, 1, 1), Set.of(3), HEIGHTS);
    net.run(100_000);
    List<Output.Decide> d = assertAgreement(net, Set.of(3));
    // the silent validator is proposer of round 0 at height 4: that height needs round 1
    for (Output.Decide x : d) {
      boolean silentProposes = net.v.proposerIndex(net.prioritiesAt(x.height()), 0) == 3;
      assertEquals(silentProposes ? Round.of(1) : Round.ZERO, x.commit().round(), "height " + x.height());
    }
    assertTrue(d.stream().anyMatch(x -> x.commit().round().equals(Round.of(1))), "some height had a silent proposer");
  }

  @Test
  void unequalPowersSurviveTheSmallestSilent() {
    SimulatedNetwork net = new SimulatedNetwork(TestValidators.withPowers(1, 2, 3, 4), Set.of(0), HEIGHTS);
    net.run(100_000);
    assertAgreement(net, Set.of(0));
  }

  @Test
  void twoSilentOfFourDecideNothing() {
    SimulatedNetwork net = new SimulatedNetwork(TestValidators.withPowers(1, 1, 1, 1), Set.of(2, 3), HEIGHTS);
    net.run(100_000);
    assertTrue(net.steps < 100_000, "the run stalls (no +2/3 anything, so no further timeouts) rather than loops");
    net.decisions.values().forEach(d -> assertTrue(d.isEmpty(), "no decision without a quorum"));
  }

  @Test
  void theLargestValidatorSilentIsMoreThanAThirdOfPower() {
    SimulatedNetwork net = new SimulatedNetwork(TestValidators.withPowers(1, 2, 3, 4), Set.of(3), HEIGHTS); // 6 < quorum 7
    net.run(100_000);
    net.decisions.values().forEach(d -> assertTrue(d.isEmpty()));
  }

  @Test
  void runsAreDeterministic() {
    SimulatedNetwork a = new SimulatedNetwork(TestValidators.withPowers(1, 1, 1, 1), Set.of(1), 4);
    SimulatedNetwork b = new SimulatedNetwork(TestValidators.withPowers(1, 1, 1, 1), Set.of(1), 4);
    a.run(100_000);
    b.run(100_000);
    assertEquals(a.decisions, b.decisions);
    assertEquals(a.steps, b.steps);
    assertEquals(a.now(), b.now());
  }

  /** Every live node decided HEIGHTS heights, the same value per height, each with a verified quorum commit. */
  private static List<Output.Decide> assertAgreement(SimulatedNetwork net, Set<Integer> silent) {
    List<Output.Decide> reference = null;
    for (int i = 0; i < net.v.set.size(); i++) {
      List<Output.Decide> d = net.decisions.get(i);
      if (silent.contains(i)) {
        assertTrue(d.isEmpty());
        continue;
      }
      assertEquals(HEIGHTS, d.size(), "node " + i + " decided every height");
      for (int k = 0; k < d.size(); k++) {
        Output.Decide x = d.get(k);
        assertEquals(k + 1, x.height().value());
        assertTrue(x.commit().power(net.v.set) >= net.v.set.quorum(), "commit has +2/3");
        for (Vote pc : x.commit().precommits()) {
          assertTrue(pc.verify(TestValidators.CHAIN, net.v.set.find(pc.validator()).orElseThrow(), TestValidators.CURVE));
        }
        if (reference != null) {
          assertEquals(reference.get(k).value(), x.value(), "node " + i + " agrees at height " + (k + 1));
        }
      }
      if (reference == null) {
        reference = d;
      }
    }
    return reference;
  }
}
