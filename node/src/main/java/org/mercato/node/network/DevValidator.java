package org.mercato.node.network;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.mercato.consensus.bft.statemachine.TimeoutConfig;
import org.mercato.consensus.bft.types.ChainId;
import org.mercato.consensus.bft.types.Commit;
import org.mercato.consensus.bft.types.ConsensusSigner;
import org.mercato.consensus.bft.types.Height;
import org.mercato.consensus.bft.types.Round;
import org.mercato.consensus.bft.types.SignResult;
import org.mercato.consensus.bft.types.Validator;
import org.mercato.consensus.bft.types.ValidatorSet;
import org.mercato.consensus.bft.types.Vote;
import org.mercato.consensus.bft.types.VoteType;
import org.mercato.consensus.codec.ConsensusCodec;
import org.mercato.consensus.engine.BftConfig;
import org.mercato.consensus.engine.BftEngine;
import org.mercato.consensus.engine.ConsensusScheduler;
import org.mercato.consensus.engine.ProposalTimeliness;
import org.mercato.consensus.engine.ValidatorSets;
import org.mercato.consensus.privval.FileLockRecordStore;
import org.mercato.consensus.privval.FileSigningRecordStore;
import org.mercato.consensus.privval.GuardedSigner;
import org.mercato.node.consensusrpc.ConsensusSource;
import org.mercato.state.chain.Blockchain;
import org.mercato.state.chain.ExecutedBlock;
import org.mercato.state.crypto.KeyPair;
import org.mercato.state.crypto.Secp256k1;
import org.mercato.state.tx.TransactionDecoder;
import org.mercato.state.txpool.TransactionPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The consensus of {@code mercato dev}: a one-validator instance of the same {@link BftEngine} the
 * validator network runs, without p2p (its {@code ConsensusNetwork} delivers to nobody: the lone
 * validator's own proposal and votes are a 100 % quorum, so each height decides in round 0 on the
 * consensus thread as soon as the block is built).
 *
 * <ul>
 *   <li>Signing: a {@link GuardedSigner} over the dev validator key, record in
 *       {@code DATA/priv_validator_state.bin}, its lock in {@code DATA/priv_validator_lock.bin}; the seen commit in {@code DATA/seen_commit.rlp}
 *       ({@link SeenCommitFile}, as the validator network).
 *   <li>Block time: a height starts every {@code --block-time} ({@code timeoutCommit} paced from the
 *       height's start, {@code BftConfig.paceFromHeightStart}), as soon as the previous block is
 *       committed if building it took longer; the first height waits one block time after start. Propose/prevote/precommit timeouts only matter when a round fails
 *       (a block build throws, or the signer refuses after a crash): {@link #TIMEOUTS}.
 *   <li>A dev chain whose head has no known commit (made by an older version, or the files were
 *       lost) gets one: the validator precommits its head at round 0 through the guarded signer.
 * </ul>
 */
public final class DevValidator implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DevValidator.class);

  /** Short, since nobody else has to be heard: propose 200 ms, prevote and precommit 50 ms, each +50 ms per round. */
  static final TimeoutConfig TIMEOUTS = new TimeoutConfig(Duration.ofMillis(200), Duration.ofMillis(50),
      Duration.ofMillis(50), Duration.ofMillis(50), Duration.ofMillis(50), Duration.ofMillis(50));

  private final Blockchain chain;
  private final GuardedSigner signer;
  private final ValidatorSets sets;
  private final SeenCommitFile seenCommit;
  private final ConsensusRecords consensusRecords;
  private final Duration blockTime;
  private final ScheduledExecutorService consensusThread;
  private final BftEngine engine;

  public DevValidator(Blockchain chain, TransactionPool pool, TransactionDecoder decoder, Secp256k1 curve, KeyPair validatorKey,
      ValidatorSet validators, Duration blockTime, Path dataDir, Clock clock, ProductionListener listener) {
    if (blockTime.isNegative() || blockTime.isZero()) {
      throw new IllegalArgumentException("block time must be positive");
    }
    ChainId chainId = ValidatorNetwork.chainIdOf(chain.parameters().chainId());
    ConsensusSigner key = new ConsensusSigner(chainId, validatorKey, curve);
    Validator self = validators.find(key.address())
        .orElseThrow(() -> new IllegalArgumentException("the dev validator " + key.address() + " is not in the genesis validators"));
    if (!validators.isQuorum(self.votingPower())) {
      throw new IllegalArgumentException("the dev validator " + key.address() + " alone is not a quorum of " + validators);
    }
    this.chain = chain;
    this.blockTime = blockTime;
    this.signer = new GuardedSigner(key, new FileSigningRecordStore(dataDir.resolve("priv_validator_state.bin")));
    this.sets = ValidatorSets.fixed(validators);
    this.consensusRecords = new ConsensusRecords(chain, sets);
    ScheduledThreadPoolExecutor thread = new ScheduledThreadPoolExecutor(1, r -> {
      Thread t = new Thread(r, "consensus");
      t.setDaemon(true);
      return t;
    });
    // On close, a waiting height (up to one block time away) is dropped, not waited for.
    thread.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    this.consensusThread = thread;
    BftConfig config = new BftConfig(TIMEOUTS, blockTime, 64, 2, 10_000, true, Integer.MAX_VALUE, Integer.MAX_VALUE,
        BftConfig.NO_PREBUILD, BftConfig.NO_CATCH_UP, ProposalTimeliness.DEFAULT); // no peers to catch up
    FileLockRecordStore locks = new FileLockRecordStore(dataDir.resolve(FileLockRecordStore.FILE_NAME), chainId);
    locks.load(); // a damaged lock record stops the node here (docs/spec/consensus.md §8.1)
    this.engine = new BftEngine(chain, pool, signer, locks, sets, config, clock, ConsensusScheduler.of(consensusThread),
        message -> { }, new ConsensusCodec(decoder), new BftEngine.Events() {
          @Override
          public void committed(ExecutedBlock block, Commit commit) {
            seenCommit.write(commit);
            consensusRecords.record(commit);
          }

          @Override
          public void produced(ExecutedBlock block, long proposeNanos, long commitNanos) {
            listener.onProduced(block, proposeNanos, commitNanos);
          }
        });
    this.seenCommit = new SeenCommitFile(dataDir, chain, sets, engine.commitVerifier(), signer);
  }

  /** Validator sets and the head's commit, for the consensus RPC. */
  public ConsensusSource consensusSource() {
    return consensusRecords;
  }

  /** Starts consensus at head + 1; the first block comes one block time later. */
  public void start() {
    Optional<Commit> seen = seenCommit.read().or(this::commitHead);
    seen.ifPresent(consensusRecords::record);
    LOG.info("Dev validator {} producing a block every {} ms (one-validator BFT, head #{}, seen commit {})", signer.address(),
        blockTime.toMillis(), chain.head().number(), seen.isPresent() ? "known" : "unknown");
    engine.start(seen, blockTime);
  }

  /**
   * Starts the next height now instead of after the block time, and waits for its block (for tests
   * and tools; the chain is the same as with the timer).
   */
  public ExecutedBlock produceBlockNow(Duration timeout) {
    try {
      return engine.startNextHeightNow().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while producing a block", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("no block produced", e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException("no block committed within " + timeout);
    }
  }

  public BftEngine engine() {
    return engine;
  }

  public org.mercato.state.types.Address validatorAddress() {
    return signer.address();
  }

  /** A commit for a head nobody saved one for: our precommit at round 0 (a quorum alone). */
  private Optional<Commit> commitHead() {
    long head = chain.head().number();
    if (head < 1) {
      return Optional.empty();
    }
    Height h = Height.of(head);
    SignResult<Vote> r = signer.signVote(VoteType.PRECOMMIT, h, Round.ZERO, Optional.of(chain.headHash()));
    if (r instanceof SignResult.Signed<Vote> s) {
      LOG.info("No saved commit for head #{}: signed one", head);
      return Optional.of(new Commit(h, Round.ZERO, chain.headHash(), List.of(s.message())));
    }
    LOG.warn("No commit for head #{} and the signer refused to make one ({}): blocks cannot be built", head, r);
    return Optional.empty();
  }

  /** Stops consensus; an in-flight block finishes. */
  @Override
  public void close() {
    engine.close();
    consensusThread.shutdown();
    try {
      if (!consensusThread.awaitTermination(30, TimeUnit.SECONDS)) {
        LOG.warn("Block production did not stop within 30 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
