package org.mercato.state.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.apache.tuweni.bytes.Bytes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mercato.state.block.Block;
import org.mercato.state.block.BlockHeader;
import org.mercato.state.block.Receipt;
import org.mercato.state.crypto.KeyPair;
import org.mercato.state.exec.SupplyLedger;
import org.mercato.state.testing.CounterContract;
import org.mercato.state.testing.TestChain;
import org.mercato.state.trie.TrieRoots;
import org.mercato.state.tx.Transaction;
import org.mercato.state.tx.UnsignedTransaction;
import org.mercato.state.types.Address;
import org.mercato.state.types.Hash;
import org.mercato.state.types.Wei;
import org.mercato.state.world.StateDatabase;
import org.mercato.state.world.WorldView;

/**
 * Two independent nodes (separate RocksDB directories, same genesis): one proposes, the other
 * validates and commits; both arrive at the same blocks, roots and state, also across restarts.
 */
class DeterminismTest {
  private static final int SENDERS = 5;
  private static final Address PROPOSER = Address.fromHex("0x00000000000000000000000000000000000000aa");
  private static final List<Address> SINKS = List.of(
      Address.fromHex("0x00000000000000000000000000000000000000b1"),
      Address.fromHex("0x00000000000000000000000000000000000000b2"));

  @TempDir Path dirA;
  @TempDir Path dirB;

  private static List<Address> watched() {
    List<Address> out = new ArrayList<>();
    for (int i = 0; i < SENDERS; i++) {
      out.add(TestChain.KEYS.get(i).address());
    }
    out.addAll(SINKS);
    out.add(PROPOSER);
    out.add(CounterContract.ADDRESS);
    return out;
  }

  /** Some transfers, adds and failing calls in all three envelopes, from each sender's next nonce. */
  private static List<Transaction> traffic(Random rnd, Blockchain chain, Map<Address, Long> planned) {
    Wei cap = chain.nextBaseFee().multiply(3);
    List<Transaction> out = new ArrayList<>();
    int count = 2 + rnd.nextInt(7);
    for (int i = 0; i < count; i++) {
      KeyPair from = TestChain.KEYS.get(rnd.nextInt(SENDERS));
      long nonce = planned.merge(from.address(), 1L, Long::sum) - 1;
      int kind = rnd.nextInt(3);
      Address to = kind == 0 ? SINKS.get(rnd.nextInt(SINKS.size())) : CounterContract.ADDRESS;
      Bytes data = kind == 0 ? Bytes.EMPTY : kind == 1 ? CounterContract.addCall(rnd.nextInt(100)) : TestChain.failCall("f");
      Wei value = Wei.of(rnd.nextInt(1_000_000));
      long gas = 60_000;
      Wei tip = Wei.of(rnd.nextInt(1_000_000_000)).min(cap);
      UnsignedTransaction u = switch (rnd.nextInt(3)) {
        case 0 -> UnsignedTransaction.legacy(TestChain.CHAIN_ID, nonce, cap, gas, to, value, data);
        case 1 -> UnsignedTransaction.accessList(TestChain.CHAIN_ID, nonce, cap, gas, to, value, data, List.of());
        default -> UnsignedTransaction.dynamicFee(TestChain.CHAIN_ID, nonce, tip, cap, gas, to, value, data, List.of());
      };
      out.add(TestChain.SIGNER.sign(u, from));
    }
    return out;
  }

  /** A proposes, B proposes the same independently (must be identical), then B validates A's and both commit. */
  private static void step(TestChain a, TestChain b, long timestamp, List<Transaction> txs) {
    ExecutedBlock proposed = a.chain().propose(timestamp, PROPOSER, Bytes.EMPTY, txs);
    ExecutedBlock ownProposal = b.chain().propose(timestamp, PROPOSER, Bytes.EMPTY, txs);
    assertEquals(proposed.block().hash(), ownProposal.block().hash(), "same inputs, same block");
    assertEquals(List.of(), proposed.execution().skipped(), "every planned transaction fits");

    BlockValidationResult r = b.chain().validate(proposed.block());
    assertTrue(r.isValid(), () -> r.invalidity() + " " + r.detail());
    ExecutedBlock validated = r.block().orElseThrow();
    BlockHeader h = proposed.block().header();
    assertEquals(h.stateRoot(), validated.state().root());
    assertEquals(h.receiptsRoot(), TrieRoots.ordered(validated.receipts().stream().map(Receipt::encoded).toList()));
    assertEquals(proposed.receipts(), validated.receipts());

    a.chain().commit(proposed);
    b.chain().commit(validated);
    assertEquals(a.chain().headHash(), b.chain().headHash());
    assertEquals(proposed.block().hash(), a.chain().headHash());
  }

  private static Map<Address, Wei> balances(Blockchain chain) {
    Map<Address, Wei> out = new TreeMap<>();
    WorldView s = chain.latestState();
    watched().forEach(a -> out.put(a, s.accountOrEmpty(a).balance()));
    return out;
  }

