package org.mercato.consensus.bft.proposer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mercato.consensus.bft.TestValidators;
import org.mercato.consensus.bft.types.Round;

/** docs/spec/consensus.md §5: CometBFT's weighted round-robin; validator i is the i-th lowest address. */
class ProposerPrioritiesTest {

  /** Hand-computed sequences of proposers over consecutive heights (round 0), from genesis. */
  @ParameterizedTest(name = "powers {0}: {1}")
  @CsvSource({
      // equal powers: plain round-robin in address order (every tie goes to the lower address)
      "'1 1 1 1', '0 1 2 3 0 1 2 3'",
      // CometBFT spec: p1=1, p2=3 repeats [p2, p1, p2, p2]
      "'1 3', '1 0 1 1 1 0 1 1'",
      // {3, 1}: at the second height both are at 2 and the lower address wins
      "'3 1', '0 0 1 0 0 0 1 0'",
      // {10, 1}: five, the small one, five (ties to the lower address at 5 vs 5)
      "'10 1', '0 0 0 0 0 1 0 0 0 0 0 0 0 0 0 0 1'",
      // {1, 2, 3, 4}, P = 10, by hand (after +VP -> chosen -> after -P):
      // [1,2,3,4]->3 | [2,4,6,-2]->2 | [3,6,-1,2]->1 | [4,-2,2,6]->3 | [5,0,5,0]->0 (tie, lower address)
      // [-4,2,8,4]->2 | [-3,4,1,8]->3 | [-2,6,4,2]->1 | [-1,-2,7,6]->2 | [0,0,0,10]->3, back to all zero
      "'1 2 3 4', '3 2 1 3 0 2 3 1 2 3'"})
  void proposerSequenceOverHeights(String powers, String expected) {
    TestValidators v = TestValidators.withPowers(parse(powers));
    ProposerPriorities p = ProposerPriorities.genesis(v.set);
    StringBuilder got = new StringBuilder();
    int n = expected.split(" ").length;
    for (int h = 0; h < n; h++) {
      got.append(h == 0 ? "" : " ").append(v.set.indexOf(p.proposer().address()));
      p = p.nextHeight();
    }
    assertEquals(expected, got.toString());
  }

  /** Over k·P runs each validator proposes exactly k·VP times; proposer(round r) agrees with r single runs. */
  @ParameterizedTest(name = "powers {0}")
  @CsvSource({"'1 1 1 1'", "'1 2 3 4'", "'10 1'", "'5 5 1'", "'100 1 1'", "'7 3 3 1 1'", "'1 3'", "'2 2 2 2 1000'"})
  void proposalsAreProportionalToStake(String powers) {
    long[] vp = parse(powers);
    TestValidators v = TestValidators.withPowers(vp);
    long total = Arrays.stream(vp).sum();
    int k = 5;
    int[] perHeight = new int[vp.length];
    int[] perRound = new int[vp.length];
    ProposerPriorities p = ProposerPriorities.genesis(v.set);
    ProposerPriorities start = p;
    for (int i = 0; i < k * total; i++) {
      int chosen = v.set.indexOf(p.proposer().address());
      perHeight[chosen]++;
      assertEquals(chosen, v.set.indexOf(start.proposer(Round.of(i)).address()), "proposer(round " + i + ")");
      perRound[v.set.indexOf(start.proposer(Round.of(i)).address())]++;
      p = p.nextHeight();
    }
    for (int i = 0; i < vp.length; i++) {
      assertEquals(k * vp[i], perHeight[i], "validator " + i + " over " + k * total + " heights");
      assertEquals(k * vp[i], perRound[i], "validator " + i + " over " + k * total + " rounds");
    }
  }

  @Test
  void widePrioritiesAreRescaledThenCentred() {
    TestValidators v = TestValidators.withPowers(1, 1);
    // diff 20000 > 2P = 4: divide by ceil(20000/4) = 5000 -> [2, -2]; centre (avg 0); +1 each -> [3, -1]; 0 chosen -> [1, -1]
    ProposerPriorities p = ProposerPriorities.restore(v.set, new long[] {10000, -10000}, 0).increment(1);
    assertArrayEquals(new long[] {1, -1}, p.priorities());
    assertEquals(v.validator(0), p.proposer());
  }

  @Test
  void centringUsesFloorDivision() {
    TestValidators v = TestValidators.withPowers(1, 1, 1);
    // sum -1, floor(-1/3) = -1 (truncation would give 0): [0,0,-1] -> [1,1,0] -> +1 -> [2,2,1] -> 0 chosen -> [-1,2,1]
    ProposerPriorities p = ProposerPriorities.restore(v.set, new long[] {0, 0, -1}, 0).increment(1);
    assertArrayEquals(new long[] {-1, 2, 1}, p.priorities());
  }

  @Test
  void arithmeticSaturates() {
    assertEquals(Long.MAX_VALUE, ProposerPriorities.saturatedAdd(Long.MAX_VALUE - 1, 5));
    assertEquals(Long.MIN_VALUE, ProposerPriorities.saturatedSub(Long.MIN_VALUE + 1, 5));
    assertEquals(Long.MAX_VALUE, ProposerPriorities.saturatedSub(Long.MAX_VALUE, -5));
    assertEquals(3, ProposerPriorities.saturatedSub(5, 2));
  }

  private static long[] parse(String s) {
    return Arrays.stream(s.trim().split(" ")).mapToLong(Long::parseLong).toArray();
  }
}
