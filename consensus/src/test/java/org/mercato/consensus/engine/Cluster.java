package org.mercato.consensus.engine;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.apache.tuweni.bytes.Bytes;
import org.mercato.consensus.bft.TestValidators;
import org.mercato.consensus.bft.statemachine.Output;
import org.mercato.consensus.bft.statemachine.TimeoutConfig;
import org.mercato.consensus.bft.types.Commit;
import org.mercato.consensus.bft.types.DuplicateVoteEvidence;
import org.mercato.consensus.bft.types.Height;
import org.mercato.consensus.bft.types.Round;
import org.mercato.consensus.bft.types.Vote;
import org.mercato.state.crypto.Keccak;
import org.mercato.state.types.Hash;
import java.util.Optional;
import org.mercato.consensus.codec.ConsensusCodec;
import org.mercato.consensus.codec.ConsensusMessage;
import org.mercato.consensus.privval.FileLockRecordStore;
import org.mercato.consensus.privval.LockRecordStore;
import org.mercato.consensus.privval.FileSigningRecordStore;
import org.mercato.consensus.privval.GuardedSigner;
import org.mercato.state.block.Block;
import org.mercato.state.chain.ChainParameters;
import org.mercato.state.chain.ExecutedBlock;
import org.mercato.state.testing.TestChain;
import org.mercato.state.txpool.PoolHead;
import org.mercato.state.txpool.TransactionPool;
import org.mercato.state.txpool.TxPoolConfig;
import org.mercato.state.types.Wei;

/** n validators, each with a real chain over its own RocksDB, engines over an in-memory network on one manual scheduler. */
final class Cluster implements AutoCloseable {
  static final ConsensusCodec CODEC = new ConsensusCodec(TestChain.DECODER);
  static final BftConfig CONFIG = new BftConfig(TimeoutConfig.DEFAULT, Duration.ofSeconds(1), 64, 2, 10_000);

  final TestValidators vals;
  final ManualScheduler scheduler = new ManualScheduler(Instant.ofEpochSecond(2_000_000));
  final ValidatorSets sets;
  final ChainParameters params = TestChain.params(30_000_000, Wei.of(1_000_000_000L), Wei.of(1), TestChain.fund(5, 1_000));
  final Path dir;
  final Node[] nodes;
  /** Validators whose messages are neither sent nor delivered. */
  final Set<Integer> silent = new HashSet<>();
  /**
   * "Test builds that sign twice": after each vote these validators send, they also send a
   * conflicting vote for the same (height, round, type), signed with the bare key (no GuardedSigner).
   */
  final Set<Integer> doubleSigners = new HashSet<>();
  /**
   * Equivocators that hide it: each of their own votes goes to the even-indexed nodes only and a conflicting
   * twin to the odd-indexed ones, so no node receives both from them directly (consensus.md §10 "Relay").
   */
  final Set<Integer> splitSigners = new HashSet<>();
  /** Every message sent, with its sender (decoded), in order. */
  final List<Sent> sent = new ArrayList<>();
  /** A message for which this answers true on its way to a node (by index) is lost on that link. */
  java.util.function.BiPredicate<Sent, Integer> lost = (s, to) -> false;
  /** Told of each message as it leaves its sender, before anyone receives it. */
  java.util.function.Consumer<Sent> onSend = s -> {};

  record Sent(int from, ConsensusMessage message, Bytes bytes) {}

  final class Node implements BftEngine.Events {
    final int index;
    final TestChain chain;
    final TransactionPool pool;
    BftEngine engine;
    /** Proposals decoded inline, with the senders of transactions already in our pool reused, as the node does. */
    InboundDecoding decoding;
    BftConfig config = CONFIG;
    /** How far this node's clock is from the scheduler's simulated time (set, then {@link #newEngine}). */
    Duration clockSkew = Duration.ZERO;
    /** Where this node's lock is kept: a file beside its signing record, unless a test swaps it. */
    LockRecordStore locks;
    final List<ExecutedBlock> committed = new ArrayList<>();
    final List<Commit> commits = new ArrayList<>();
    final List<Output.SigningRefused> refused = new ArrayList<>();
    final List<DuplicateVoteEvidence> evidence = new ArrayList<>();
    final List<String> lockFailures = new ArrayList<>();
    /** What {@link BftEngine.Events#invalidMessage} reported, in order. */
    final List<org.mercato.consensus.codec.CodecError> invalid = new ArrayList<>();

    Node(int index) {
      this.index = index;
      this.chain = TestChain.open(dir.resolve("node" + index), params);
      this.pool = new TransactionPool(TxPoolConfig.defaults(TestChain.CHAIN_ID, params.blockGasLimit()),
          () -> new PoolHead(chain.chain().latestState(), chain.chain().nextBaseFee()));
      chain.chain().addListener(b -> pool.removeIncluded(b.block().transactions(), chain.chain().latestState()));
      this.decoding = new InboundDecoding(Runnable::run, Runnable::run, pool::get);
      this.locks = lockStore();
      this.engine = newEngine();
    }

    /** A new engine over the same chain and the same privval file: what a process restart builds. */
    BftEngine newEngine() {
      GuardedSigner signer = new GuardedSigner(vals.signer(index), new FileSigningRecordStore(dir.resolve("privval" + index)));
      return new BftEngine(chain.chain(), pool, signer, locks, sets, config, Clock.offset(scheduler.clock(), clockSkew),
          scheduler,
          bytes -> deliver(index, bytes), CODEC, decoding, this);
    }

