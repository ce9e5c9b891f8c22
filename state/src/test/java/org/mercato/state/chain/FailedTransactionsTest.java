package org.mercato.state.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.units.bigints.UInt256;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mercato.state.block.Log;
import org.mercato.state.block.LogsBloom;
import org.mercato.state.block.Receipt;
import org.mercato.state.crypto.KeyPair;
import org.mercato.state.exec.SupplyLedger;
import org.mercato.state.testing.CounterContract;
import org.mercato.state.testing.TestChain;
import org.mercato.state.tx.IntrinsicGas;
import org.mercato.state.tx.Transaction;
import org.mercato.state.types.Address;
import org.mercato.state.types.Wei;
import org.mercato.state.world.WorldView;

/** Failed system calls (revert, out of gas) through a real chain: in the block, paid for, and otherwise without effect. */
class FailedTransactionsTest {
  private static final KeyPair ALICE = TestChain.KEYS.get(0);
  private static final KeyPair BOB = TestChain.KEYS.get(1);
  private static final Address PROPOSER = Address.fromHex("0x00000000000000000000000000000000000000aa");
  private static final Wei BASE = Wei.of(1_000_000_000L);
  private static final Wei TIP = Wei.of(2_000_000_000L);
  private static final Wei MAX_FEE = Wei.of(10_000_000_000L);
  private static final long ADD_GAS = CounterContract.CALL_GAS + CounterContract.WRITE_GAS;

  @TempDir Path dir;
  private TestChain tc;

  @BeforeEach
  void open() {
    // minBaseFee = initial base fee, so every block's base fee is exactly BASE.
    tc = TestChain.open(dir, TestChain.params(30_000_000, BASE, BASE, TestChain.fund(2, 100)), new CounterContract());
  }

  @AfterEach
  void close() {
    tc.close();
  }

  private static long gasUsed(List<Receipt> receipts, int i) {
    return receipts.get(i).cumulativeGasUsed() - (i == 0 ? 0 : receipts.get(i - 1).cumulativeGasUsed());
  }

  private static Wei price() {
    return BASE.add(TIP); // below MAX_FEE, so the effective price
  }

  @Test
  void successfulCallEmitsAddedLogAndBloom() {
    Bytes data = CounterContract.addCall(5);
    Transaction tx = TestChain.call(ALICE, 0, TIP, MAX_FEE, 100_000, CounterContract.ADDRESS, Wei.ZERO, data);
    ExecutedBlock b = tc.produce(1_001, PROPOSER, List.of(tx));

    assertEquals(List.of(tx), b.block().transactions());
    Receipt r = b.receipts().get(0);
    assertTrue(r.success());
    assertEquals(IntrinsicGas.of(tx) + ADD_GAS, r.cumulativeGasUsed());
    Log expected = new Log(CounterContract.ADDRESS,
        List.of(CounterContract.ADDED_TOPIC, Bytes32.leftPad(ALICE.address().bytes())), UInt256.valueOf(5).toBytes());
    assertEquals(List.of(expected), r.logs());
    for (Bytes element : List.of(CounterContract.ADDRESS.bytes(), CounterContract.ADDED_TOPIC, Bytes32.leftPad(ALICE.address().bytes()))) {
      assertTrue(LogsBloom.mightContain(r.bloom(), element), "receipt bloom lacks " + element);
      assertTrue(LogsBloom.mightContain(b.block().header().logsBloom(), element), "header bloom lacks " + element);
    }
    assertEquals(LogsBloom.of(List.of(expected)), r.bloom());
    assertEquals(r.bloom(), b.block().header().logsBloom(), "one receipt: the header bloom is its bloom");
    assertEquals(UInt256.valueOf(5), CounterContract.total(tc.chain().latestState()));
    // The stored receipt is the executed one.
    assertEquals(b.receipts(), tc.chain().store().receipts(b.block().hash()));
  }

