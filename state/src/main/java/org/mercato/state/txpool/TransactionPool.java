package org.mercato.state.txpool;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.function.Supplier;
import org.mercato.state.tx.IntrinsicGas;
import org.mercato.state.tx.Transaction;
import org.mercato.state.tx.TransactionRejection;
import org.mercato.state.tx.TransactionValidator;
import org.mercato.state.tx.ValidationResult;
import org.mercato.state.types.Address;
import org.mercato.state.types.Hash;
import org.mercato.state.types.Wei;
import org.mercato.state.world.Account;
import org.mercato.state.world.WorldView;

/**
 * Transactions waiting for a block. Thread-safe: JSON-RPC threads add and query while the block
 * producer selects and removes. One lock guards everything; every operation under it is
 * O(log n) per transaction touched, so admission stays far below the cost of sender recovery,
 * which callers do before {@link #add} (in {@link org.mercato.state.tx.TransactionDecoder}).
 *
 * <p>Admission (in this order): stateless validation; ALREADY_KNOWN; NONCE_TOO_LOW (below the
 * account nonce); FEE_CAP_BELOW_BASE_FEE; INSUFFICIENT_FUNDS (this transaction's gasLimit * maxFee
 * + value against the balance, as geth does); REPLACEMENT_UNDERPRICED for the same sender and nonce
 * unless both fee caps rise by the price bump; SENDER_LIMIT_EXCEEDED; TXPOOL_FULL (no eviction:
 * when full, newcomers are refused until blocks drain the pool).
 *
 * <p>Per sender, transactions from the account nonce on without a gap are pending; after a gap
 * they are queued until it fills. Block selection never depends on hash-map order: candidates are
 * ordered by effective tip, then arrival, then sender address, and each sender's by nonce.
 *
 * <p>The head supplier is called with or without the pool's lock: it must be cheap, thread-safe and must not
 * call the pool.
 */
public final class TransactionPool {
  /** Best first: higher tip, then earlier arrival, then lower sender address (total, so deterministic). */
  private static final Comparator<Candidate> BLOCK_ORDER = Comparator
      .comparing(Candidate::tip, Comparator.reverseOrder())
      .thenComparingLong(c -> c.entry().arrival())
      .thenComparing(c -> c.entry().tx().sender());

  private final TxPoolConfig config;
  private final TransactionValidator validator;
  private final Supplier<PoolHead> head;
  private final Object lock = new Object();
  private final Map<Hash, PoolEntry> byHash = new HashMap<>();
  private final Map<Address, SenderQueue> senders = new HashMap<>();
  private final List<TxPoolListener> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();
  private long arrivals;
  /** Bumped (under the lock) by every {@link #removeIncluded}: an account read before the lock is stale if it moved. */
  private volatile long headVersion;
  private int pendingTotal;

  public TransactionPool(TxPoolConfig config, Supplier<PoolHead> head) {
    this.config = config;
    this.validator = new TransactionValidator(config.chainId(), config.blockGasLimit());
    this.head = head;
  }

  /** Told of every admitted transaction (after the pool's lock is released): gossip. */
  public void addListener(TxPoolListener l) {
    listeners.add(l);
  }

  public AddResult add(Transaction tx) {
    AddResult r = admit(tx);
    if (r.isAccepted()) {
      for (TxPoolListener l : listeners) {
        l.transactionAdded(tx);
      }
    }
    return r;
  }

