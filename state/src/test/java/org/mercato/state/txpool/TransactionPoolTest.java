package org.mercato.state.txpool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.mercato.state.crypto.KeyPair;
import org.mercato.state.crypto.Secp256k1s;
import org.mercato.state.crypto.hd.DevAccounts;
import org.mercato.state.tx.Transaction;
import org.mercato.state.tx.TransactionRejection;
import org.mercato.state.tx.TransactionSigner;
import org.mercato.state.tx.UnsignedTransaction;
import org.mercato.state.types.Address;
import org.mercato.state.types.Wei;

class TransactionPoolTest {
  private static final long CHAIN = 31337;
  private static final long BLOCK_GAS = 30_000_000;
  private static final List<KeyPair> KEYS = DevAccounts.derive(DevAccounts.HARDHAT_MNEMONIC, 6);
  private static final KeyPair A = KEYS.get(0);
  private static final KeyPair B = KEYS.get(1);
  private static final KeyPair C = KEYS.get(2);
  private static final Address SINK = KEYS.get(5).address();
  private static final Wei BASE_FEE = Wei.of(10);

  private final TransactionSigner signer = new TransactionSigner(Secp256k1s.best());
  private final TestWorld world = new TestWorld().fund(A.address(), Wei.coins(100)).fund(B.address(), Wei.coins(100))
      .fund(C.address(), Wei.coins(100));
  private final AtomicReference<PoolHead> head = new AtomicReference<>(new PoolHead(world, BASE_FEE));

  private TransactionPool pool(int maxPerSender, int maxTotal) {
    return new TransactionPool(new TxPoolConfig(CHAIN, BLOCK_GAS, maxPerSender, maxTotal, 10), head::get);
  }

  private TransactionPool pool() {
    return pool(TxPoolConfig.DEFAULT_MAX_PER_SENDER, TxPoolConfig.DEFAULT_MAX_TOTAL);
  }

  private Transaction tx(KeyPair from, long nonce, long tip, long maxFee) {
    return signer.sign(UnsignedTransaction.transfer(CHAIN, nonce, Wei.of(tip), Wei.of(maxFee), SINK, Wei.of(1)), from);
  }

  private Transaction tx(KeyPair from, long nonce) {
    return tx(from, nonce, 1, 100);
  }

  private static Optional<TransactionRejection> reason(AddResult r) {
    return r.rejection();
  }

  @Test
  void statelessRulesComeFirst() {
    Transaction otherChain = signer.sign(UnsignedTransaction.transfer(1, 0, Wei.of(1), Wei.of(100), SINK, Wei.of(1)), A);
    assertEquals(Optional.of(TransactionRejection.INVALID_CHAIN_ID), reason(pool().add(otherChain)));
    assertEquals(Optional.of(TransactionRejection.TIP_ABOVE_FEE_CAP), reason(pool().add(tx(A, 0, 101, 100))));
  }

  @Test
  void eachStatefulRejection() {
    TransactionPool pool = pool();
    Transaction first = tx(A, 0);
    assertEquals(AddResult.Status.PENDING, pool.add(first).status());
    assertEquals(Optional.of(TransactionRejection.ALREADY_KNOWN), reason(pool.add(first)));

    world.nonce(B.address(), 5);
    AddResult low = pool.add(tx(B, 4));
    assertEquals(Optional.of(TransactionRejection.NONCE_TOO_LOW), reason(low));
    assertTrue(low.errorMessage().startsWith("nonce too low"), low.errorMessage());

    assertEquals(Optional.of(TransactionRejection.FEE_CAP_BELOW_BASE_FEE), reason(pool.add(tx(C, 0, 1, 9))));
    assertTrue(pool.add(tx(C, 0, 1, 10)).isAccepted(), "a fee cap equal to the base fee is enough");

    KeyPair poor = KEYS.get(3);
    world.fund(poor.address(), Wei.of(21_000L * 100 + 1 - 1)); // one wei short of gas * maxFee + value
    assertEquals(Optional.of(TransactionRejection.INSUFFICIENT_FUNDS), reason(pool.add(tx(poor, 0))));
    world.fund(poor.address(), Wei.of(21_000L * 100 + 1));
    assertTrue(pool.add(tx(poor, 0)).isAccepted());
    assertEquals(3, pool.size());
  }

