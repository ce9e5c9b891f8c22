package org.mercato.state.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.tuweni.bytes.Bytes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mercato.state.block.Block;
import org.mercato.state.crypto.KeyPair;
import org.mercato.state.exec.BlockExecution;
import org.mercato.state.testing.TestChain;
import org.mercato.state.tx.IntrinsicGas;
import org.mercato.state.tx.Transaction;
import org.mercato.state.tx.TransactionRejection;
import org.mercato.state.tx.UnsignedTransaction;
import org.mercato.state.types.Address;
import org.mercato.state.types.Wei;

/**
 * The EIP-1559 base fee through a real chain with a 100,000 gas limit (target 50,000): blocks
 * exactly full, at target, above, below and empty, the +1 minimum step, the minBaseFee floor, and
 * what a fee cap below the base fee does to proposing and validating.
 */
class FeeMarketChainTest {
  private static final long LIMIT = 100_000;
  private static final KeyPair ALICE = TestChain.KEYS.get(0);
  private static final Address SINK = Address.fromHex("0x00000000000000000000000000000000000000cc");
  private static final Address PROPOSER = Address.fromHex("0x00000000000000000000000000000000000000aa");
  private static final Wei RICH_CAP = Wei.of(1_000_000_000_000L);

  @TempDir Path dir;

  /** A transfer that uses exactly {@code gas} (21,000 + 4 per zero calldata byte). */
  private static Transaction usingGas(long nonce, long gas) {
    long zeros = (gas - IntrinsicGas.TRANSACTION) / IntrinsicGas.ZERO_DATA_BYTE;
    assertEquals(gas, IntrinsicGas.TRANSACTION + zeros * IntrinsicGas.ZERO_DATA_BYTE, "gas must be 21000 + 4k");
    return TestChain.SIGNER.sign(UnsignedTransaction.dynamicFee(TestChain.CHAIN_ID, nonce, Wei.ZERO, RICH_CAP, gas, SINK,
        Wei.ZERO, Bytes.wrap(new byte[(int) zeros]), List.of()), ALICE);
  }

  /** The spec's rule, written out independently of FeeMarket. */
  private static BigInteger reference(BigInteger base, long used, long limit, BigInteger min) {
    long target = limit / 2;
    BigInteger next;
    if (used == target) {
      next = base;
    } else if (used > target) {
      next = base.add(base.multiply(BigInteger.valueOf(used - target)).divide(BigInteger.valueOf(target))
          .divide(BigInteger.valueOf(8)).max(BigInteger.ONE));
    } else {
      next = base.subtract(base.multiply(BigInteger.valueOf(target - used)).divide(BigInteger.valueOf(target))
          .divide(BigInteger.valueOf(8)));
    }
    return next.max(min);
  }

  /** Produces one block per gas figure (0 = empty) and returns every block's base fee, block 1 first. */
  private static List<Long> run(TestChain tc, long[] gasPerBlock) {
    List<Long> fees = new ArrayList<>();
    long nonce = 0;
    for (int i = 0; i < gasPerBlock.length; i++) {
      Wei expectedNext = tc.chain().nextBaseFee();
      List<Transaction> txs = gasPerBlock[i] == 0 ? List.of() : List.of(usingGas(nonce++, gasPerBlock[i]));
      ExecutedBlock b = tc.produce(1_001 + i, PROPOSER, txs);
      assertEquals(gasPerBlock[i], b.block().header().gasUsed(), "block " + (i + 1) + " gas used");
      assertEquals(expectedNext, b.block().header().baseFee(), "propose uses nextBaseFee()");
      fees.add(b.block().header().baseFee().value().longValueExact());
    }
    return fees;
  }