  private AddResult admit(Transaction tx) {
    ValidationResult stateless = validator.validate(tx);
    if (!stateless.isOk()) {
      return AddResult.rejected(stateless.rejection().orElseThrow(), stateless.detail());
    }
    // The account is read before taking the lock (a database read and an RLP decode that every other
    // admission and the block builder would otherwise wait for), and read again under the lock only if
    // a block was committed meanwhile.
    long version = headVersion;
    PoolHead h = head.get();
    Account account = h.state().accountOrEmpty(tx.sender());
    synchronized (lock) {
      if (byHash.containsKey(tx.hash())) {
        return AddResult.rejected(TransactionRejection.ALREADY_KNOWN, tx.hash().toHex());
      }
      if (version != headVersion) {
        h = head.get();
        account = h.state().accountOrEmpty(tx.sender());
      }
      SenderQueue queue = syncedQueue(tx.sender(), account.nonce());
      if (Long.compareUnsigned(tx.nonce(), account.nonce()) < 0) {
        return AddResult.rejected(TransactionRejection.NONCE_TOO_LOW,
            "next nonce " + Long.toUnsignedString(account.nonce()) + ", tx nonce " + Long.toUnsignedString(tx.nonce()));
      }
      if (tx.maxFeePerGas().lessThan(h.baseFee())) {
        return AddResult.rejected(TransactionRejection.FEE_CAP_BELOW_BASE_FEE,
            "maxFeePerGas " + tx.maxFeePerGas() + " < base fee " + h.baseFee());
      }
      Wei cost = tx.maxCost().orElseThrow(); // the validator refused costs beyond 2^256-1
      if (account.balance().lessThan(cost)) {
        return AddResult.rejected(TransactionRejection.INSUFFICIENT_FUNDS, "balance " + account.balance() + ", cost " + cost);
      }
      PoolEntry existing = queue == null ? null : queue.get(tx.nonce());
      if (existing != null) {
        if (!outbids(tx, existing.tx())) {
          return AddResult.rejected(TransactionRejection.REPLACEMENT_UNDERPRICED,
              "both maxFeePerGas and maxPriorityFeePerGas must rise by " + config.priceBumpPercent() + "% over "
                  + existing.tx().maxFeePerGas() + " / " + existing.tx().maxPriorityFeePerGas());
        }
      } else {
        if (queue != null && queue.size() >= config.maxPerSender()) {
          return AddResult.rejected(TransactionRejection.SENDER_LIMIT_EXCEEDED,
              tx.sender() + " has " + queue.size() + " transactions pooled, the limit");
        }
        if (byHash.size() >= config.maxTotal()) {
          return AddResult.rejected(TransactionRejection.TXPOOL_FULL, byHash.size() + " transactions pooled, the limit");
        }
      }
      if (queue == null) {
        queue = new SenderQueue(tx.sender(), account.nonce());
        senders.put(tx.sender(), queue);
      }
      if (existing != null) {
        byHash.remove(existing.tx().hash());
      }
      PoolEntry entry = new PoolEntry(tx, arrivals++);
      byHash.put(tx.hash(), entry);
      pendingTotal += queue.put(entry);
      AddResult.Status status = queue.isPending(tx.nonce()) ? AddResult.Status.PENDING : AddResult.Status.QUEUED;
      return AddResult.accepted(status, Optional.ofNullable(existing).map(PoolEntry::tx));
    }
  }

  /** The nonce a wallet should use next (eth_getTransactionCount "pending"): account nonce + pending run. */
  public long pendingNonce(Address sender) {
    synchronized (lock) {
      long accountNonce = head.get().state().accountOrEmpty(sender).nonce();
      SenderQueue queue = syncedQueue(sender, accountNonce);
      return accountNonce + (queue == null ? 0 : queue.pendingCount());
    }
  }

  public Optional<Transaction> get(Hash hash) {
    synchronized (lock) {
      return Optional.ofNullable(byHash.get(hash)).map(PoolEntry::tx);
    }
  }

  /** Pending plus queued. */
  public int size() {
    synchronized (lock) {
      return byHash.size();
    }
  }

  public int pendingCount() {
    synchronized (lock) {
      return pendingTotal;
    }
  }

  public int queuedCount() {
    synchronized (lock) {
      return byHash.size() - pendingTotal;
    }
  }

