package org.mercato.benchmarks;

import org.apache.tuweni.bytes.Bytes;
import org.mercato.state.block.Receipt;
import org.mercato.state.chain.ExecutedBlock;
import org.mercato.state.exec.BlockContext;
import org.mercato.state.exec.BlockExecution;
import org.mercato.state.exec.BlockExecutor;
import org.mercato.state.exec.SystemContracts;
import org.mercato.state.exec.TransactionProcessor;
import org.mercato.state.trie.TrieRoots;
import org.mercato.state.tx.Transaction;
import org.mercato.state.types.Address;

/**
 * Profiling aid, not a benchmark: produces {@code args[0]} (default 30) blocks of 10,000 transfers
 * on the {@link BlockBenchmark} chain and prints, per block, the time of each phase of propose
 * (re-run by hand: execution, state prepare, transaction and receipt roots), of propose itself
 * (after the hand-run prepare warmed the node cache, so a lower bound),
 * of commit, and the GC time spent meanwhile. Run:
 * {@code java -Xmx1g -XX:+UseParallelGC -cp 'benchmarks/target/mercato-benchmarks.jar:benchmarks/target/lib/*' org.mercato.benchmarks.BlockLoop 30 [cacheNodes]}
 */
public final class BlockLoop {
  private BlockLoop() {}

  public static void main(String[] args) throws Exception {
    int blocks = args.length > 0 ? Integer.parseInt(args[0]) : 30;
    BlockBenchmark.Chain c = new BlockBenchmark.Chain();
    if (args.length > 1) {
      c.cacheNodes = Integer.parseInt(args[1]);
    }
    c.open();
    System.out.println("node cache: " + c.cacheNodes + " nodes");
    BlockExecutor executor = new BlockExecutor(new TransactionProcessor(SystemContracts.none()));
    // The chain's own state database: the first prepare on each new parent (timed here) is the
    // realistic one; propose's own prepare then finds the nodes cached, so its column is a lower bound.
    org.mercato.state.world.StateDatabase stateDb = c.stateDb;
    System.out.println("block  exec  prepare  roots  | propose  commit  | gc-ms  heap-used-MB");
    try {
      for (int b = 0; b < blocks; b++) {
        c.signNext();
        long gc0 = Measure.gcMillis();
        long t0 = System.nanoTime();
        BlockContext ctx = new BlockContext(BlockBenchmark.CHAIN_ID, c.chain.head().number() + 1, c.chain.head().timestamp() + 1,
            Address.ZERO, c.chain.nextBaseFee(), c.chain.parameters().blockGasLimit());
        BlockExecution exec = executor.build(c.chain.latestState(), ctx, c.txs);
        long t1 = System.nanoTime();
        stateDb.prepare(c.chain.head().stateRoot(), exec.changes());
        long t2 = System.nanoTime();
        TrieRoots.ordered(exec.included().stream().map(Transaction::encoded).toList());
        TrieRoots.ordered(exec.receipts().stream().map(Receipt::encoded).toList());
        long t3 = System.nanoTime();
        ExecutedBlock block = c.chain.propose(c.chain.head().timestamp() + 1, Address.ZERO, Bytes.EMPTY, c.txs);
        long t4 = System.nanoTime();
        c.chain.commit(block);
        long t5 = System.nanoTime();
        Runtime rt = Runtime.getRuntime();
        System.out.printf("%5d %5d %8d %6d  | %7d %7d  | %5d  %5d%n", block.block().number(), Measure.ms(t1 - t0), Measure.ms(t2 - t1), Measure.ms(t3 - t2),
            Measure.ms(t4 - t3), Measure.ms(t5 - t4), Measure.gcMillis() - gc0, (rt.totalMemory() - rt.freeMemory()) >> 20);
      }
    } finally {
      c.close();
    }
  }



}
