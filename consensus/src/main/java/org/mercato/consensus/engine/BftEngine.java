package org.mercato.consensus.engine;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import org.apache.tuweni.bytes.Bytes;
import org.mercato.consensus.bft.proposer.ProposerPriorities;
import org.mercato.consensus.bft.statemachine.Input;
import org.mercato.consensus.bft.statemachine.LockState;
import org.mercato.consensus.bft.statemachine.Output;
import org.mercato.consensus.bft.statemachine.RoundState;
import org.mercato.consensus.bft.statemachine.TendermintMachine;
import org.mercato.consensus.bft.types.Commit;
import org.mercato.consensus.bft.types.DuplicateVoteEvidence;
import org.mercato.consensus.bft.types.Height;
import org.mercato.consensus.bft.types.Proposal;
import org.mercato.consensus.bft.types.Round;
import org.mercato.consensus.bft.types.Validator;
import org.mercato.consensus.bft.types.ValidatorSet;
import org.mercato.consensus.bft.types.ValidatorSigner;
import org.mercato.consensus.bft.types.Vote;
import org.mercato.consensus.codec.CodecError;
import org.mercato.consensus.codec.CommitCodec;
import org.mercato.consensus.codec.ConsensusCodec;
import org.mercato.consensus.codec.ConsensusMessage;
import org.mercato.consensus.codec.DecodeOutcome;
import org.mercato.consensus.evidence.EvidencePool;
import org.mercato.consensus.privval.CorruptLockRecordException;
import org.mercato.consensus.privval.LockRecord;
import org.mercato.consensus.privval.LockRecordStore;
import org.mercato.state.block.Block;
import org.mercato.state.chain.BlockValidationResult;
import org.mercato.state.chain.Blockchain;
import org.mercato.state.chain.ExecutedBlock;
import org.mercato.state.tx.Transaction;
import org.mercato.state.txpool.TransactionPool;
import org.mercato.state.types.Address;
import org.mercato.state.types.Hash;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Tendermint driver (docs/spec/consensus.md §10): owns one {@link TendermintMachine} and runs it
 * on the one consensus thread ({@link ConsensusScheduler}); inbound messages and timers are queued
 * there. It builds blocks when the machine asks and we propose ({@code Blockchain.propose} with the
 * previous height's commit as {@code lastCommit}), validates proposed blocks ({@code Blockchain.validate}
 * plus the proposer and lastCommit checks, cached by hash), signs through the machine's
 * {@link ValidatorSigner} (the node passes a {@code GuardedSigner}), commits decided blocks and
 * starts the next height after {@code timeoutCommit}. Messages for the next heights are buffered
 * (bounded) and replayed; far-future rounds are dropped. The lock is persisted in a
 * {@link LockRecordStore} before the precommit that creates it is sent, and restored when the
 * engine starts the record's height (docs/spec/consensus.md §8.1).
 *
 * <p>Thread-safety: {@link #start}, {@link #onMessage} and {@link #close} may be called from any
 * thread; everything else happens on the consensus thread.
 */
public final class BftEngine implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(BftEngine.class);
  /** Votes and near-empty proposals: decoded on the caller's thread (a few transactions at most). */
  static final int INLINE_DECODE_BYTES = 2_048;

  /** Who sent a message to {@link #onMessage(byte[], Sender)}, to be told if it is invalid. */
  @FunctionalInterface
  public interface Sender {
    /** Nobody to hold to account (a replay of messages received earlier, a test). */
    Sender UNKNOWN = (error, detail) -> {};

    /** The message was not a consensus message, or not signed by the validator it names; called on any thread. */
    void invalid(CodecError error, String detail);
  }

  /** What the engine reports (all called on the consensus thread); every method defaults to nothing. */
  public interface Events {
    /** Block {@code block} is durable as the new head, decided by {@code commit}. */
    default void committed(ExecutedBlock block, Commit commit) {}

    /**
     * Our own block {@code block} was decided and committed (called after {@link #committed}); for
     * metrics, must be quick.
     *
     * @param proposeNanos selecting from the pool and executing ({@code Blockchain.propose})
     * @param commitNanos making it durable and telling the block listeners ({@code Blockchain.commit})
     */
    default void produced(ExecutedBlock block, long proposeNanos, long commitNanos) {}

    /** A validator signed two different votes for one (height, round, type). */
    default void evidence(DuplicateVoteEvidence evidence) {}

    /** Our signer refused to sign (double-sign protection); nothing was sent. */
    default void signingRefused(Output.SigningRefused refused) {}

    /** Bytes from the network that are not a consensus message (for peer scoring). */
    default void invalidMessage(CodecError error, String detail) {}

    /**
     * The lock could not be saved (docs/spec/consensus.md §8.1): from now on this engine sends
     * nothing (its precommit included) until the node is restarted.
     */
    default void lockNotSaved(String detail) {}
  }

  private final Blockchain chain;
  private final TransactionPool pool;
  private final ValidatorSigner signer;
  private final ValidatorSets validatorSets;
  private final BftConfig config;
  private final Clock clock;
  private final ConsensusScheduler scheduler;
  private final ConsensusNetwork network;
  private final ConsensusCodec codec;
  private final InboundDecoding decoding;
  private final CommitVerifier commitVerifier;
  private final Events events;
  private final TendermintMachine machine;
  private final EvidencePool evidence;
  private final LockRecordStore locks;

  // Consensus-thread state.
  private Height height;
  private ValidatorSet validators;
  private ProposerPriorities priorities;
  private final Map<Hash, ExecutedBlock> blocks = new HashMap<>(); // valid blocks of this height, ours and received
  private final Map<Hash, Boolean> validity = new HashMap<>();      // validation answers of this height
  private final Map<Proposal, byte[]> encodedProposals = new HashMap<>(); // see encoded(): this height's, by proposal
  /**
   * Proposals of the current height the consensus thread has judged (height, round, proposer): stored, or named by
   * a validator who does not propose that round. Added only there, for the current height and rounds the machine
   * takes, so the set stays small; read on the receiving threads, where further copies are dropped undecoded.
   */
  private final Set<ProposalKey> proposalsSeen = ConcurrentHashMap.newKeySet();
  /**
   * Proposals decoded and waiting for the consensus thread, or in its buffer of a later height: their copies are
   * dropped meanwhile. An entry leaves when the consensus thread judges the proposal (into {@link #proposalsSeen}) or
   * drops it unjudged (a round too far ahead, a full buffer, a stale height: forgotten, so a later copy is decoded
   * again). Bounded by what the queues and the buffer hold.
   */
  private final Set<ProposalKey> proposalsInFlight = ConcurrentHashMap.newKeySet();

  /** One proposal: its proposer signs one per round (a second one is equivocation, refused by the machine). */
  private record ProposalKey(long height, long round, Address proposer) {
    static ProposalKey of(Proposal p) {
      return new ProposalKey(p.height().value(), p.round().value(), p.proposer());
    }
  }

  /**
   * A decoded message, when it reached {@link #onMessage} (timeliness counts from its arrival, §10), and its bytes:
   * the canonical encoding (the codec checked it), which relaying it and the lock record reuse instead of encoding
   * a whole block again.
   */
  private record Received(ConsensusMessage message, Instant arrived, byte[] raw) {}

  private final TreeMap<Long, List<Received>> future = new TreeMap<>();
  private int buffered;
  private Commit lastCommit; // the commit of height - 1, for our block's lastCommit (null after a restart)
  private Height pending;    // the next height while it waits to start (timeoutCommit, or the first delay)
  private long heightStarted; // System.nanoTime() when the current height started (for the log line)
  private long heightStartedMillis; // the injected clock's millis at the start of the height (for pacing)
  private final Map<Hash, Long> proposeNanos = new HashMap<>(); // our blocks of this height: time to build
  private ExecutedBlock prebuilt;  // our block for the waiting height's round 0, built during timeoutCommit
  private long prebuiltNanos;      // how long building it took
  private long lastBuildNanos;     // the last build's duration: building ahead starts at least twice that early
  private final Queue<CompletableFuture<ExecutedBlock>> nextCommit = new ConcurrentLinkedQueue<>(); // any thread
  private Optional<LockRecord> lockOnDisk = Optional.empty(); // read at start; applied when its height starts
  private String lockFailure; // set when a lock could not be saved: nothing is sent any more
  private final OwnMessages own = new OwnMessages(); // our messages of this height, for the catch-up re-broadcast
  private volatile RoundState snapshot;
  private volatile boolean started;
  private volatile boolean closed;

  public BftEngine(Blockchain chain, TransactionPool pool, ValidatorSigner signer, LockRecordStore locks,
      ValidatorSets validatorSets, BftConfig config, Clock clock, ConsensusScheduler scheduler, ConsensusNetwork network,
      ConsensusCodec codec, Events events) {
    this(chain, pool, signer, locks, validatorSets, config, clock, scheduler, network, codec, InboundDecoding.INLINE, events);
  }

  /**
   * {@code locks} keeps this validator's lock across restarts (the node: a {@code FileLockRecordStore}
   * beside the signing record); {@code decoding} says where inbound proposals are decoded and their
   * senders recovered (off the caller's thread).
   */
  public BftEngine(Blockchain chain, TransactionPool pool, ValidatorSigner signer, LockRecordStore locks,
      ValidatorSets validatorSets, BftConfig config, Clock clock, ConsensusScheduler scheduler, ConsensusNetwork network,
      ConsensusCodec codec, InboundDecoding decoding, Events events) {
    this.locks = Objects.requireNonNull(locks);
    this.decoding = Objects.requireNonNull(decoding);
    this.chain = Objects.requireNonNull(chain);
    this.pool = Objects.requireNonNull(pool);
    this.signer = Objects.requireNonNull(signer);
    this.validatorSets = Objects.requireNonNull(validatorSets);
    this.config = Objects.requireNonNull(config);
    this.clock = Objects.requireNonNull(clock);
    this.scheduler = Objects.requireNonNull(scheduler);
    this.network = Objects.requireNonNull(network);
    this.codec = Objects.requireNonNull(codec);
    this.events = events == null ? new Events() {} : events;
    this.commitVerifier = new CommitVerifier(signer.chainId(), signer.curve(), decoding.recovery());
    this.machine = new TendermintMachine(signer, config.timeouts());
    this.snapshot = machine.state();
    this.evidence = new EvidencePool(signer.chainId(), signer.curve(), validatorSets);
  }

  /** Starts at the chain head + 1. {@code seenCommit} is the commit of the head block if known (after a restart). */
  public void start(Optional<Commit> seenCommit) {
    start(seenCommit, Duration.ZERO);
  }

  /**
   * Like {@link #start(Optional)}, but the first height starts after {@code firstHeightDelay} (the
   * dev node waits one block time, as if genesis or the head had just been decided), or as soon as
   * {@link #startNextHeightNow} asks.
   */
  public void start(Optional<Commit> seenCommit, Duration firstHeightDelay) {
    if (started) {
      return;
    }
    started = true;
    scheduler.execute(() -> {
      seenCommit.ifPresent(c -> lastCommit = c);
      evidence.load(chain.store(), chain.head().number());
      lockOnDisk = loadLock();
      Height first = Height.of(chain.head().number() + 1);
      if (firstHeightDelay.isZero()) {
        startHeight(first);
      } else {
        schedulePending(first, firstHeightDelay);
      }
    });
  }

  /**
   * Starts the waiting next height at once instead of after {@code timeoutCommit} (or the first
   * delay); if a height is already running, lets it run. The future completes with the next block
   * this engine commits (for the dev node's "produce a block now" and tests; no effect on safety).
   */
  public CompletableFuture<ExecutedBlock> startNextHeightNow() {
    CompletableFuture<ExecutedBlock> f = new CompletableFuture<>();
    nextCommit.add(f);
    if (closed) {
      failWaiting();
      return f;
    }
    scheduler.execute(() -> {
      if (!closed && pending != null) {
        startPending(pending);
      }
    });
    return f;
  }

  public void start() {
    start(Optional.empty());
  }

  /**
   * Bytes from a peer on the consensus channel. A vote or a near-empty proposal (at most {@value
   * #INLINE_DECODE_BYTES} bytes) is decoded on the caller's thread; a bigger proposal on {@link
   * InboundDecoding#proposals}, with its senders recovered in parallel, so the p2p event loop never
   * decodes a block, unless its height (peeked from the first fields) is already decided: then it is
   * dropped undecoded. Handled on the consensus thread either way.
   */
  public void onMessage(byte[] message) {
    onMessage(message, Sender.UNKNOWN);
  }

  /**
   * {@link #onMessage(byte[])} from a peer the node can hold to account: {@code from} is told (on whichever thread
   * finds out) if the bytes are not a consensus message or are not signed by the validator they name (§9). Honest
   * peers send and relay only messages that decode and verify, so the node may disconnect the sender.
   */
  public void onMessage(byte[] message, Sender from) {
    if (closed) {
      return;
    }
    Instant arrived = clock.instant();
    Optional<Proposal> signed = codec.peekProposal(Bytes.wrap(message));
    if (signed.isPresent() && !worthDecoding(signed.get(), from)) {
      return;
    }
    if (message.length <= INLINE_DECODE_BYTES) {
      decodeAndQueue(message, arrived, from);
      return;
    }
    try {
      decoding.proposals().execute(() -> decodeAndQueue(message, arrived, from));
    } catch (RejectedExecutionException full) {
      // Bounded: a peer flooding proposals cannot queue unbounded blocks. An honest proposal lost here
      // costs a round at worst (the proposer sends it again to a peer that reconnects).
      LOG.warn("Consensus message of {} bytes dropped: the proposal decoding queue is full", message.length);
    }
  }

  /**
   * The checks a proposal passes, from its signed leading fields alone, before its block is decoded and its senders
   * recovered (docs/spec/consensus.md §9 "Checks before decoding"): not of a decided height, not a copy of
   * one already judged, and signed by the validator it names, a member of its height's set. One signature
   * recovery (kept in the memo, so the full check later costs nothing) instead of one per transaction.
   */
  private boolean worthDecoding(Proposal p, Sender from) {
    if (!inWindow(p.height())) {
      return false; // a decided height (resent, or replayed after a sync), or one too far ahead: never decoded
    }
    ProposalKey key = ProposalKey.of(p);
    if (proposalsSeen.contains(key) || proposalsInFlight.contains(key)) {
      return false; // another copy (relayed, or re-sent by catch-up) of a proposal judged or about to be
    }
    Optional<Validator> named = validatorSets.validatorsAt(p.height()).find(p.proposer());
    if (named.isEmpty() || !p.verify(signer.chainId(), named.get(), signer.curve())) {
      invalid(from, CodecError.BAD_SIGNATURE, "proposal " + p + (named.isEmpty() ? ": not a validator of its height" : ": not signed by it"));
      return false;
    }
    return true;
  }

  /**
   * Whether a message of height {@code h} can still matter here: not of a decided height, and not further ahead than
   * the buffer keeps. Only such messages are checked and their senders blamed; the rest are dropped unchecked (late
   * precommits and catch-up re-sends of a decided height are normal, and a height far ahead may have a validator set
   * this node cannot know yet).
   */
  private boolean inWindow(Height h) {
    // Before the first height starts (just after block sync, when the recent messages are replayed) the head says
    // what is decided.
    long current = snapshot.height().map(Height::value).orElseGet(() -> chain.head().number() + 1);
    return h.value() >= current && h.value() <= current + config.maxFutureHeights();
  }

  private void decodeAndQueue(byte[] message, Instant arrived, Sender from) {
    if (closed) {
      return;
    }
    DecodeOutcome<ConsensusMessage> d = codec.decode(Bytes.wrap(message), decoding.recovery(), decoding.known());
    try {
      if (d instanceof DecodeOutcome.Failed<ConsensusMessage> f) {
        invalid(from, f.error(), f.detail());
        return;
      }
      ConsensusMessage m = d.orElseThrow();
      if (m instanceof ConsensusMessage.VoteMessage v) {
        // Checked here, in parallel with other peers' messages; through the node's memo the consensus thread's check
        // then finds the key. A vote its named validator did not sign is refused now (§9), so junk votes cost their
        // sender.
        Vote vote = v.vote();
        if (!inWindow(vote.height())) {
          return;
        }
        Optional<Validator> named = validatorSets.validatorsAt(vote.height()).find(vote.validator());
        if (named.isEmpty() || !vote.verify(signer.chainId(), named.get(), signer.curve())) {
          invalid(from, CodecError.BAD_SIGNATURE, vote + (named.isEmpty() ? ": not a validator of its height" : ": not signed by it"));
          return;
        }
      } else if (!proposalsInFlight.add(ProposalKey.of(((ConsensusMessage.ProposalMessage) m).proposal()))) {
        return; // a copy decoded at the same time on another thread, or waiting in the buffer of a later height
      }
      Received received = new Received(m, arrived, message);
      scheduler.execute(() -> {
        if (closed) {
          release(received);
        } else {
          handle(received);
        }
      });
    } catch (RejectedExecutionException stopped) {
      if (!closed) {
        throw stopped;
      } // the consensus thread stopped while we decoded: shutting down
    }
  }

  private void invalid(Sender from, CodecError error, String detail) {
    from.invalid(error, detail);
    scheduler.execute(() -> events.invalidMessage(error, detail));
  }

  /** The machine's variables after the last task (for status and tests). */
  public RoundState roundState() {
    return snapshot;
  }

  public CommitVerifier commitVerifier() {
    return commitVerifier;
  }

  /** Evidence found and not yet committed, and what recent blocks committed (docs/spec/consensus.md §11). */
  public EvidencePool evidencePool() {
    return evidence;
  }

  @Override
  public void close() {
    closed = true;
    failWaiting();
  }

  private void failWaiting() {
    for (CompletableFuture<ExecutedBlock> f; (f = nextCommit.poll()) != null; ) {
      f.completeExceptionally(new IllegalStateException("engine closed"));
    }
  }

  // ---- consensus thread ----

  /** {@code h} starts after {@code delay}, or earlier through {@link #startNextHeightNow}. */
  private void schedulePending(Height h, Duration delay) {
    pending = h;
    scheduler.schedule(() -> startPending(h), delay);
  }

  /** Starts {@code h} if it is still the waiting height (not already started early). */
  private void startPending(Height h) {
    if (h.equals(pending)) {
      pending = null;
      startHeight(h);
    }
  }

  private void startHeight(Height h) {
    if (closed) {
      return;
    }
    if (chain.head().number() + 1 != h.value()) {
      throw new IllegalStateException("height " + h + " does not follow the chain head " + chain.head().number());
    }
    proposalsSeen.removeIf(k -> k.height() < h.value());
    height = h;
    heightStarted = System.nanoTime();
    heightStartedMillis = clock.millis();
    proposeNanos.clear();
    validators = validatorSets.validatorsAt(h);
    priorities = validatorSets.prioritiesAt(h);
    blocks.clear();
    validity.clear();
    encodedProposals.clear();
    own.nextHeight();
    scheduleCatchUp(h);
    if (prebuilt != null && prebuilt.block().number() != h.value()) {
      prebuilt = null;
    }
    apply(new Input.StartHeight(h, validators, priorities, restoreLock(h)));
    List<Received> replay = new ArrayList<>();
    while (!future.isEmpty() && future.firstKey() <= h.value()) {
      List<Received> ms = future.pollFirstEntry().getValue();
      buffered -= ms.size();
      replay.addAll(ms);
    }
    for (Received r : replay) {
      handle(r);
    }
  }

  /**
   * Takes a received message on the consensus thread. A proposal stays in {@link #proposalsInFlight} while it waits
   * in the buffer of a later height (its copies need no decoding meanwhile) and leaves it once judged or dropped.
   */
  private void handle(Received received) {
    boolean kept = false;
    try {
      kept = take(received);
    } finally {
      if (!kept) {
        release(received);
      }
    }
  }

  private void release(Received received) {
    if (received.message() instanceof ConsensusMessage.ProposalMessage p) {
      proposalsInFlight.remove(ProposalKey.of(p.proposal()));
    }
  }

  /** True if the message was kept in the buffer of a later height. */
  private boolean take(Received received) {
    ConsensusMessage m = received.message();
    if (height == null) {
      return buffer(received, heightOf(m));
    }
    Height mh = heightOf(m);
    Round mr = m instanceof ConsensusMessage.VoteMessage v ? v.vote().round() : ((ConsensusMessage.ProposalMessage) m).proposal().round();
    int cmp = mh.compareTo(height);
    if (cmp < 0 || (cmp == 0 && snapshot.decision().isPresent())) {
      return false; // stale (late precommits for a decided height are not collected yet)
    }
    if (cmp > 0) {
      return buffer(received, mh);
    }
    if ((long) mr.value() > (long) snapshot.round().value() + config.maxRoundsAhead()) {
      return false; // far-future round: dropped, bounded memory
    }
    if (m instanceof ConsensusMessage.VoteMessage v) {
      apply(new Input.VoteReceived(v.vote()));
    } else {
      ConsensusMessage.ProposalMessage p = (ConsensusMessage.ProposalMessage) m;
      boolean valid = isValid(p.proposal(), p.block());
      if (valid) {
        encodedProposals.putIfAbsent(p.proposal(), received.raw()); // see encoded(): relayed as received
      }
      apply(new Input.ProposalReceived(p.proposal(), valid, isTimely(p.proposal(), p.block(), received.arrived())));
    }
    return false;
  }

  private static Height heightOf(ConsensusMessage m) {
    return m instanceof ConsensusMessage.VoteMessage v ? v.vote().height() : ((ConsensusMessage.ProposalMessage) m).proposal().height();
  }

  private boolean buffer(Received m, Height mh) {
    long ahead = height == null ? 0 : mh.value() - height.value();
    if (ahead > config.maxFutureHeights() || buffered >= config.maxBufferedMessages()) {
      return false;
    }
    future.computeIfAbsent(mh.value(), k -> new ArrayList<>()).add(m);
    buffered++;
    return true;
  }

  /** valid(v): the block names its builder (the proposer, or for a re-proposal any validator), carries a good lastCommit and valid evidence, and passes Blockchain.validate. Cached by hash. */
  private boolean isValid(Proposal p, Block block) {
    Hash hash = block.hash();
    if (blocks.containsKey(hash)) {
      return true;
    }
    Boolean known = validity.get(hash);
    if (known != null) {
      return known;
    }
    // Only a correctly signed proposal of the round's proposer is worth executing; the machine rejects the rest anyway.
    ProposalKey key = ProposalKey.of(p);
    Validator roundProposer = priorities.proposer(p.round());
    if (!p.proposer().equals(roundProposer.address())) {
      proposalsSeen.add(key); // named by a validator who does not propose this round: every copy is refused alike
      return false;
    }
    if (!p.verify(signer.chainId(), roundProposer, signer.curve())) {
      return false; // a forgery naming the round's proposer must not shut out its real proposal: not marked
    }
    proposalsSeen.add(key); // §10 "Relay": further copies are dropped undecoded

    boolean ok = checkBlock(p, block);
    validity.put(hash, ok);
    return ok;
  }

  /**
   * A fresh proposal's timestamp against our clock (consensus.md §10 "Timely proposals"); a re-proposal
   * (validRound ≥ 0) is judged by its polka, not by the clock. Not cached: the clock moves.
   */
  private boolean isTimely(Proposal p, Block block, Instant arrived) {
    if (!p.validRound().isNil()) {
      return true;
    }
    boolean timely = config.timeliness().isTimely(block.header().timestamp(), arrived, p.round().value());
    if (!timely) {
      LOG.info("Proposal {} round {} is not timely: block timestamp {} s, arrived at {} s: prevoting nil", hash(block),
          p.round(), block.header().timestamp(), arrived.getEpochSecond());
    }
    return timely;
  }

  private boolean checkBlock(Proposal p, Block block) {
    // A fresh proposal (validRound nil) must name its own signer. A re-proposal of a valid value
    // (L16: validRound >= 0) carries the block an earlier round's proposer built, which names that
    // builder: any validator of this height is acceptable there, or a re-proposal could never pass.
    boolean namesItsBuilder = p.validRound().isNil()
        ? block.header().proposer().equals(p.proposer())
        : validators.contains(block.header().proposer());
    if (!namesItsBuilder) {
      LOG.warn("Block {} names proposer {} but was proposed by {} (validRound {})", hash(block),
          block.header().proposer(), p.proposer(), p.validRound());
      return false;
    }
    CommitCheck lc = block.number() <= 1 ? commitVerifier.verifyLastCommit(block.header(), validators)
        : commitVerifier.verifyLastCommit(block.header(), validatorSets.validatorsAt(Height.of(block.number() - 1)));
    if (!lc.isValid()) {
      LOG.warn("Block {} carries a bad lastCommit: {}", hash(block), lc);
      return false;
    }
    Optional<String> badEvidence = evidence.verify(block.evidence(), block.number());
    if (badEvidence.isPresent()) {
      LOG.warn("Block {} carries invalid evidence: {}", hash(block), badEvidence.get());
      return false;
    }
    BlockValidationResult r = chain.validate(block);
    if (!r.isValid()) {
      LOG.warn("Block {} is invalid: {} {}", hash(block), r.invalidity().orElseThrow(), r.detail());
      return false;
    }
    blocks.put(block.hash(), r.block().orElseThrow());
    return true;
  }

  private static String hash(Block b) {
    return "#" + b.number() + " " + b.hash();
  }

  private void apply(Input input) {
    Deque<Output> queue = new ArrayDeque<>(machine.apply(input));
    while (!queue.isEmpty()) {
      Output o = queue.poll();
      if (o instanceof Output.RequestValue rv) {
        buildValue(rv).ifPresent(v -> queue.addAll(machine.apply(v)));
      } else if (o instanceof Output.PersistLock pl) {
        persistLock(pl.lock());
      } else if (o instanceof Output.BroadcastProposal bp) {
        ExecutedBlock b = blocks.get(bp.proposal().value());
        if (b == null) {
          throw new IllegalStateException("proposing a block we do not hold: " + bp.proposal());
        }
        byte[] bytes = encoded(bp.proposal(), b);
        own.proposal(bp.proposal().round(), bp.proposal().value(), bytes);
        send(bytes);
      } else if (o instanceof Output.BroadcastVote bv) {
        byte[] bytes = codec.encodeVote(bv.vote()).toArrayUnsafe();
        own.vote(bv.vote().round(), bv.vote().type(), bytes);
        send(bytes);
      } else if (o instanceof Output.ScheduleTimeout st) {
        Input.Timeout t = new Input.Timeout(st.step(), st.height(), st.round());
        scheduler.schedule(() -> {
          if (!closed && height != null && height.equals(t.height())) {
            apply(t);
          }
        }, st.duration());
      } else if (o instanceof Output.Decide d) {
        decide(d);
      } else if (o instanceof Output.RelayVote rv) {
        relay(codec.encodeVote(rv.vote()).toArrayUnsafe()); // the canonical encoding: the bytes its signer sent
      } else if (o instanceof Output.RelayProposal rp) {
        ExecutedBlock b = blocks.get(rp.proposal().value()); // valid proposals' blocks are kept
        if (b != null) {
          relay(encoded(rp.proposal(), b));
        }
      } else if (o instanceof Output.EvidenceFound e) {
        LOG.warn("Equivocation by {}: {} / {}", e.evidence().voteA().validator(), e.evidence().voteA(), e.evidence().voteB());
        evidence.add(e.evidence());
        events.evidence(e.evidence());
      } else if (o instanceof Output.SigningRefused sr) {
        LOG.warn("Signer refused {} at h={} r={}: {} {}", sr.what(), sr.height(), sr.round(), sr.reason(), sr.detail());
        events.signingRefused(sr);
      } else if (o instanceof Output.RoundStarted rs) {
        // Visible at once (metrics, status), not only after this task ends: building our block comes next.
        snapshot = machine.state();
        LOG.debug("Height {} round {} proposer {}", rs.height(), rs.round(), rs.proposer());
      } else if (o instanceof Output.VoteRejected vr) {
        LOG.debug("Vote rejected ({}): {}", vr.reason(), vr.vote());
      } else if (o instanceof Output.ProposalRejected pr) {
        LOG.debug("Proposal rejected ({}): {}", pr.reason(), pr.proposal());
      }
    }
    snapshot = machine.state();
  }

  /** Another validator's message, passed on (§10 "Relay"); after a failed lock save nothing leaves at all (§8.1). */
  private void relay(byte[] message) {
    if (lockFailure == null) {
      network.relay(message);
    }
  }

  /**
   * The §9 encoding of a proposal with its block, made once per height: the same proposal is broadcast or relayed,
   * then written into the lock record just before the precommit (up to 480 KiB each time). A valid proposal from a
   * peer is kept here as received (its bytes are the canonical encoding: the codec checked), so relaying it encodes
   * nothing.
   */
  private byte[] encoded(Proposal p, ExecutedBlock b) {
    return encodedProposals.computeIfAbsent(p, k -> codec.encodeProposal(k, b.block()).toArrayUnsafe());
  }

  private void send(byte[] message) {
    if (lockFailure == null) { // spec §8.1: after a failed lock save nothing leaves, so no precommit outruns its lock
      network.broadcast(message);
    }
  }

  /**
   * Catch-up (docs/spec/consensus.md §10): while {@code h} is undecided, broadcast our own latest
   * messages again every {@code catchUpInterval} (with our precommit and proposal of h-1, for a peer still there).
   * One timer chain per height; it ends at the decision.
   */
  private void scheduleCatchUp(Height h) {
    if (config.catchUpInterval().isNegative() || config.catchUpInterval().isZero()) {
      return;
    }
    scheduler.schedule(() -> {
      if (closed || !h.equals(height) || machine.state().decision().isPresent()) {
        return; // stopped, a later height (it has its own timer), or decided: nothing more of h is sent
      }
      own.toResend().forEach(this::send);
      scheduleCatchUp(h);
    }, config.catchUpInterval());
  }

  // ---- the lock across restarts (docs/spec/consensus.md §8.1) ----

  /** The record on disk, checked (chain, checksum, shape); a damaged one stops consensus here. */
  private Optional<LockRecord> loadLock() {
    try {
      return locks.load();
    } catch (CorruptLockRecordException e) {
      stopOnCorruptLock(e);
      throw e;
    }
  }

  private void stopOnCorruptLock(CorruptLockRecordException e) {
    LOG.error("Consensus stopped: the lock record cannot be trusted ({}). Repair or remove it only if you know this "
        + "validator did not precommit at that height.", e.getMessage());
    close();
  }

  /**
   * The lock to start {@code h} with: the record's if it is for {@code h}, its proposal decodes and
   * matches it, and its block is valid(v) again (the engine's blocks then hold it, so it can be
   * re-proposed and committed). A record of a lower height is of a decided height: ignored. A higher
   * one waits for its height.
   */
  private Optional<LockState> restoreLock(Height h) {
    if (lockOnDisk.isEmpty() || lockOnDisk.get().height().compareTo(h) > 0) {
      return Optional.empty();
    }
    LockRecord r = lockOnDisk.get();
    lockOnDisk = Optional.empty();
    if (r.height().compareTo(h) < 0) {
      LOG.debug("Lock record of height {} is stale at height {}: ignored", r.height(), h);
      return Optional.empty();
    }
    try {
      DecodeOutcome<ConsensusMessage> d = codec.decode(r.validProposal(), decoding.recovery(), decoding.known());
      if (!(d instanceof DecodeOutcome.Ok<ConsensusMessage> ok) || !(ok.value() instanceof ConsensusMessage.ProposalMessage pm)) {
        throw new CorruptLockRecordException("the lock record's proposal does not decode: " + d);
      }
      Proposal p = pm.proposal();
      if (!p.height().equals(h) || !p.round().equals(r.validRound()) || !p.value().equals(r.validValue())) {
        throw new CorruptLockRecordException("the lock record's proposal " + p + " is not its valid value " + r.validValue()
            + " of round " + r.validRound());
      }
      if (!isValid(p, pm.block())) {
        throw new CorruptLockRecordException("the block of the lock record " + r.validValue() + " is not valid at height " + h);
      }
      LockState lock;
      try {
        List<Vote> polka = new ArrayList<>();
        for (Bytes raw : r.polka()) {
          if (!(codec.decode(raw) instanceof DecodeOutcome.Ok<ConsensusMessage> v
              && v.value() instanceof ConsensusMessage.VoteMessage vm)) {
            throw new CorruptLockRecordException("a prevote of the lock record's polka does not decode");
          }
          polka.add(vm.vote());
        }
        lock = new LockState(h, r.lockedValue(), r.lockedRound(), r.validValue(), r.validRound(), p, polka);
      } catch (IllegalArgumentException e) {
        throw new CorruptLockRecordException("inconsistent lock record: " + e.getMessage(), e);
      }
      LOG.info("Restored the lock of height {}: locked {} in round {}, valid {} in round {}", h,
          r.lockedValue().map(Hash::toHex).orElse("nothing"), r.lockedRound(), r.validValue(), r.validRound());
      return Optional.of(lock);
    } catch (CorruptLockRecordException e) {
      stopOnCorruptLock(e);
      throw e;
    }
  }

  /** Durable before the outputs after it (the precommit) are handled; on failure nothing is sent any more. */
  private void persistLock(LockState lock) {
    if (lockFailure != null) {
      return;
    }
    ExecutedBlock b = blocks.get(lock.validValue());
    if (b == null) {
      throw new IllegalStateException("locking on a block we do not hold: " + lock.validValue());
    }
    LockRecord r = new LockRecord(signer.chainId(), lock.height(), lock.lockedRound(), lock.lockedValue(), lock.validRound(),
        lock.validValue(), Bytes.wrap(encoded(lock.validProposal(), b)),
        lock.polka().stream().map(codec::encodeVote).toList());
    try {
      locks.save(r);
    } catch (IOException | RuntimeException e) {
      lockFailure = "the lock of height " + lock.height() + " round " + lock.validRound() + " could not be saved: " + e;
      LOG.error("Consensus sends nothing more until restarted: {}", lockFailure);
      events.lockNotSaved(lockFailure);
    }
  }

  /** L18 getValue(): build a block on the head with the previous height's commit. */
  private Optional<Input> buildValue(Output.RequestValue rv) {
    Bytes commitBytes;
    if (rv.height().value() == 1) {
      commitBytes = Bytes.EMPTY;
    } else if (lastCommit != null && lastCommit.height().value() == rv.height().value() - 1) {
      commitBytes = CommitCodec.encode(lastCommit);
    } else {
      // After a restart without the head's seen commit we cannot build a verifiable block: let the round time out.
      LOG.warn("Not proposing at height {} round {}: the commit of height {} is unknown", rv.height(), rv.round(),
          rv.height().value() - 1);
      return Optional.empty();
    }
    if (prebuilt != null && rv.height().value() == prebuilt.block().number()) {
      ExecutedBlock b = prebuilt;
      prebuilt = null;
      keepOwn(b, prebuiltNanos);
      LOG.debug("Proposing block #{} {} with {} txs built ahead, for round {}", b.block().number(), b.block().hash(),
          b.block().transactions().size(), rv.round());
      return Optional.of(new Input.ValueProposed(rv.height(), rv.round(), b.block().hash()));
    }
    Optional<ExecutedBlock> built = build(rv.height(), commitBytes);
    built.ifPresent(b -> {
      keepOwn(b, lastBuildNanos);
      LOG.debug("Built block #{} {} with {} txs for round {}", b.block().number(), b.block().hash(),
          b.block().transactions().size(), rv.round());
    });
    return built.map(b -> new Input.ValueProposed(rv.height(), rv.round(), b.block().hash()));
  }

  private void keepOwn(ExecutedBlock b, long nanos) {
    proposeNanos.put(b.block().hash(), nanos);
    blocks.put(b.block().hash(), b);
    validity.put(b.block().hash(), true);
  }

  /** Builds our block for {@code h} on the head; empty (logged) if that fails. Records the build time. */
  private Optional<ExecutedBlock> build(Height h, Bytes commitBytes) {
    try {
      List<Transaction> txs = withinBudget(
          pool.selectForBlock(chain.parameters().blockGasLimit(), chain.nextBaseFee(), chain.latestState()),
          config.maxBlockTxs(), config.maxBlockTxBytes());
      List<Bytes> proof = evidence.forBlock(h.value());
      long t0 = System.nanoTime();
      ExecutedBlock b = chain.propose(clock.instant().getEpochSecond(), signer.address(), commitBytes, proof, txs);
      lastBuildNanos = System.nanoTime() - t0;
      return Optional.of(b);
    } catch (RuntimeException e) {
      LOG.error("Building a block for height {} failed; the round will time out", h, e);
      return Optional.empty();
    }
  }

  /**
   * Building ahead (docs/spec/consensus.md §10): if we propose round 0 of the waiting height {@code h},
   * build its block now, during timeoutCommit, on the head just committed, with the commit we decided
   * it with. Only a candidate value: nothing is signed until the round asks for a value.
   */
  private void schedulePrebuild(Height h, Duration untilStart) {
    if (config.prebuildLead().isNegative() || !validatorSets.validatorsAt(h).contains(signer.address())
        || !validatorSets.prioritiesAt(h).proposer(Round.ZERO).address().equals(signer.address())) {
      return;
    }
    long leadNanos = Math.max(config.prebuildLead().toNanos(), 2 * lastBuildNanos);
    Duration wait = Duration.ofNanos(Math.max(0, untilStart.toNanos() - leadNanos));
    scheduler.schedule(() -> {
      if (closed || !h.equals(pending) || lastCommit == null || lastCommit.height().value() != h.value() - 1) {
        return; // already started (startNextHeightNow), or stopped
      }
      build(h, CommitCodec.encode(lastCommit)).ifPresent(b -> {
        prebuilt = b;
        prebuiltNanos = lastBuildNanos;
        LOG.debug("Built block #{} {} with {} txs ahead of its height", b.block().number(), b.block().hash(),
            b.block().transactions().size());
      });
    }, wait);
  }

  private void decide(Output.Decide d) {
    ExecutedBlock b = blocks.get(d.value());
    if (b == null) {
      throw new IllegalStateException("decided a block we did not validate: " + d.value());
    }
    long t0 = System.nanoTime();
    chain.commit(b);
    long committed = System.nanoTime();
    lastCommit = d.commit();
    own.decided(d.value(), d.commit().precommits().stream().filter(v -> v.validator().equals(signer.address())).findFirst()
        .map(v -> codec.encodeVote(v).toArrayUnsafe()).orElse(null));
    // Time to commit: from the start of the height (building or receiving, voting, executing) to durable.
    LOG.info("Committed block #{} {} txs={} gasUsed={} round={} signatures={}{} in {} ms", b.block().number(),
        b.block().hash(), b.block().transactions().size(), b.block().header().gasUsed(), d.commit().round(),
        d.commit().precommits().size(), b.block().evidence().isEmpty() ? "" : " evidence=" + b.block().evidence().size(),
        (committed - heightStarted) / 1_000_000);
    evidence.committed(b.block());
    events.committed(b, d.commit());
    Long built = proposeNanos.get(b.block().hash());
    if (built != null) {
      try {
        events.produced(b, built, committed - t0);
      } catch (RuntimeException e) {
        LOG.warn("Production listener failed", e);
      }
    }
    // Take the waiters first, then complete them: a waiter woken here may at once ask for the next block.
    List<CompletableFuture<ExecutedBlock>> waiting = new ArrayList<>();
    for (CompletableFuture<ExecutedBlock> f; (f = nextCommit.poll()) != null; ) {
      waiting.add(f);
    }
    waiting.forEach(f -> f.complete(b));
    Duration delay = nextHeightDelay();
    schedulePending(d.height().next(), delay);
    schedulePrebuild(d.height().next(), delay);
  }

  /** timeoutCommit after the decision, or (paced) what is left of it since the height started. */
  private Duration nextHeightDelay() {
    if (!config.paceFromHeightStart()) {
      return config.timeoutCommit();
    }
    long elapsed = Math.max(0, clock.millis() - heightStartedMillis);
    return Duration.ofMillis(Math.max(0, config.timeoutCommit().toMillis() - elapsed));
  }

  /**
   * The longest prefix of {@code txs} of at most {@code maxCount} transactions whose encodings fit in
   * {@code budget} bytes. A prefix keeps each sender's nonce order, so nothing selected depends on
   * something left out.
   */
  static List<Transaction> withinBudget(List<Transaction> txs, int maxCount, int budget) {
    long used = 0;
    for (int i = 0; i < txs.size(); i++) {
      if (i == maxCount) {
        return txs.subList(0, i);
      }
      used += txs.get(i).encoded().size();
      if (used > budget) {
        return txs.subList(0, i);
      }
    }
    return txs;
  }
}