  /**
   * Executable transactions for a block on {@code state} with {@code baseFee}, best first: each
   * sender's from its account nonce without gaps, the senders interleaved by effective tip. A
   * sender stops at the first transaction that does not fit the gas left, pays less than the base
   * fee, or exceeds what its balance can still cover (gasLimit * maxFee + value, Ethereum's check
   * before execution, after the worst-case spend of its earlier ones). Does not remove anything.
   */
  public List<Transaction> selectForBlock(long gasLimit, Wei baseFee, WorldView state) {
    synchronized (lock) {
      PriorityQueue<Candidate> heap = new PriorityQueue<>(BLOCK_ORDER);
      for (SenderQueue queue : senders.values()) { // order irrelevant: BLOCK_ORDER is total
        Account account = state.accountOrEmpty(queue.sender);
        PoolEntry first = queue.get(account.nonce());
        if (first != null && !first.tx().maxFeePerGas().lessThan(baseFee)) {
          heap.add(new Candidate(first, first.tx().effectivePriorityFee(baseFee), queue, account.balance()));
        }
      }
      List<Transaction> out = new ArrayList<>();
      long gasLeft = gasLimit;
      while (!heap.isEmpty() && gasLeft >= IntrinsicGas.TRANSACTION) {
        Candidate c = heap.poll();
        Transaction tx = c.entry().tx();
        Wei maxCost = tx.maxCost().orElseThrow();
        if (Long.compareUnsigned(tx.gasLimit(), gasLeft) > 0 || c.balance().lessThan(maxCost)) {
          continue; // this sender's later nonces cannot go without this one
        }
        out.add(tx);
        gasLeft -= tx.gasLimit();
        Wei balanceAfter = c.balance().subtract(worstCaseSpend(tx, baseFee));
        PoolEntry next = c.queue().get(tx.nonce() + 1);
        if (next != null && !next.tx().maxFeePerGas().lessThan(baseFee)) {
          heap.add(new Candidate(next, next.tx().effectivePriorityFee(baseFee), c.queue(), balanceAfter));
        }
      }
      return out;
    }
  }

  /**
   * After a block commits: drops its transactions and every pooled one whose nonce the new head
   * has passed (e.g. a competing transaction with the same nonce was included), and promotes
   * queued ones whose gap is now filled.
   */
  public void removeIncluded(List<Transaction> included, WorldView newHead) {
    synchronized (lock) {
      headVersion++;
      Set<Address> touched = new LinkedHashSet<>();
      for (Transaction tx : included) {
        touched.add(tx.sender());
      }
      for (Address sender : touched) {
        if (senders.containsKey(sender)) { // a syncing node's pool is empty: no account read per sender then
          syncedQueue(sender, newHead.accountOrEmpty(sender).nonce());
        }
      }
      // Normally gone above; an included one the head nonce has not passed means an inconsistent head.
      for (Transaction tx : included) {
        PoolEntry left = byHash.remove(tx.hash());
        if (left != null) {
          SenderQueue queue = senders.get(tx.sender());
          pendingTotal += queue.remove(tx.nonce());
          if (queue.isEmpty()) {
            senders.remove(tx.sender());
          }
        }
      }
    }
  }

  /** The sender's queue moved to {@code accountNonce} (stale ones dropped), or null if it has none left. */
  private SenderQueue syncedQueue(Address sender, long accountNonce) {
    SenderQueue queue = senders.get(sender);
    if (queue == null) {
      return null;
    }
    pendingTotal += queue.advanceTo(accountNonce, dropped -> byHash.remove(dropped.tx().hash()));
    if (queue.isEmpty()) {
      senders.remove(sender);
      return null;
    }
    return queue;
  }

  private boolean outbids(Transaction replacement, Transaction old) {
    return bumped(replacement.maxFeePerGas(), old.maxFeePerGas()) && bumped(replacement.maxPriorityFeePerGas(), old.maxPriorityFeePerGas());
  }

  private boolean bumped(Wei offered, Wei old) {
    BigInteger required = old.value().multiply(BigInteger.valueOf(100L + config.priceBumpPercent()));
    return offered.value().multiply(BigInteger.valueOf(100)).compareTo(required) >= 0;
  }

  /** gasLimit * effective price + value: the most the transaction can take from the balance in this block. */
  private static Wei worstCaseSpend(Transaction tx, Wei baseFee) {
    long g = tx.gasLimit();
    BigInteger gas = g >= 0 ? BigInteger.valueOf(g) : new BigInteger(Long.toUnsignedString(g));
    return new Wei(gas.multiply(tx.effectiveGasPrice(baseFee).value()).add(tx.value().value()));
  }

  private record Candidate(PoolEntry entry, Wei tip, SenderQueue queue, Wei balance) {}
}
