package org.mercato.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.tuweni.bytes.Bytes;
import org.mercato.state.chain.Blockchain;
import org.mercato.state.chain.ChainParameters;
import org.mercato.state.chain.ChainStore;
import org.mercato.state.chain.ExecutedBlock;
import org.mercato.state.crypto.KeyPair;
import org.mercato.state.crypto.Secp256k1;
import org.mercato.state.crypto.Secp256k1s;
import org.mercato.state.exec.BlockExecutor;
import org.mercato.state.exec.SystemContracts;
import org.mercato.state.exec.TransactionProcessor;
import org.mercato.state.storage.RocksDatabase;
import org.mercato.state.tx.Transaction;
import org.mercato.state.tx.TransactionDecoder;
import org.mercato.state.types.Address;
import org.mercato.state.types.Wei;
import org.mercato.state.world.StateDatabase;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A block of 10,000 EIP-1559 transfers (10 from each of 1,000 funded senders, each to a fresh
 * address, so 11,000 accounts change) on a real RocksDB chain:
 * {@link Blockchain#propose} (execution, state trie update and root, tx and receipt roots) and
 * {@link Blockchain#commit} (writing the prepared state, block, receipts and indexes in one batch).
 *
 * <p>Single-shot: each iteration is one block on a new head. The iteration's set-up (not timed)
 * signs the block's transactions and, for {@code commit}, proposes the block; after each
 * {@code propose} iteration the block is committed (not timed), so the chain grows by 10,000
 * accounts per iteration in both benchmarks. Scores are milliseconds per block.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g", "-XX:+UseParallelGC"})
@Warmup(iterations = 5)
@Measurement(iterations = 15)
public class BlockBenchmark {
  static final int SENDERS = 1_000;
  static final int PER_SENDER = 10;
  static final long CHAIN_ID = 31337;

  /** A chain whose genesis funds 1,000 senders, in a temporary RocksDB. */
  @State(Scope.Benchmark)
  public static class Chain {
    Path dir;
    RocksDatabase db;
    StateDatabase stateDb;
    org.mercato.state.concurrent.SideWork sideWork;
    /** Trie node cache size (BlockLoop's second argument). */
    int cacheNodes = StateDatabase.DEFAULT_NODE_CACHE_NODES;
    Blockchain chain;
    Secp256k1 curve;
    List<KeyPair> senders;
    Random random = new Random(7);
    int round;
    List<Transaction> txs;
    ExecutedBlock executed;

    @Setup(Level.Trial)
    public void open() throws IOException {
      curve = Secp256k1s.best();
      senders = Transfers.keys(SENDERS, random, curve);
      TreeMap<Address, Wei> alloc = new TreeMap<>();
      senders.forEach(k -> alloc.put(k.address(), Wei.coins(1_000)));
      ChainParameters params = new ChainParameters(CHAIN_ID, 1_700_000_000L, 1_000_000_000L,
          Wei.of(1_000_000_000L), Wei.of(1_000_000_000L), alloc);
      dir = Files.createTempDirectory("mercato-jmh-");
      db = RocksDatabase.open(dir.resolve("db"));
      sideWork = org.mercato.state.concurrent.SideWork.forThisMachine(); // as a node runs
      stateDb = new StateDatabase(db, new org.mercato.state.trie.NodeCache(cacheNodes), sideWork);
      chain = new Blockchain(params, db, new ChainStore(db, new TransactionDecoder(curve)), stateDb,
          new BlockExecutor(new TransactionProcessor(SystemContracts.none())));
    }

    /** Signs the next round: nonces round*10 .. round*10+9 of every sender. */
    void signNext() {
      long[] nonces = new long[SENDERS];
      java.util.Arrays.fill(nonces, (long) round * PER_SENDER);
      txs = Transfers.sign(senders, nonces, PER_SENDER, CHAIN_ID, Wei.of(1_000_000_000L), Wei.of(3_000_000_000L),
          Wei.of(1), Transfers.addresses(SENDERS * PER_SENDER, random), curve);
      round++;
    }

    ExecutedBlock propose() {
      ExecutedBlock b = chain.propose(chain.head().timestamp() + 1, Address.ZERO, Bytes.EMPTY, txs);
      if (b.block().transactions().size() != txs.size()) {
        throw new IllegalStateException("only " + b.block().transactions().size() + " of " + txs.size() + " included");
      }
      return b;
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
      sideWork.close();
      db.close();
      Measure.deleteTree(dir);
    }
  }

  /** propose: the set-up signs; the tear-down commits. */
  @State(Scope.Benchmark)
  public static class ProposeState extends Chain {
    @Setup(Level.Iteration)
    public void next() {
      signNext();
    }

    @TearDown(Level.Iteration)
    public void commitIt() {
      chain.commit(executed);
      executed = null;
    }
  }

  /** commit: the set-up signs and proposes. */
  @State(Scope.Benchmark)
  public static class CommitState extends Chain {
    @Setup(Level.Iteration)
    public void next() {
      signNext();
      executed = propose();
    }
  }

  @Benchmark
  public ExecutedBlock propose(ProposeState s) {
    s.executed = s.propose();
    return s.executed;
  }

  @Benchmark
  public void commit(CommitState s) {
    s.chain.commit(s.executed);
  }
}