  @Test
  void replacementNeedsTenPercentOnBothFees() {
    TransactionPool pool = pool();
    Transaction original = tx(A, 0, 10, 100);
    pool.add(original);
    assertEquals(Optional.of(TransactionRejection.REPLACEMENT_UNDERPRICED), reason(pool.add(tx(A, 0, 10, 109))), "+9% fee, same tip");
    assertEquals(Optional.of(TransactionRejection.REPLACEMENT_UNDERPRICED), reason(pool.add(tx(A, 0, 10, 200))), "tip not bumped");
    assertEquals(Optional.of(TransactionRejection.REPLACEMENT_UNDERPRICED), reason(pool.add(tx(A, 0, 11, 109))), "fee +9%");
    Transaction bumped = tx(A, 0, 11, 110);
    AddResult r = pool.add(bumped);
    assertEquals(AddResult.Status.PENDING, r.status());
    assertEquals(Optional.of(original), r.replaced());
    assertEquals(1, pool.size());
    assertEquals(Optional.empty(), pool.get(original.hash()));
    assertEquals(Optional.of(bumped), pool.get(bumped.hash()));
    assertEquals(List.of(bumped), pool.selectForBlock(BLOCK_GAS, BASE_FEE, world));
  }

  @Test
  void gapsAreQueuedUntilFilled() {
    TransactionPool pool = pool();
    assertEquals(AddResult.Status.PENDING, pool.add(tx(A, 0)).status());
    assertEquals(AddResult.Status.QUEUED, pool.add(tx(A, 2)).status());
    assertEquals(AddResult.Status.QUEUED, pool.add(tx(A, 3)).status());
    assertEquals(1, pool.pendingNonce(A.address()));
    assertEquals(1, pool.pendingCount());
    assertEquals(2, pool.queuedCount());
    assertEquals(List.of(0L), nonces(pool.selectForBlock(BLOCK_GAS, BASE_FEE, world)));

    assertEquals(AddResult.Status.PENDING, pool.add(tx(A, 1)).status());
    assertEquals(4, pool.pendingNonce(A.address()));
    assertEquals(4, pool.pendingCount());
    assertEquals(0, pool.queuedCount());
    assertEquals(List.of(0L, 1L, 2L, 3L), nonces(pool.selectForBlock(BLOCK_GAS, BASE_FEE, world)));
    assertEquals(0, pool.pendingNonce(B.address()), "an unknown sender's pending nonce is its account nonce");
  }

  @Test
  void selectionOrdersByTipAcrossSendersAndByNonceWithin() {
    TransactionPool pool = pool();
    Transaction a0 = tx(A, 0, 1, 100);
    Transaction a1 = tx(A, 1, 50, 100); // high tip, but must wait for a0
    Transaction b0 = tx(B, 0, 5, 100);
    Transaction c0 = tx(C, 0, 5, 100); // ties with b0: b0 arrived first
    Transaction c1 = tx(C, 1, 3, 100);
    for (Transaction t : List.of(a1, c0, a0, b0, c1)) {
      assertTrue(pool.add(t).isAccepted());
    }
    // c0 and b0 tie on tip 5; c0 arrived earlier. Then c1 (3) and a0 (1); a1 (50) follows a0.
    assertEquals(List.of(c0, b0, c1, a0, a1), pool.selectForBlock(BLOCK_GAS, BASE_FEE, world));
    // The effective tip depends on the base fee: at base fee 96, a0 pays min(1, 4) = 1, b0/c0 pay 4, c1 3, a1 4.
    assertEquals(List.of(c0, b0, c1, a0, a1), pool.selectForBlock(BLOCK_GAS, Wei.of(96), world));
    // above some fee caps nothing of those senders can go
    assertEquals(List.of(), pool.selectForBlock(BLOCK_GAS, Wei.of(101), world));
  }

  @Test
  void selectionIsTheSameWhateverTheInsertionOrder() {
    List<Transaction> txs = new ArrayList<>();
    for (int n = 0; n < 3; n++) {
      for (KeyPair k : List.of(A, B, C)) {
        txs.add(tx(k, n, 7, 100)); // all tie on tip: arrival decides
      }
    }
    TransactionPool p1 = pool();
    txs.forEach(p1::add);
    List<Transaction> first = p1.selectForBlock(BLOCK_GAS, BASE_FEE, world);
    TransactionPool p2 = pool();
    txs.forEach(p2::add);
    assertEquals(first, p2.selectForBlock(BLOCK_GAS, BASE_FEE, world));
    assertEquals(txs, first, "equal tips: first come, first served, each sender still in nonce order");
  }

