package org.mercato.state.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.tuweni.bytes.Bytes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mercato.state.crypto.KeyPair;
import org.mercato.state.testing.TestChain;
import org.mercato.state.tx.Transaction;
import org.mercato.state.tx.UnsignedTransaction;
import org.mercato.state.txpool.AddResult;
import org.mercato.state.txpool.PoolHead;
import org.mercato.state.txpool.TransactionPool;
import org.mercato.state.txpool.TxPoolConfig;
import org.mercato.state.types.Address;
import org.mercato.state.types.Wei;

/** The pool driven by a real chain: select, propose, commit, remove; nonces advance, gaps wait. */
class PoolAndChainTest {
  private static final KeyPair A = TestChain.KEYS.get(0);
  private static final KeyPair B = TestChain.KEYS.get(1);
  private static final KeyPair C = TestChain.KEYS.get(2);
  private static final Address SINK = Address.fromHex("0x00000000000000000000000000000000000000cc");
  private static final Address PROPOSER = Address.fromHex("0x00000000000000000000000000000000000000aa");
  private static final Wei CAP = Wei.of(50_000_000_000L);

  @TempDir Path dir;

  private static TransactionPool poolFor(Blockchain chain) {
    return new TransactionPool(TxPoolConfig.defaults(TestChain.CHAIN_ID, chain.parameters().blockGasLimit()),
        () -> new PoolHead(chain.latestState(), chain.nextBaseFee()));
  }

  private static Transaction transfer(KeyPair from, long nonce, long tipGwei) {
    return TestChain.transfer(from, nonce, Wei.of(tipGwei * 1_000_000_000L), CAP, SINK, Wei.of(1));
  }

  private static List<Transaction> selectAndCommit(TestChain tc, TransactionPool pool, long timestamp) {
    Blockchain chain = tc.chain();
    List<Transaction> selected = pool.selectForBlock(chain.parameters().blockGasLimit(), chain.nextBaseFee(), chain.latestState());
    ExecutedBlock b = chain.propose(timestamp, PROPOSER, Bytes.EMPTY, selected);
    assertEquals(List.of(), b.execution().skipped(), "the pool selected only includable transactions");
    assertEquals(selected, b.block().transactions());
    chain.commit(b);
    pool.removeIncluded(b.block().transactions(), chain.latestState());
    return b.block().transactions();
  }

  private static void assertAccepted(AddResult.Status expected, AddResult r) {
    assertEquals(expected, r.status(), r.errorMessage());
  }

  @Test
  void selectProposeCommitRemoveEmptiesThePoolAndAdvancesNonces() {
    try (TestChain tc = TestChain.open(dir, TestChain.params(1_000_000, Wei.of(1_000_000_000L), Wei.of(1), TestChain.fund(3, 100)))) {
      TransactionPool pool = poolFor(tc.chain());
      List<Transaction> added = new ArrayList<>();
      for (int n = 0; n < 5; n++) {
        added.add(transfer(A, n, 1));
      }
      added.add(TestChain.SIGNER.sign(UnsignedTransaction.legacy(TestChain.CHAIN_ID, 0, CAP, 21_000, SINK, Wei.of(1), Bytes.EMPTY), B));
      added.add(TestChain.SIGNER.sign(UnsignedTransaction.accessList(TestChain.CHAIN_ID, 1, CAP, 21_000, SINK, Wei.of(1), Bytes.EMPTY,
          List.of()), B));
      added.add(transfer(B, 2, 3));
      for (Transaction tx : added) {
        assertAccepted(AddResult.Status.PENDING, pool.add(tx));
      }
      assertEquals(8, pool.pendingCount());
      assertEquals(5, pool.pendingNonce(A.address()));
      assertEquals(0, tc.nonce(A.address()));

      List<Transaction> included = selectAndCommit(tc, pool, 1_001);
      assertEquals(8, included.size());
      assertEquals(0, pool.size());
      assertEquals(0, pool.pendingCount());
      assertEquals(5, tc.nonce(A.address()));
      assertEquals(3, tc.nonce(B.address()));
      assertEquals(5, pool.pendingNonce(A.address()));
      assertEquals(3, pool.pendingNonce(B.address()));
      for (Transaction tx : added) {
        assertTrue(tc.chain().store().location(tx.hash()).isPresent(), "not on chain: " + tx);
      }
    }
  }