  @Test
  void revertedCallIsIncludedPaysGasKeepsNonceAndUndoesEverythingElse() {
    // Counter at 7 first, so "unchanged" is distinguishable from "reset".
    tc.produce(1_001, PROPOSER, List.of(
        TestChain.call(BOB, 0, TIP, MAX_FEE, 100_000, CounterContract.ADDRESS, Wei.ZERO, CounterContract.addCall(7))));
    Wei aliceBefore = tc.balance(ALICE.address());
    Wei contractBefore = tc.balance(CounterContract.ADDRESS);
    Wei proposerBefore = tc.balance(PROPOSER);
    Wei burnedBefore = SupplyLedger.burned(tc.chain().latestState());

    Wei value = Wei.coins(3);
    Transaction fail = TestChain.call(ALICE, 0, TIP, MAX_FEE, 100_000, CounterContract.ADDRESS, value,
        TestChain.failCall("no"));
    ExecutedBlock b = tc.produce(1_002, PROPOSER, List.of(fail));

    assertEquals(List.of(fail), b.block().transactions(), "a failed call is still in the block");
    Receipt r = b.receipts().get(0);
    assertFalse(r.success());
    assertEquals(List.of(), r.logs());
    assertEquals(LogsBloom.EMPTY, r.bloom());
    assertEquals(LogsBloom.EMPTY, b.block().header().logsBloom());
    long used = IntrinsicGas.of(fail) + ADD_GAS; // the handler reports its gas even when it reverts
    assertEquals(used, r.cumulativeGasUsed());

    WorldView s = tc.chain().latestState();
    assertEquals(1, s.accountOrEmpty(ALICE.address()).nonce(), "nonce increment kept");
    assertEquals(UInt256.valueOf(7), CounterContract.total(s), "the handler's write (999999) was dropped");
    assertEquals(aliceBefore.subtract(price().multiply(used)), s.accountOrEmpty(ALICE.address()).balance(),
        "value returned, only gas paid");
    assertEquals(contractBefore, s.accountOrEmpty(CounterContract.ADDRESS).balance(), "the contract keeps no value");
    assertEquals(proposerBefore.add(TIP.multiply(used)), s.accountOrEmpty(PROPOSER).balance());
    assertEquals(burnedBefore.add(BASE.multiply(used)), SupplyLedger.burned(s));
  }

  @Test
  void outOfGasCallUsesItsWholeGasLimit() {
    Bytes data = CounterContract.addCall(1);
    long gasLimit = IntrinsicGas.of(data, List.of()) + ADD_GAS - 1; // one short
    Wei value = Wei.of(12_345);
    Wei before = tc.balance(ALICE.address());
    Transaction oog = TestChain.call(ALICE, 0, TIP, MAX_FEE, gasLimit, CounterContract.ADDRESS, value, data);
    Transaction ok = TestChain.call(ALICE, 1, TIP, MAX_FEE, gasLimit + 1, CounterContract.ADDRESS, Wei.ZERO, data);
    ExecutedBlock b = tc.produce(1_001, PROPOSER, List.of(oog, ok));

    assertEquals(List.of(oog, ok), b.block().transactions());
    assertFalse(b.receipts().get(0).success());
    assertEquals(gasLimit, gasUsed(b.receipts(), 0), "out of gas uses all of it");
    assertEquals(List.of(), b.receipts().get(0).logs());
    assertTrue(b.receipts().get(1).success(), "exactly enough gas succeeds");
    assertEquals(gasLimit + 1, gasUsed(b.receipts(), 1));

    WorldView s = tc.chain().latestState();
    assertEquals(UInt256.valueOf(1), CounterContract.total(s), "only the second add counted");
    assertEquals(2, s.accountOrEmpty(ALICE.address()).nonce());
    assertEquals(before.subtract(price().multiply(gasLimit + gasLimit + 1)), s.accountOrEmpty(ALICE.address()).balance(),
        "the value of the out-of-gas call came back");
    assertEquals(Wei.ZERO, s.accountOrEmpty(CounterContract.ADDRESS).balance());
  }

  @Test
  void blockWithFailedCallsValidatesOnAnotherNode(@TempDir Path other) {
    try (TestChain follower = TestChain.open(other, tc.params(), new CounterContract())) {
      Bytes add = CounterContract.addCall(2);
      ExecutedBlock b = tc.chain().propose(1_001, PROPOSER, Bytes.EMPTY, List.of(
          TestChain.call(ALICE, 0, TIP, MAX_FEE, 100_000, CounterContract.ADDRESS, Wei.of(1), TestChain.failCall("x")),
          TestChain.call(ALICE, 1, TIP, MAX_FEE, IntrinsicGas.of(add, List.of()), CounterContract.ADDRESS, Wei.of(1), add),
          TestChain.call(BOB, 0, TIP, MAX_FEE, 100_000, CounterContract.ADDRESS, Wei.of(1), add)));
      assertEquals(3, b.block().transactions().size());
      ExecutedBlock accepted = follower.accept(b.block());
      tc.chain().commit(b);
      assertEquals(b.receipts(), accepted.receipts());
      assertEquals(List.of(false, false, true), accepted.receipts().stream().map(Receipt::success).toList());
      assertEquals(tc.chain().headHash(), follower.chain().headHash());
      assertEquals(Wei.of(1), follower.balance(CounterContract.ADDRESS), "only the successful call's value arrived");
    }
  }
}