  @Test
  void selectionRespectsGasLimitAndBalance() {
    TransactionPool pool = pool();
    for (int n = 0; n < 5; n++) {
      pool.add(tx(A, n, 2, 100));
    }
    pool.add(tx(B, 0, 1, 100));
    assertEquals(3, pool.selectForBlock(21_000 * 3, BASE_FEE, world).size());

    // After the first one's worst-case spend (21000 * (10 + 1) + 1), one wei is missing for the
    // second one's pre-execution check (21000 * 100 + 1).
    KeyPair poor = KEYS.get(4);
    long enoughForBoth = 21_000L * 11 + 1 + 21_000L * 100 + 1;
    world.fund(poor.address(), Wei.of(enoughForBoth - 1));
    pool.add(tx(poor, 0, 1, 100));
    pool.add(tx(poor, 1, 1, 100));
    assertEquals(1, pool.selectForBlock(BLOCK_GAS, BASE_FEE, world).stream().filter(t -> t.sender().equals(poor.address())).count());
    world.fund(poor.address(), Wei.of(enoughForBoth));
    assertEquals(2, pool.selectForBlock(BLOCK_GAS, BASE_FEE, world).stream().filter(t -> t.sender().equals(poor.address())).count());
  }

  @Test
  void removeIncludedDropsStaleAndPromotes() {
    TransactionPool pool = pool();
    Transaction a0 = tx(A, 0);
    Transaction a1 = tx(A, 1);
    Transaction a3 = tx(A, 3);
    Transaction b0 = tx(B, 0);
    Transaction b1 = tx(B, 1);
    for (Transaction t : List.of(a0, a1, a3, b0, b1)) {
      pool.add(t);
    }
    // The block included a0 and a competing a2 the pool never saw; B's nonce moved past b0 by other means.
    Transaction a2elsewhere = tx(A, 2, 9, 99);
    TestWorld next = world.copy().nonce(A.address(), 3).nonce(B.address(), 1);
    head.set(new PoolHead(next, BASE_FEE));
    pool.removeIncluded(List.of(a0, a2elsewhere, b0), next);

    assertEquals(Optional.empty(), pool.get(a0.hash()));
    assertEquals(Optional.empty(), pool.get(a1.hash()), "a1 is stale: nonce 1 < 3");
    assertEquals(Optional.of(a3), pool.get(a3.hash()));
    assertEquals(2, pool.size());
    assertEquals(2, pool.pendingCount(), "a3 promoted: the gap at 2 is filled by the block");
    assertEquals(4, pool.pendingNonce(A.address()));
    assertEquals(2, pool.pendingNonce(B.address()));
    assertEquals(List.of(a3, b1), pool.selectForBlock(BLOCK_GAS, BASE_FEE, next));
  }

  @Test
  void limits() {
    TransactionPool pool = pool(2, 3);
    assertTrue(pool.add(tx(A, 0)).isAccepted());
    assertTrue(pool.add(tx(A, 1)).isAccepted());
    assertEquals(Optional.of(TransactionRejection.SENDER_LIMIT_EXCEEDED), reason(pool.add(tx(A, 2))));
    assertTrue(pool.add(tx(A, 1, 2, 110)).isAccepted(), "a replacement is not a new slot");
    assertTrue(pool.add(tx(B, 0)).isAccepted());
    assertEquals(Optional.of(TransactionRejection.TXPOOL_FULL), reason(pool.add(tx(C, 0))));
    pool.removeIncluded(List.of(pool.selectForBlock(BLOCK_GAS, BASE_FEE, world).get(0)),
        world.copy().nonce(A.address(), 1));
    assertTrue(pool.add(tx(C, 0)).isAccepted(), "room again after a block");
  }

  @Test
  void concurrentAddsFromManyThreads() throws Exception {
    List<KeyPair> keys = DevAccounts.derive(DevAccounts.HARDHAT_MNEMONIC, 8);
    keys.forEach(k -> world.fund(k.address(), Wei.coins(1)));
    List<List<Transaction>> perSender = new ArrayList<>();
    for (KeyPair k : keys) {
      List<Transaction> mine = new ArrayList<>();
      for (int n = 49; n >= 0; n--) { // reverse order: everything queues, then promotes at nonce 0
        mine.add(tx(k, n));
      }
      perSender.add(mine);
    }
    TransactionPool pool = pool();
    ExecutorService threads = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (List<Transaction> mine : perSender) {
        done.add(threads.submit(() -> mine.forEach(t -> assertTrue(pool.add(t).isAccepted()))));
        done.add(threads.submit(() -> pool.pendingNonce(SINK)));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      threads.shutdown();
    }
    assertEquals(400, pool.size());
    assertEquals(400, pool.pendingCount());
    for (KeyPair k : keys) {
      assertEquals(50, pool.pendingNonce(k.address()));
    }
    List<Transaction> block = pool.selectForBlock(BLOCK_GAS, BASE_FEE, world);
    assertEquals(400, block.size());
  }

  private static List<Long> nonces(List<Transaction> txs) {
    return txs.stream().map(Transaction::nonce).toList();
  }

}