  @Test
  void aGappedNonceWaitsAndIsIncludedOnceFilled() {
    try (TestChain tc = TestChain.open(dir, TestChain.params(1_000_000, Wei.of(1_000_000_000L), Wei.of(1), TestChain.fund(3, 100)))) {
      TransactionPool pool = poolFor(tc.chain());
      Transaction c0 = transfer(C, 0, 1);
      Transaction c1 = transfer(C, 1, 1);
      Transaction c2 = transfer(C, 2, 1);
      assertAccepted(AddResult.Status.PENDING, pool.add(c0));
      assertAccepted(AddResult.Status.QUEUED, pool.add(c2));
      assertEquals(1, pool.pendingNonce(C.address()));

      assertEquals(List.of(c0), selectAndCommit(tc, pool, 1_001));
      assertEquals(1, pool.size());
      assertEquals(1, pool.queuedCount());
      assertEquals(1, tc.nonce(C.address()));
      assertEquals(1, pool.pendingNonce(C.address()));

      assertEquals(List.of(), selectAndCommit(tc, pool, 1_002), "nonce 2 waits for nonce 1");
      assertEquals(1, pool.queuedCount());
      assertTrue(tc.chain().store().location(c2.hash()).isEmpty());

      assertAccepted(AddResult.Status.PENDING, pool.add(c1));
      assertEquals(2, pool.pendingCount(), "the gap filled: nonce 2 promoted");
      assertEquals(3, pool.pendingNonce(C.address()));

      assertEquals(List.of(c1, c2), selectAndCommit(tc, pool, 1_003));
      assertEquals(0, pool.size());
      assertEquals(3, tc.nonce(C.address()));
      assertEquals(3, pool.pendingNonce(C.address()));
    }
  }

  @Test
  void aSmallBlockGasLimitDrainsThePoolOverSeveralBlocksThroughTheCommitListener() {
    try (TestChain tc = TestChain.open(dir, TestChain.params(100_000, Wei.of(1_000_000_000L), Wei.of(1), TestChain.fund(3, 100)))) {
      Blockchain chain = tc.chain();
      TransactionPool pool = poolFor(chain);
      chain.addListener(b -> pool.removeIncluded(b.block().transactions(), chain.latestState())); // as the node wires it
      for (int n = 0; n < 10; n++) {
        assertAccepted(AddResult.Status.PENDING, pool.add(transfer(A, n, 1)));
      }
      List<Integer> sizes = new ArrayList<>();
      for (int block = 1; block <= 5 && pool.size() > 0; block++) {
        List<Transaction> selected = pool.selectForBlock(100_000, chain.nextBaseFee(), chain.latestState());
        ExecutedBlock b = chain.propose(1_000 + block, PROPOSER, Bytes.EMPTY, selected);
        chain.commit(b);
        sizes.add(b.block().transactions().size());
        assertEquals(tc.nonce(A.address()), pool.pendingNonce(A.address()) - pool.pendingCount());
      }
      assertEquals(List.of(4, 4, 2), sizes, "four 21,000-gas transfers fit in 100,000");
      assertEquals(0, pool.size());
      assertEquals(10, tc.nonce(A.address()));
    }
  }

  @Test
  void aCompetingTransactionWithTheSameNonceEvictsThePooledOne() {
    try (TestChain tc = TestChain.open(dir, TestChain.params(1_000_000, Wei.of(1_000_000_000L), Wei.of(1), TestChain.fund(3, 100)))) {
      Blockchain chain = tc.chain();
      TransactionPool pool = poolFor(chain);
      chain.addListener(b -> pool.removeIncluded(b.block().transactions(), chain.latestState()));
      Transaction pooled = transfer(A, 0, 1);
      Transaction later = transfer(A, 1, 1);
      assertAccepted(AddResult.Status.PENDING, pool.add(pooled));
      assertAccepted(AddResult.Status.PENDING, pool.add(later));
      Transaction competitor = transfer(A, 0, 2); // reached the proposer some other way
      tc.produce(1_001, PROPOSER, List.of(competitor));
      assertTrue(pool.get(pooled.hash()).isEmpty(), "its nonce is spent");
      assertEquals(1, pool.size());
      assertEquals(List.of(later), selectAndCommit(tc, pool, 1_002));
      assertEquals(0, pool.size());
      assertEquals(2, tc.nonce(A.address()));
    }
  }
}