  @Test
  void baseFeeFollowsFullHalfAboveBelowAndEmptyBlocksDownToTheFloor() {
    Wei initial = Wei.of(1_000_000_000L);
    Wei floor = Wei.of(500_000_000L);
    try (TestChain tc = TestChain.open(dir, TestChain.params(LIMIT, initial, floor, TestChain.fund(1, 100)))) {
      long[] gas = {100_000, 50_000, 60_000, 25_000, 0, 0, 0, 0, 0, 0, 0, 0};
      List<Long> fees = run(tc, gas);
      // Block 1's parent is genesis (0 gas used): down by 1/8. Then: full +1/8, at target unchanged,
      // 60k +1/40, 25k -1/16, empties -1/8 each until the floor, where it stays.
      assertEquals(List.of(875_000_000L, 984_375_000L, 984_375_000L, 1_008_984_375L, 945_922_852L, 827_682_496L,
          724_222_184L, 633_694_411L, 554_482_610L, 500_000_000L, 500_000_000L, 500_000_000L), fees);

      BigInteger expected = initial.value();
      long parentGas = 0;
      for (int i = 0; i < gas.length; i++) {
        expected = reference(expected, parentGas, LIMIT, floor.value());
        assertEquals(expected.longValueExact(), fees.get(i), "block " + (i + 1));
        parentGas = gas[i];
      }
      assertEquals(floor, tc.chain().nextBaseFee(), "an idle chain stays at the floor");
    }
  }

  @Test
  void aFullBlockRaisesATinyBaseFeeByAtLeastOneWei() {
    try (TestChain tc = TestChain.open(dir, TestChain.params(LIMIT, Wei.of(8), Wei.of(1), TestChain.fund(1, 100)))) {
      // 7 * 50,000 / 50,000 / 8 = 0: without max(1, ...) a full block would leave the fee at 7.
      assertEquals(List.of(7L, 8L, 9L, 10L, 11L, 10L, 9L, 8L),
          run(tc, new long[] {100_000, 100_000, 100_000, 100_000, 0, 0, 0, 0}));
    }
  }

  @Test
  void feeCapBelowBaseFeeIsSkippedByProposeAndRejectedByValidate(@TempDir Path other) {
    Wei initial = Wei.of(1_000_000_000L);
    try (TestChain tc = TestChain.open(dir, TestChain.params(LIMIT, initial, Wei.of(1), TestChain.fund(2, 100)));
        TestChain follower = TestChain.open(other, tc.params())) {
      Wei base = tc.chain().nextBaseFee();
      KeyPair bob = TestChain.KEYS.get(1);
      Transaction lowDynamic = TestChain.transfer(ALICE, 0, Wei.ZERO, base.subtract(Wei.of(1)), SINK, Wei.of(1));
      Transaction lowLegacy = TestChain.SIGNER.sign(
          UnsignedTransaction.legacy(TestChain.CHAIN_ID, 0, base.subtract(Wei.of(1)), 21_000, SINK, Wei.of(1), Bytes.EMPTY), bob);
      Transaction atBase = TestChain.transfer(ALICE, 0, Wei.of(5), base, SINK, Wei.of(1)); // cap == base fee: valid, tip 0

      ExecutedBlock b = tc.chain().propose(1_001, PROPOSER, Bytes.EMPTY, List.of(lowDynamic, lowLegacy, atBase));
      assertEquals(List.of(atBase), b.block().transactions());
      List<BlockExecution.Skipped> skipped = b.execution().skipped();
      assertEquals(List.of(lowDynamic, lowLegacy), skipped.stream().map(BlockExecution.Skipped::transaction).toList());
      skipped.forEach(s -> assertEquals(TransactionRejection.FEE_CAP_BELOW_BASE_FEE, s.reason()));
      assertEquals(Wei.ZERO, b.execution().tips(), "a cap equal to the base fee leaves no tip");

      // The same header with the underpriced transaction in the body: the follower refuses the block.
      for (Transaction low : List.of(lowDynamic, lowLegacy)) {
        BlockValidationResult r = follower.chain().validate(new Block(b.block().header(), List.of(low)));
        assertFalse(r.isValid());
        assertEquals(BlockValidity.INVALID_TRANSACTION, r.invalidity().orElseThrow());
        assertTrue(r.detail().contains(low.hash().toString()), r.detail());
        assertTrue(r.detail().contains(TransactionRejection.FEE_CAP_BELOW_BASE_FEE.message()), r.detail());
      }
      // And accepts the block as proposed.
      follower.accept(b.block());
      tc.chain().commit(b);
      assertEquals(tc.chain().headHash(), follower.chain().headHash());
    }
  }
}