    /** This node's lock record file, beside its signing record. */
    FileLockRecordStore lockStore() {
      return new FileLockRecordStore(dir.resolve("lock" + index), TestValidators.CHAIN);
    }

    /** Starts this node's engine, hands it {@code message} and runs what is due after each step. */
    void startAndReceive(byte[] message) {
      engine.start();
      scheduler.runDue();
      engine.onMessage(message);
      scheduler.runDue();
    }

    long head() {
      return chain.chain().head().number();
    }

    @Override
    public void committed(ExecutedBlock block, Commit commit) {
      committed.add(block);
      commits.add(commit);
    }

    @Override
    public void signingRefused(Output.SigningRefused r) {
      refused.add(r);
    }

    @Override
    public void evidence(DuplicateVoteEvidence e) {
      evidence.add(e);
    }

    @Override
    public void lockNotSaved(String detail) {
      lockFailures.add(detail);
    }

    @Override
    public void invalidMessage(org.mercato.consensus.codec.CodecError error, String detail) {
      invalid.add(error);
    }
  }

  Cluster(Path dir, int n) {
    this.dir = dir;
    long[] powers = new long[n];
    java.util.Arrays.fill(powers, 1);
    this.vals = TestValidators.withPowers(powers);
    this.sets = ValidatorSets.fixed(vals.set);
    this.nodes = new Node[n];
    for (int i = 0; i < n; i++) {
      nodes[i] = new Node(i);
    }
  }

  private void deliver(int from, byte[] bytes) {
    if (silent.contains(from)) {
      return;
    }
    ConsensusMessage m = CODEC.decode(Bytes.wrap(bytes)).orElseThrow();
    boolean ownVote = m instanceof ConsensusMessage.VoteMessage vm && vm.vote().validator().equals(vals.validator(from).address());
    boolean split = ownVote && splitSigners.contains(from);
    send(from, m, bytes, to -> !split || to % 2 == 0);
    if (ownVote && (doubleSigners.contains(from) || split)) {
      Vote v = ((ConsensusMessage.VoteMessage) m).vote();
      Optional<Hash> other = v.value().isPresent() ? Optional.empty() : Optional.of(Keccak.hash(Bytes.wrap("fork".getBytes())));
      Vote twin = vals.signer(from).vote(v.type(), v.height(), v.round(), other); // bare signer: no double-sign guard
      send(from, new ConsensusMessage.VoteMessage(twin), CODEC.encodeVote(twin).toArray(), to -> !split || to % 2 == 1);
    }
  }

  private void send(int from, ConsensusMessage m, byte[] bytes, java.util.function.IntPredicate to) {
    Sent s = new Sent(from, m, Bytes.wrap(bytes.clone()));
    onSend.accept(s);
    sent.add(s);
    for (Node n : nodes) {
      if (n.index != from && !silent.contains(n.index) && to.test(n.index) && !lost.test(s, n.index)) {
        n.engine.onMessage(bytes);
      }
    }
  }

  void startAll() {
    for (Node n : nodes) {
      if (!silent.contains(n.index)) {
        n.engine.start();
      }
    }
    scheduler.runDue();
  }

  /** Advances simulated time in 100 ms steps until {@code done} or {@code limit} passes; true if done. */
  boolean runUntil(BooleanSupplier done, Duration limit) {
    Duration step = Duration.ofMillis(100);
    for (long t = 0; t <= limit.toMillis(); t += step.toMillis()) {
      if (done.getAsBoolean()) {
        return true;
      }
      scheduler.advance(step);
    }
    return done.getAsBoolean();
  }

  /** Silences every validator but {@code me}, whose engine the test then drives by hand. */
  void silenceAllBut(int me) {
    for (int i = 0; i < nodes.length; i++) {
      if (i != me) {
        silent.add(i);
      }
    }
  }

  /** Silences every validator but {@code me} and starts its engine alone: the test hands it messages by hand. */
  Node startAlone(int me) {
    silenceAllBut(me);
    Node node = nodes[me];
    node.engine.start();
    scheduler.runDue();
    return node;
  }

  /** {@code proposer}'s signed proposal of {@code block} at (1, 0), as encoded bytes. */
  byte[] firstProposal(int proposer, Block block) {
    return CODEC.encodeProposal(
        vals.signer(proposer).proposal(Height.of(1), Round.ZERO, block.hash(), Round.NIL), block).toArrayUnsafe();
  }

  /** Every message {@code from} has sent so far, in order. */
  List<Sent> sentBy(int from) {
    return sent.stream().filter(s -> s.from() == from).toList();
  }

  /** What {@code from} sent of its own: its proposals and votes, not the votes of others it relayed (consensus.md §10). */
  List<Sent> ownBy(int from) {
    return sentBy(from).stream().filter(s -> signer(s.message()).equals(vals.validator(from).address())).toList();
  }

  /** Messages sent by anyone that {@code signer} signed (its own, and relays of its votes). */
  List<Sent> signedBy(int signer) {
    return sent.stream().filter(s -> signer(s.message()).equals(vals.validator(signer).address())).toList();
  }

  static org.mercato.state.types.Address signer(ConsensusMessage m) {
    return m instanceof ConsensusMessage.VoteMessage v ? v.vote().validator()
        : ((ConsensusMessage.ProposalMessage) m).proposal().proposer();
  }

  List<Node> running() {
    return java.util.Arrays.stream(nodes).filter(n -> !silent.contains(n.index)).toList();
  }

  @Override
  public void close() {
    for (Node n : nodes) {
      n.engine.close();
      n.chain.close();
    }
  }
}
