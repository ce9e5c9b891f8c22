package org.mercato.consensus.dev;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.apache.tuweni.bytes.Bytes;
import org.mercato.state.chain.Blockchain;
import org.mercato.state.chain.ExecutedBlock;
import org.mercato.state.tx.Transaction;
import org.mercato.state.txpool.TransactionPool;
import org.mercato.state.types.Address;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single-validator engine of `mercato dev`: every block time it proposes a block from the pool
 * and commits it, through the same propose/commit seam BFT consensus drives (docs/spec/blocks.md).
 * A lone validator's own precommit is a 100% quorum, so there is nothing to wait for.
 *
 * <p>All chain mutation happens on {@code consensusThread}, a single-threaded executor: one thread
 * owns consensus state. Time comes from the injected clock.
 */
public final class DevEngine implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DevEngine.class);

  private final Blockchain chain;
  private final TransactionPool pool;
  private final Address proposer;
  private final Duration blockTime;
  private final Clock clock;
  private final ScheduledExecutorService consensusThread;
  private ScheduledFuture<?> ticking;
  private volatile ProductionListener productionListener = ProductionListener.NONE;

  /** Told, on the consensus thread, how long each produced block took. For metrics; must be quick. */
  @FunctionalInterface
  public interface ProductionListener {
    ProductionListener NONE = (block, proposeNanos, commitNanos) -> { };

    /**
     * @param proposeNanos selecting from the pool and executing ({@link Blockchain#propose})
     * @param commitNanos making it durable and telling the block listeners ({@link Blockchain#commit})
     */
    void onProduced(ExecutedBlock block, long proposeNanos, long commitNanos);
  }

  public DevEngine(Blockchain chain, TransactionPool pool, Address proposer, Duration blockTime, Clock clock,
      ScheduledExecutorService consensusThread) {
    if (blockTime.isNegative() || blockTime.isZero()) {
      throw new IllegalArgumentException("block time must be positive");
    }
    this.chain = chain;
    this.pool = pool;
    this.proposer = proposer;
    this.blockTime = blockTime;
    this.clock = clock;
    this.consensusThread = consensusThread;
  }

  /** Replaces the production listener (null = none). Observes only; block contents are unaffected. */
  public void setProductionListener(ProductionListener l) {
    this.productionListener = l == null ? ProductionListener.NONE : l;
  }

  public synchronized void start() {
    if (ticking == null) {
      long ms = blockTime.toMillis();
      ticking = consensusThread.scheduleAtFixedRate(this::produceSafely, ms, ms, TimeUnit.MILLISECONDS);
      LOG.info("Dev validator {} producing a block every {} ms", proposer, ms);
    }
  }

  /** Proposes and commits one block now; returns it. Called by the timer, and directly by tests. */
  public ExecutedBlock produceBlock() {
    long started = System.nanoTime();
    List<Transaction> candidates = pool.selectForBlock(chain.parameters().blockGasLimit(), chain.nextBaseFee(), chain.latestState());
    ExecutedBlock block = chain.propose(clock.instant().getEpochSecond(), proposer, Bytes.EMPTY, candidates);
    long proposed = System.nanoTime();
    chain.commit(block);
    long committed = System.nanoTime();
    long ms = (committed - started) / 1_000_000;
    try {
      productionListener.onProduced(block, proposed - started, committed - proposed);
    } catch (RuntimeException e) {
      LOG.warn("Production listener failed", e);
    }
    LOG.info("Committed block #{} txs={} gasUsed={} hash={} in {} ms",
        block.block().number(), block.block().transactions().size(), block.block().header().gasUsed(), block.block().hash(), ms);
    if (!block.execution().skipped().isEmpty()) {
      LOG.debug("Skipped {} pool transactions while building #{}", block.execution().skipped().size(), block.block().number());
    }
    return block;
  }

  private void produceSafely() {
    try {
      produceBlock();
    } catch (RuntimeException e) {
      // A failure to build one block must not stop the chain; the next tick retries from the same head.
      LOG.error("Block production failed; retrying next tick", e);
    }
  }

  @Override
  public synchronized void close() {
    if (ticking != null) {
      ticking.cancel(false);
      ticking = null;
    }
  }
}
