package org.mercato.benchmarks;

import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.tuweni.bytes.Bytes;
import org.mercato.state.crypto.KeyPair;
import org.mercato.state.crypto.Secp256k1;
import org.mercato.state.crypto.Secp256k1s;
import org.mercato.state.tx.DecodeResult;
import org.mercato.state.tx.Transaction;
import org.mercato.state.tx.TransactionDecoder;
import org.mercato.state.types.Wei;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Decoding signed EIP-1559 transfers (strict RLP, signature checks, sender recovery with the
 * process's best secp256k1): one at a time on one thread, and a 10,000-transaction list through
 * {@link TransactionDecoder#decodeAll} on a 2-thread pool (how blocks and RPC batches decode).
 * Scores are transactions per second.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class DecodeBenchmark {
  static final int TXS = 10_000;

  List<Bytes> raws;
  TransactionDecoder decoder;
  ExecutorService pool;
  int next;

  @Setup(Level.Trial)
  public void setUp() {
    Secp256k1 curve = Secp256k1s.best();
    Random random = new Random(42);
    List<KeyPair> senders = Transfers.keys(1_000, random, curve);
    List<Transaction> txs = Transfers.sign(senders, new long[senders.size()], TXS / senders.size(), 31337,
        Wei.of(1_000_000_000L), Wei.of(3_000_000_000L), Wei.of(1), Transfers.addresses(TXS, random), curve);
    raws = txs.stream().map(Transaction::encoded).toList();
    decoder = new TransactionDecoder(curve);
    pool = Executors.newFixedThreadPool(2);
    for (DecodeResult r : decoder.decodeAll(raws, pool)) {
      if (!r.isOk()) {
        throw new IllegalStateException("benchmark transaction does not decode: " + r.errorMessage());
      }
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    pool.shutdownNow();
  }

  /** One transaction per call, on the benchmark thread. */
  @Benchmark
  public DecodeResult decodeOne() {
    int i = next;
    next = i + 1 == TXS ? 0 : i + 1;
    return decoder.decode(raws.get(i));
  }

  /** 10,000 transactions per call through decodeAll on 2 worker threads. */
  @Benchmark
  @OperationsPerInvocation(TXS)
  public void decodeAllTwoThreads(Blackhole bh) {
    bh.consume(decoder.decodeAll(raws, pool));
  }
}
