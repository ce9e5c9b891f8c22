package org.mercato.node.network;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.apache.tuweni.bytes.Bytes;
import org.mercato.consensus.bft.types.ChainId;
import org.mercato.consensus.bft.types.Commit;
import org.mercato.consensus.bft.types.ConsensusSigner;
import org.mercato.consensus.bft.types.ValidatorSet;
import org.mercato.consensus.codec.ConsensusCodec;
import org.mercato.consensus.engine.BftConfig;
import org.mercato.consensus.engine.BftEngine;
import org.mercato.consensus.engine.CommitVerifier;
import org.mercato.consensus.engine.ConsensusNetwork;
import org.mercato.consensus.engine.ConsensusScheduler;
import org.mercato.consensus.engine.InboundDecoding;
import org.mercato.consensus.engine.RecoveryMemo;
import org.mercato.consensus.engine.ValidatorSets;
import org.mercato.consensus.privval.FileLockRecordStore;
import org.mercato.consensus.privval.FileSigningRecordStore;
import org.mercato.consensus.privval.GuardedSigner;
import org.mercato.node.config.NetworkConfig;
import org.mercato.node.consensusrpc.ConsensusSource;
import org.mercato.p2p.crypto.NodeId;
import org.mercato.p2p.crypto.NodeKey;
import org.mercato.p2p.gossip.GossipConfig;
import org.mercato.p2p.gossip.TxGossip;
import org.mercato.p2p.peer.DisconnectReason;
import org.mercato.p2p.peer.Peer;
import org.mercato.p2p.peer.SendResult;
import org.mercato.p2p.peer.PeerAddress;
import org.mercato.p2p.sync.BlockSync;
import org.mercato.p2p.sync.SyncCodec;
import org.mercato.p2p.sync.SyncConfig;
import org.mercato.p2p.sync.SyncListener;
import org.mercato.p2p.sync.SyncMessage;
import org.mercato.p2p.sync.SyncProgress;
import org.mercato.p2p.transport.ChannelDescriptor;
import org.mercato.p2p.transport.ChannelRouter;
import org.mercato.p2p.transport.P2pConfig;
import org.mercato.p2p.transport.P2pListener;
import org.mercato.p2p.transport.P2pTransport;
import org.mercato.p2p.transport.TransportStats;
import org.mercato.p2p.wire.MessageResult;
import org.mercato.state.chain.Blockchain;
import org.mercato.state.crypto.KeyPair;
import org.mercato.state.crypto.Secp256k1;
import org.mercato.state.tx.TransactionDecoder;
import org.mercato.state.txpool.TransactionPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The validator network of one node (docs/architecture.md, node): the p2p transport with a
 * {@link ChannelRouter} (consensus 0x00 → {@link BftEngine}, mempool 0x01 → {@link TxGossip},
 * blocksync 0x02 → {@link BlockSync}), block sync first and consensus from {@code caughtUp} on.
 *
 * <ul>
 *   <li><b>Signing</b>: a {@link GuardedSigner} over the validator key with its record in
 *       {@code DATA/priv_validator_state.bin}; its lock in {@code DATA/priv_validator_lock.bin}
 *       (docs/spec/consensus.md §8.1). A node whose key is not in the set runs the same engine;
 *       the machine never signs for a non-member, so it follows the chain as a full node.
 *   <li><b>Inbound proposals</b> are decoded on one "consensus-decode" thread (queue of
 *       {@value #PROPOSAL_QUEUE}), senders recovered on "consensus-recover" threads and skipped for
 *       transactions already in the pool ({@link InboundDecoding}); the netty event loop only frames
 *       bytes and decodes votes.
 *   <li><b>Recent consensus messages</b> (last {@value #RECENT_SECONDS} s, bounded) are kept and
 *       replayed into a newly started engine, so the proposal and votes of the height it starts at
 *       are not lost while block sync ran (the engine drops stale heights and buffers near ones).
 *   <li><b>Our own broadcasts</b> of the same window (≤ 8 MiB) are sent again to a peer when it
 *       connects, so a vote sent before every peer was connected (start-up, a redial) is not lost at
 *       once; the engine also broadcasts its own messages of an undecided height again every
 *       {@code [consensus] catch_up_interval} (docs/spec/consensus.md §10 "Catch-up").
 *   <li><b>Falling behind</b>: if a peer reports a head two or more blocks above ours (Status on
 *       the blocksync channel), the engine is stopped and a new block sync runs; consensus restarts
 *       on its {@code caughtUp} with the replayed messages. This is what a restarted validator does.
 *   <li><b>Seen commit</b>: the commit of the head is written to {@code DATA/seen_commit.rlp} on every
 *       decision and passed to the engine on start ({@link SeenCommitFile}, shared with the dev node).
 *   <li>No persistent peers: consensus starts at once (a one-validator network); otherwise it waits
 *       for block sync, which needs at least one peer's Status.
 * </ul>
 */
public final class ValidatorNetwork implements AutoCloseable {
  private volatile ProductionListener production = ProductionListener.NONE;

  /** Where the build and commit times of the blocks this validator proposes go (metrics). */
  public void onProduced(ProductionListener listener) {
    this.production = listener;
  }

  private static final Logger LOG = LoggerFactory.getLogger(ValidatorNetwork.class);
  static final int CONSENSUS_CHANNEL = 0x00;
  static final long RECENT_SECONDS = 30;
  private static final int RECENT_MAX_MESSAGES = 4_096;
  private static final long RECENT_MAX_BYTES = 64L << 20;
  private static final long SENT_MAX_BYTES = 8L << 20;
  /** Proposals waiting to be decoded (each ≤ 1 MiB); more are dropped with a warning. */
  private static final int PROPOSAL_QUEUE = 32;
  private static final int RECOVERY_THREADS = Math.max(2, Runtime.getRuntime().availableProcessors());

  /**
   * What the node passes in. {@code outgoingForTesting} is a <b>test hook, not for production use</b>:
   * it wraps what consensus broadcasts (a test builds a double-signing validator with it); the
   * production constructor passes {@link UnaryOperator#identity()}, so messages go out unchanged.
   */
  public record Settings(KeyPair validatorKey, NodeKey nodeKey, ValidatorSet validators, NetworkConfig network,
      UnaryOperator<ConsensusNetwork> outgoingForTesting) {
    public Settings {
      Objects.requireNonNull(outgoingForTesting);
    }

    public Settings(KeyPair validatorKey, NodeKey nodeKey, ValidatorSet validators, NetworkConfig network) {
      this(validatorKey, nodeKey, validators, network, UnaryOperator.identity());
    }

    /** <b>Test hook, not for production use</b>: these settings with consensus broadcasts going through {@code wrap}. */
    public Settings withOutgoingForTesting(UnaryOperator<ConsensusNetwork> wrap) {
      return new Settings(validatorKey, nodeKey, validators, network, wrap);
    }
  }

  private final Blockchain chain;
  private final TransactionPool pool;
  private final TransactionDecoder decoder;
  private final Settings settings;
  private final Clock clock;
  private final ChainId chainId;
  private final long networkId;
  private final ValidatorSets sets;
  private final RecoveryMemo signatures;
  private final GuardedSigner signer;
  private final FileLockRecordStore locks;
  private final CommitVerifier commitVerifier;
  private final StateCommitVerifier stateVerifier;
  private final ConsensusCodec codec;
  private final BftConfig bftConfig;
  private final SeenCommitFile seenCommit;
  private final ScheduledExecutorService consensusThread;
  private final ConsensusScheduler scheduler;
  private final ExecutorService workers;
  private final ThreadPoolExecutor proposalDecoder; // one proposal at a time, a bounded queue
  private final ExecutorService senderRecovery;    // consensus's own: never queued behind gossip decoding
  private final ScheduledExecutorService watchdog;
  private final ConsensusNetwork outgoing; // this::broadcast unless a test wraps it

  private final Object lock = new Object();
  private final Deque<Recent> recent = new ArrayDeque<>(); // guarded by lock
  private long recentBytes;                                // guarded by lock
  private final Deque<Recent> sent = new ArrayDeque<>();   // guarded by lock: what we broadcast recently
  private long sentBytes;                                  // guarded by lock
  private BftEngine engine;                                // guarded by lock
  private final Map<NodeId, Long> peerHeads = new ConcurrentHashMap<>();
  private final Map<NodeId, byte[]> peerStatus = new ConcurrentHashMap<>();
  private volatile BlockSync sync;
  private volatile boolean resyncing;
  private volatile boolean closed;
  private volatile boolean partitioned; // test hook only: see partitionForTesting
  private TxGossip gossip;
  private final TxGossip.Stats gossipStats = new TxGossip.Stats();
  private final TransportStats transportStats = new TransportStats();
  private final ConsensusRecords consensusRecords;
  private P2pTransport transport;

  private record Recent(long nanos, byte[] bytes) {}

  public ValidatorNetwork(Blockchain chain, TransactionPool pool, TransactionDecoder decoder, Secp256k1 curve, Settings settings,
      Path dataDir, Clock clock) {
    this.chain = chain;
    this.pool = pool;
    this.decoder = decoder;
    this.settings = settings;
    this.clock = clock;
    this.networkId = chain.parameters().chainId();
    this.chainId = chainIdOf(networkId);
    this.sets = ValidatorSets.fixed(settings.validators());
    this.consensusRecords = new ConsensusRecords(chain, sets);
    // Consensus signatures are recovered once, on the threads that receive them, in parallel; the
    // consensus thread's checks then find them here (docs/spec/consensus.md §3 "Signature checks").
    this.signatures = new RecoveryMemo(curve);
    this.signer = new GuardedSigner(new ConsensusSigner(chainId, settings.validatorKey(), signatures),
        new FileSigningRecordStore(dataDir.resolve("priv_validator_state.bin")));
    this.locks = new FileLockRecordStore(dataDir.resolve(FileLockRecordStore.FILE_NAME), chainId);
    locks.load(); // a damaged lock record stops the node here, as a damaged signing record does (consensus.md §8.1)
    this.senderRecovery = Executors.newFixedThreadPool(RECOVERY_THREADS, r -> daemon(r, "consensus-recover"));
    this.commitVerifier = new CommitVerifier(chainId, signatures, senderRecovery);
    this.stateVerifier = new StateCommitVerifier(commitVerifier, sets);
    this.codec = new ConsensusCodec(decoder);
    this.bftConfig = settings.network().bftConfig();
    this.seenCommit = new SeenCommitFile(dataDir, chain, sets, commitVerifier, signer);
    this.consensusThread = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "consensus"));
    this.scheduler = ConsensusScheduler.of(consensusThread);
    this.workers = Executors.newFixedThreadPool(2, r -> daemon(r, "p2p-worker"));
    this.proposalDecoder = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
        new ArrayBlockingQueue<>(PROPOSAL_QUEUE), r -> daemon(r, "consensus-decode"));
    this.watchdog = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "sync-watchdog"));
    this.outgoing = Objects.requireNonNull(settings.outgoingForTesting().apply(new ConsensusNetwork() {
      @Override
      public void broadcast(byte[] message) {
        ValidatorNetwork.this.broadcast(message);
      }

      @Override
      public void relay(byte[] message) {
        sendToPeers(message); // others' messages are not ours to replay to connecting peers
      }
    }));
  }

  /** The chain id consensus signatures bind to: {@code mercato-<chainId>}. */
  public static ChainId chainIdOf(long chainId) {
    return new ChainId("mercato-" + chainId);
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  /** Binds the p2p port, dials the persistent peers, starts block sync (or consensus at once without peers). */
  public void start() {
    List<PeerAddress> peers = settings.network().persistentPeers().stream().map(PeerAddress::parse).toList();
    gossip = TxGossip.start(GossipConfig.defaults(), pool, decoder, workers, gossipStats);
    sync = newSync();
    ChannelRouter router = new ChannelRouter()
        .route(SyncConfig.BLOCKSYNC_CHANNEL, new SyncChannel())
        .route(GossipConfig.MEMPOOL_CHANNEL, gossip)
        .route(CONSENSUS_CHANNEL, new ConsensusChannel());
    List<ChannelDescriptor> channels = List.of(
        new ChannelDescriptor(CONSENSUS_CHANNEL, "consensus", 0, 1_024, 16L << 20),
        new ChannelDescriptor(GossipConfig.MEMPOOL_CHANNEL, "mempool", 1, 4_096, 32L << 20),
        new ChannelDescriptor(SyncConfig.BLOCKSYNC_CHANNEL, "blocksync", 2, 256, 64L << 20));
    try {
      transport = P2pTransport.start(P2pConfig.defaults(settings.nodeKey(), networkId, settings.network().p2pHost(),
          settings.network().p2pPort(), channels).withPersistentPeers(peers).withKeepAlive(settings.network().keepAlive())
          .withRecvRate(settings.network().recvRate()).withStats(transportStats), router);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while binding the p2p port", e);
    }
    LOG.info("Validator network: node {} on {}, {} persistent peers, {}; validator {} {}", transport.nodeId(),
        transport.localAddress(), peers.size(), settings.validators(), signer.address(),
        isValidator() ? "(in the set)" : "(not in the set: following as a full node)");
    if (peers.isEmpty()) {
      LOG.info("No persistent peers: starting consensus at once");
      scheduleConsensusStart();
    }
    watchdog.scheduleWithFixedDelay(this::checkBehind, 500, 250, TimeUnit.MILLISECONDS);
  }

  public boolean isValidator() {
    return settings.validators().contains(signer.address());
  }

  /** The address this node signs with (a member of the set or not). */
  public org.mercato.state.types.Address validatorAddress() {
    return signer.address();
  }

  public int peerCount() {
    P2pTransport t = transport;
    return t == null ? 0 : t.peers().size();
  }

  /** {@code ID@HOST:PORT} of this node. */
  public PeerAddress selfAddress() {
    return transport.selfAddress();
  }

  /** True once consensus runs (after block sync caught up). */
  public boolean consensusRunning() {
    synchronized (lock) {
      return engine != null;
    }
  }

  /** Validator sets and the head's commit, for the consensus RPC. */
  public ConsensusSource consensusSource() {
    return consensusRecords;
  }

  /** Closed connections by reason, keep-alive Pings and receive pauses of the transport since start. For metrics. */
  public TransportStats transportStats() {
    return transportStats;
  }

  /** What transaction gossip received, admitted and sent since start. For metrics. */
  public TxGossip.Stats gossipStats() {
    return gossipStats;
  }

  /** The round consensus is in at its current height; 0 while it does not run (block sync). For metrics. */
  public long consensusRound() {
    BftEngine e;
    synchronized (lock) {
      e = engine;
    }
    return e == null ? 0 : e.roundState().round().value();
  }

  /** The height block sync is fetching up to while it syncs; 0 once caught up (consensus runs). For metrics. */
  public long syncTarget() {
    BlockSync s = sync;
    if (s == null || closed) {
      return 0;
    }
    SyncProgress p = s.progress();
    return p.state() == SyncProgress.State.SYNCING ? p.target() : 0;
  }

  public StateCommitVerifier stateCommitVerifier() {
    return stateVerifier;
  }

  /**
   * <b>Test hook, not for production use.</b> {@code true} cuts this node off: every peer connection
   * is closed, a new one is closed as soon as it is admitted, and no consensus or sync message is
   * sent or accepted. {@code false} lifts that and re-dials the persistent peers at once.
   */
  public void partitionForTesting(boolean cut) {
    partitioned = cut;
    P2pTransport t = transport;
    if (t == null) {
      return;
    }
    if (cut) {
      t.peers().forEach(Peer::disconnect);
      LOG.warn("TEST HOOK: node partitioned from the network");
    } else {
      LOG.warn("TEST HOOK: partition healed, re-dialling the persistent peers");
      for (String a : settings.network().persistentPeers()) {
        t.dial(PeerAddress.parse(a)).exceptionally(e -> null);
      }
    }
  }

  private BlockSync newSync() {
    return BlockSync.start(SyncConfig.defaults(), chain, stateVerifier, decoder, workers, new SyncListener() {
      @Override
      public void caughtUp(long height) {
        scheduleConsensusStart();
      }
    });
  }

  private void scheduleConsensusStart() {
    if (!closed) {
      consensusThread.execute(this::startConsensus);
    }
  }

  /** On the consensus thread: a new engine at head + 1, fed the recent messages. */
  private void startConsensus() {
    if (closed) {
      return;
    }
    BftEngine e = new BftEngine(chain, pool, signer, locks, sets, bftConfig, clock, scheduler, outgoing, codec,
        new InboundDecoding(proposalDecoder, senderRecovery, pool::get), new BftEngine.Events() {
          @Override
          public void committed(org.mercato.state.chain.ExecutedBlock block, Commit commit) {
            seenCommit.write(commit);
            consensusRecords.record(commit);
          }

          @Override
          public void produced(org.mercato.state.chain.ExecutedBlock block, long proposeNanos, long commitNanos) {
            production.onProduced(block, proposeNanos, commitNanos);
          }
        });
    List<byte[]> replay = new ArrayList<>();
    synchronized (lock) {
      if (engine != null) {
        return;
      }
      engine = e;
      pruneRecent(System.nanoTime());
      recent.forEach(r -> replay.add(r.bytes()));
    }
    resyncing = false;
    Optional<Commit> seen = seenCommit.read();
    seen.ifPresent(consensusRecords::record);
    LOG.info("Consensus starting at height {} ({} recent messages replayed, seen commit {})", chain.head().number() + 1,
        replay.size(), seen.isPresent() ? "known" : "unknown");
    e.start(seen);
    for (byte[] m : replay) {
      e.onMessage(m);
    }
  }

  private void broadcast(byte[] message) {
    P2pTransport t = transport;
    if (t == null || partitioned) {
      return;
    }
    synchronized (lock) {
      long now = System.nanoTime();
      // The engine's catch-up sends the same array again every catch_up_interval (consensus.md §10): keep one copy,
      // so a slow height's re-sent proposal does not crowd the rest out of what a connecting peer gets.
      if (sent.removeIf(r -> r.bytes() == message)) {
        sentBytes -= message.length;
      }
      sent.addLast(new Recent(now, message));
      sentBytes += message.length;
      pruneSent(now);
    }
    sendToPeers(message);
  }

  private void sendToPeers(byte[] message) {
    P2pTransport t = transport;
    if (t == null || partitioned) {
      return;
    }
    for (Peer p : t.peers()) {
      SendResult r = p.send(CONSENSUS_CHANNEL, message);
      if (r != SendResult.QUEUED && r != SendResult.CLOSED) {
        // A dropped consensus message can stall a height; say so instead of failing silently.
        LOG.warn("Consensus message of {} bytes not sent to {}: {}", message.length, p.id(), r);
      }
    }
  }

  /** Our broadcasts of the last {@value #RECENT_SECONDS} s, at most {@value #SENT_MAX_BYTES} bytes. */
  private void pruneSent(long now) {
    long oldest = now - TimeUnit.SECONDS.toNanos(RECENT_SECONDS);
    while (!sent.isEmpty() && (sent.size() > RECENT_MAX_MESSAGES || sentBytes > SENT_MAX_BYTES
        || sent.peekFirst().nanos() < oldest)) {
      sentBytes -= sent.pollFirst().bytes().length;
    }
  }

  // ---- catching up when consensus fell behind ----

  private void checkBehind() {
    try {
      if (closed || resyncing) {
        return;
      }
      long head = chain.head().number();
      long best = peerHeads.values().stream().mapToLong(Long::longValue).max().orElse(-1);
      boolean running;
      synchronized (lock) {
        running = engine != null;
      }
      if (running && best >= head + 2) {
        resyncing = true;
        LOG.info("Consensus is behind (head {}, a peer has {}): back to block sync", head, best);
        consensusThread.execute(this::resync);
      }
    } catch (RuntimeException e) {
      LOG.warn("sync watchdog failed", e);
    }
  }

  /** On the consensus thread: stop the engine, run a fresh block sync, fed the peers and their last Status. */
  private void resync() {
    if (closed) {
      return;
    }
    synchronized (lock) {
      if (engine != null) {
        engine.close();
        engine = null;
      }
    }
    BlockSync old = sync;
    BlockSync next = newSync();
    sync = next;
    old.close();
    for (Peer p : transport.peers()) {
      next.peerConnected(p);
      byte[] status = peerStatus.get(p.id());
      if (status != null) {
        next.messageReceived(p, SyncConfig.BLOCKSYNC_CHANNEL, status.clone());
      }
    }
  }

  private final class SyncChannel implements P2pListener {
    @Override
    public void peerConnected(Peer peer) {
      if (partitioned) {
        peer.disconnect();
        return;
      }
      sync.peerConnected(peer);
    }

    @Override
    public void messageReceived(Peer peer, int channelId, byte[] payload) {
      if (partitioned) {
        return;
      }
      if (payload.length < 256) { // a Status is ~70 bytes; blocks are not decoded twice
        MessageResult<SyncMessage> r = SyncCodec.decode(payload);
        if (r.isOk() && r.message() instanceof SyncMessage.Status s && s.genesisHash().equals(chain.store().canonicalHash(0).orElse(null))) {
          peerHeads.merge(peer.id(), s.headHeight(), Math::max);
          peerStatus.put(peer.id(), payload.clone());
        }
      }
      sync.messageReceived(peer, channelId, payload);
    }

    @Override
    public void peerDisconnected(Peer peer, DisconnectReason reason) {
      peerHeads.remove(peer.id());
      peerStatus.remove(peer.id());
      sync.peerDisconnected(peer, reason);
    }
  }

  private final class ConsensusChannel implements P2pListener {
    /**
     * A peer that connects after we broadcast (start-up, a redial) gets our recent messages again at
     * once, rather than at the engine's next catch-up tick (docs/spec/consensus.md §10 "Catch-up").
     */
    @Override
    public void peerConnected(Peer peer) {
      if (partitioned) {
        return;
      }
      List<byte[]> mine;
      synchronized (lock) {
        pruneSent(System.nanoTime());
        mine = sent.stream().map(Recent::bytes).toList();
      }
      for (byte[] m : mine) {
        peer.send(CONSENSUS_CHANNEL, m);
      }
    }

    @Override
    public void messageReceived(Peer peer, int channelId, byte[] payload) {
      if (partitioned) {
        return;
      }
      BftEngine e;
      synchronized (lock) {
        long now = System.nanoTime();
        recent.addLast(new Recent(now, payload));
        recentBytes += payload.length;
        pruneRecent(now);
        e = engine;
      }
      if (e != null) {
        // Honest peers send and relay only messages that decode and verify (consensus.md §9): the sender is banned.
        e.onMessage(payload, (error, detail) -> {
          if (peer.isOpen()) {
            LOG.info("Disconnecting {}: invalid consensus message ({}: {})", peer.id(), error, detail);
            peer.disconnect(DisconnectReason.INVALID_CONSENSUS_MESSAGE);
          }
        });
      }
    }
  }

  private void pruneRecent(long now) {
    long oldest = now - TimeUnit.SECONDS.toNanos(RECENT_SECONDS);
    while (!recent.isEmpty() && (recent.size() > RECENT_MAX_MESSAGES || recentBytes > RECENT_MAX_BYTES
        || recent.peekFirst().nanos() < oldest)) {
      recentBytes -= recent.pollFirst().bytes().length;
    }
  }

  /** Stops consensus and sync (an in-flight block finishes), then gossip and the transport. */
  @Override
  public void close() {
    closed = true;
    watchdog.shutdownNow();
    synchronized (lock) {
      if (engine != null) {
        engine.close();
      }
    }
    BlockSync s = sync;
    if (s != null) {
      s.close();
    }
    consensusThread.shutdown();
    try {
      if (!consensusThread.awaitTermination(30, TimeUnit.SECONDS)) {
        LOG.warn("Consensus did not stop within 30 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (gossip != null) {
      gossip.close();
    }
    if (transport != null) {
      transport.close();
    }
    workers.shutdownNow();
    proposalDecoder.shutdownNow();
    senderRecovery.shutdownNow();
  }

  static Duration recentWindow() {
    return Duration.ofSeconds(RECENT_SECONDS);
  }
}