  @Test
  void followerReachesTheSameChainAndBothSurviveARestart() {
    ChainParameters params = TestChain.params(500_000, Wei.of(1_000_000_000L), Wei.of(100_000_000L), TestChain.fund(SENDERS, 10));
    Random rnd = new Random(42);
    Map<Address, Long> nonces = new HashMap<>();
    TestChain a = TestChain.open(dirA, params, new CounterContract());
    TestChain b = TestChain.open(dirB, params, new CounterContract());
    try {
      assertEquals(a.chain().headHash(), b.chain().headHash(), "same genesis");
      for (int n = 1; n <= 12; n++) {
        step(a, b, 2_000 + n, traffic(rnd, a.chain(), nonces));
        assertEquals(balances(a.chain()), balances(b.chain()));
      }
      step(a, b, 2_012, List.of()); // an empty block, same timestamp as its parent
      for (long n = 0; n <= 13; n++) {
        BlockHeader ha = a.chain().store().header(n).orElseThrow();
        BlockHeader hb = b.chain().store().header(n).orElseThrow();
        assertEquals(ha, hb, "header " + n);
        assertEquals(a.chain().store().receipts(ha.hash()), b.chain().store().receipts(hb.hash()));
      }

      Hash head = a.chain().headHash();
      BlockHeader headHeader = a.chain().head();
      Map<Address, Wei> before = balances(a.chain());
      Wei burned = SupplyLedger.burned(a.chain().latestState());
      var counter = CounterContract.total(a.chain().latestState());

      a.reopen();
      b.reopen();
      for (TestChain t : List.of(a, b)) {
        assertEquals(head, t.chain().headHash());
        assertEquals(headHeader, t.chain().head());
        assertEquals(headHeader.stateRoot(), new StateDatabase(t.db()).latestRoot().orElseThrow(), "flat tables at the head's root");
        assertEquals(before, balances(t.chain()));
        assertEquals(burned, SupplyLedger.burned(t.chain().latestState()));
        assertEquals(counter, CounterContract.total(t.chain().latestState()));
        // The trie at the head's root says the same as the flat tables.
        WorldView trie = new StateDatabase(t.db()).at(headHeader.stateRoot());
        watched().forEach(x -> assertEquals(before.get(x), trie.accountOrEmpty(x).balance()));
      }

      // Production continues from the restored head; nonces come from the restored state.
      for (int n = 14; n <= 18; n++) {
        step(a, b, 2_000 + n, traffic(rnd, a.chain(), nonces));
      }
      assertEquals(18, a.chain().head().number());
      assertEquals(balances(a.chain()), balances(b.chain()));
      assertEquals(head, a.chain().store().header(14).orElseThrow().parentHash());
    } finally {
      a.close();
      b.close();
    }
  }

  @Test
  void aDatabaseOfAnotherGenesisIsRefused() {
    ChainParameters params = TestChain.params(500_000, Wei.of(1_000_000_000L), Wei.of(1), TestChain.fund(2, 10));
    try (TestChain a = TestChain.open(dirA, params)) {
      a.produce(1_001, PROPOSER, List.of());
    }
    ChainParameters other = TestChain.params(500_000, Wei.of(1_000_000_000L), Wei.of(1), TestChain.fund(3, 10));
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> TestChain.open(dirA, other));
    assertTrue(e.getMessage().contains("another chain"), e.getMessage());
    try (TestChain a = TestChain.open(dirA, params)) {
      assertEquals(1, a.chain().head().number(), "the refused open changed nothing");
    }
  }

  @Test
  void aBlockFromAnotherChainsHistoryIsNotAccepted() {
    // Same genesis, different traffic: B's block 1 does not extend A's block 1.
    ChainParameters params = TestChain.params(500_000, Wei.of(1_000_000_000L), Wei.of(1), TestChain.fund(2, 10));
    try (TestChain a = TestChain.open(dirA, params); TestChain b = TestChain.open(dirB, params)) {
      Wei cap = a.chain().nextBaseFee().multiply(2);
      a.produce(1_001, PROPOSER, List.of(TestChain.transfer(TestChain.KEYS.get(0), 0, Wei.of(1), cap, SINKS.get(0), Wei.of(1))));
      b.produce(1_001, PROPOSER, List.of(TestChain.transfer(TestChain.KEYS.get(1), 0, Wei.of(1), cap, SINKS.get(0), Wei.of(1))));
      Block bNext = b.chain().propose(1_002, PROPOSER, Bytes.EMPTY, List.of()).block();
      assertEquals(BlockValidity.UNKNOWN_PARENT, a.chain().validate(bNext).invalidity().orElseThrow());
      ExecutedBlock foreign = b.chain().propose(1_002, PROPOSER, Bytes.EMPTY, List.of());
      assertThrows(IllegalStateException.class, () -> a.chain().commit(foreign), "commit refuses a block not on the head");
      assertEquals(1, a.chain().head().number());
    }
  }
}
