package org.mercato.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.tuweni.bytes.Bytes;
import org.mercato.state.block.Block;
import org.mercato.state.chain.BlockValidationResult;
import org.mercato.state.chain.ExecutedBlock;
import org.mercato.state.types.Address;

/**
 * Profiling aid, not a benchmark: the sequential part of block-sync replay. One chain produces
 * {@code args[0]} (default 30) blocks of 10,000 transfers ({@link BlockBenchmark}'s workload);
 * a second chain with the same genesis then replays them as a late joiner does after decoding:
 * {@code Blockchain.validate}, then {@code commit}, one block after the other. Prints each
 * block's validate and commit time and the median over the second half. Run:
 * {@code java -Xmx1g -XX:+UseParallelGC -cp 'benchmarks/target/mercato-benchmarks.jar:benchmarks/target/lib/*' org.mercato.benchmarks.SyncLoop 30}
 */
public final class SyncLoop {
  private SyncLoop() {}

  public static void main(String[] args) throws Exception {
    int blocks = args.length > 0 ? Integer.parseInt(args[0]) : 30;
    BlockBenchmark.Chain source = new BlockBenchmark.Chain();
    BlockBenchmark.Chain joiner = new BlockBenchmark.Chain();
    source.open();
    joiner.open();
    try {
      List<Block> produced = new ArrayList<>();
      for (int b = 0; b < blocks; b++) {
        source.signNext();
        ExecutedBlock e = source.chain.propose(source.chain.head().timestamp() + 1, Address.ZERO, Bytes.EMPTY, source.txs);
        source.chain.commit(e);
        produced.add(e.block());
      }
      System.out.println("block  txs  validate-ms  commit-ms  replay-thread-cpu-ms");
      long[] validate = new long[blocks];
      long[] commit = new long[blocks];
      long[] threadCpu = new long[blocks];
      ThreadMXBean threads = ManagementFactory.getThreadMXBean();
      com.sun.management.OperatingSystemMXBean os =
          (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
      long processCpu0 = 0;
      long txsTimed = 0;
      for (int b = 0; b < blocks; b++) {
        if (b == blocks / 2) {
          processCpu0 = os.getProcessCpuTime();
        }
        long cpu0 = threads.getCurrentThreadCpuTime();
        Block block = produced.get(b);
        long t0 = System.nanoTime();
        BlockValidationResult v = joiner.chain.validate(block);
        long t1 = System.nanoTime();
        joiner.chain.commit(v.block().orElseThrow(() -> new IllegalStateException("invalid: " + v.invalidity() + " " + v.detail())));
        long t2 = System.nanoTime();
        validate[b] = (t1 - t0) / 1_000_000;
        commit[b] = (t2 - t1) / 1_000_000;
        threadCpu[b] = (threads.getCurrentThreadCpuTime() - cpu0) / 1_000_000;
        if (b >= blocks / 2) {
          txsTimed += block.transactions().size();
        }
        System.out.printf("%5d %5d %11d %10d %10d%n", block.number(), block.transactions().size(), validate[b], commit[b], threadCpu[b]);
      }
      long processCpu = os.getProcessCpuTime() - processCpu0;
      System.out.printf("median of blocks %d..%d: validate %d ms, commit %d ms, replay thread CPU %d ms; "
          + "process CPU per transfer over those blocks %.1f us%n", blocks / 2 + 1, blocks,
          median(validate, blocks / 2), median(commit, blocks / 2), median(threadCpu, blocks / 2), processCpu / 1e3 / txsTimed);
    } finally {
      source.close();
      joiner.close();
    }
  }

  private static long median(long[] values, int from) {
    long[] tail = Arrays.copyOfRange(values, from, values.length);
    Arrays.sort(tail);
    return tail[tail.length / 2];
  }
}
