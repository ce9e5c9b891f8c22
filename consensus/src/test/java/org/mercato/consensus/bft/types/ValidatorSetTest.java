package org.mercato.consensus.bft.types;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.mercato.consensus.bft.TestValidators;

class ValidatorSetTest {
  /** docs/spec/consensus.md §1: quorum = total*2/3+1 (strictly above 2/3), skip = total/3+1 (strictly above 1/3). */
  @ParameterizedTest(name = "total {0}: quorum {1}, skip {2}")
  @CsvSource({
      "1, 1, 1",
      "2, 2, 1",
      "3, 3, 2",
      "4, 3, 2",
      "5, 4, 2",
      "6, 5, 3",
      "7, 5, 3",
      "10, 7, 4",
      "100, 67, 34",
      "1000000, 666667, 333334"})
  void quorumArithmetic(long total, long quorum, long skip) {
    ValidatorSet set = ValidatorSet.of(List.of(validatorWithPower(0, total)));
    assertEquals(total, set.totalPower());
    assertEquals(quorum, set.quorum());
    assertEquals(skip, set.skipThreshold());
    assertTrue(set.isQuorum(quorum));
    assertFalse(set.isQuorum(quorum - 1));
    assertTrue(3 * set.quorum() > 2 * total, "quorum is strictly more than 2/3");
    assertTrue(3 * (set.quorum() - 1) <= 2 * total, "and the least such power");
    assertTrue(3 * set.skipThreshold() > total, "skip is strictly more than 1/3");
    assertTrue(3 * (set.skipThreshold() - 1) <= total, "and the least such power");
  }

  @Test
  void totalPowerIsSummedOverValidators() {
    TestValidators v = TestValidators.withPowers(1, 2, 3, 4);
    assertEquals(10, v.set.totalPower());
    assertEquals(7, v.set.quorum());
    assertEquals(4, v.set.skipThreshold());
  }

  @Test
  void sortedByAddressWhateverTheInputOrder() {
    TestValidators v = TestValidators.withPowers(1, 1, 1, 1);
    List<Validator> reversed = new java.util.ArrayList<>(v.set.validators());
    java.util.Collections.reverse(reversed);
    ValidatorSet again = ValidatorSet.of(reversed);
    assertEquals(v.set, again);
    for (int i = 1; i < again.size(); i++) {
      assertTrue(again.get(i - 1).address().compareTo(again.get(i).address()) < 0);
    }
    assertEquals(2, again.indexOf(v.set.get(2).address()));
  }

  @Test
  void refusesDuplicatesEmptyAndTooMuchPower() {
    Validator a = validatorWithPower(1, 5);
    assertThrows(IllegalArgumentException.class, () -> ValidatorSet.of(List.of(a, a)));
    assertThrows(IllegalArgumentException.class, () -> ValidatorSet.of(List.of()));
    assertThrows(IllegalArgumentException.class, () -> ValidatorSet.of(List.of(
        validatorWithPower(1, ValidatorSet.MAX_TOTAL_VOTING_POWER), validatorWithPower(2, 1))));
    assertThrows(IllegalArgumentException.class, () -> validatorWithPower(3, 0));
  }

  private static Validator validatorWithPower(int seed, long power) {
    var key = TestValidators.key(seed);
    return new Validator(key.address(), key.publicKey(), power);
  }
}
