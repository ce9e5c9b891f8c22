package org.mercato.p2p.gossip;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.LongSupplier;
import org.apache.tuweni.bytes.Bytes;
import org.mercato.p2p.crypto.NodeId;
import org.mercato.p2p.gossip.GossipCodec.Announce;
import org.mercato.p2p.gossip.GossipCodec.GossipMessage;
import org.mercato.p2p.gossip.GossipCodec.Request;
import org.mercato.p2p.gossip.GossipCodec.Transactions;
import org.mercato.p2p.peer.DisconnectReason;
import org.mercato.p2p.peer.Peer;
import org.mercato.p2p.peer.SendResult;
import org.mercato.p2p.transport.P2pListener;
import org.mercato.p2p.wire.MessageResult;
import org.mercato.state.crypto.Keccak;
import org.mercato.state.tx.DecodeResult;
import org.mercato.state.tx.Transaction;
import org.mercato.state.tx.TransactionDecoder;
import org.mercato.state.tx.TransactionRejection;
import org.mercato.state.txpool.AddResult;
import org.mercato.state.txpool.TransactionPool;
import org.mercato.state.txpool.TxPoolListener;
import org.mercato.state.types.Hash;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Transaction gossip on the mempool channel (docs/spec/p2p.md §11). Every transaction the pool admits
 * is queued and flushed in batches to the peers not known to have it: in full if it came from JSON-RPC,
 * as an announced hash if it came from a peer (a peer that lacks it asks for it); received transactions
 * are deduplicated by hash, decoded on the worker pool and added to the pool. A peer's own transactions
 * are never sent back to it; invalid ones count against it. A peer is served only what was announced to it, once,
 * and a hash whose announcer does not deliver is asked from another announcer (§11 Fetching, Serving).
 */
public final class TxGossip implements P2pListener, TxPoolListener, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TxGossip.class);
  /** Rejections that say the transaction itself is bad, whatever the chain state: they count against the sender. */
  private static final Set<TransactionRejection> INVALID = EnumSet.of(
      TransactionRejection.MALFORMED, TransactionRejection.UNSUPPORTED_TYPE, TransactionRejection.INVALID_SIGNATURE,
      TransactionRejection.INVALID_SENDER, TransactionRejection.INVALID_CHAIN_ID,
      TransactionRejection.CONTRACT_CREATION_UNSUPPORTED, TransactionRejection.OVERSIZED_DATA,
      TransactionRejection.INTRINSIC_GAS_TOO_LOW, TransactionRejection.GAS_LIMIT_EXCEEDS_BLOCK,
      TransactionRejection.TIP_ABOVE_FEE_CAP);
  /** Leaves room for the type byte and the list header in a 1 MiB message. */
  private static final int BATCH_BYTES = GossipCodec.MAX_MESSAGE_BYTES - 64;
  /** An announced hash asked from one peer is asked again from another announcer only after this. */
  private static final long REREQUEST_NANOS = TimeUnit.SECONDS.toNanos(5);
  /** Outstanding requests are checked for the timeout at most this often (gossip clock). */
  private static final long SWEEP_NANOS = TimeUnit.SECONDS.toNanos(1);
  /**
   * Bytes of transaction encodings one Request is answered with at most (geth's 2 MiB soft response limit): a
   * 8 KiB Request could otherwise pull 256 × 128 KiB (§11 Serving).
   */
  static final int RESPONSE_BYTES = 2 << 20;

  private final GossipConfig config;
  private final TransactionPool pool;
  private final TransactionDecoder decoder;
  private final Executor workers;
  private final Map<NodeId, PeerEntry> peers = new ConcurrentHashMap<>();
  private final RecentSet<Hash> seen;
  /** Transactions that came from a peer: relayed by announcement, not in full. */
  private final RecentSet<Hash> fromPeers;
  /** Announced hashes being fetched: asked from whom, when, and who else announced them (bounded). */
  private final PendingFetches fetches;
  /** Monotonic nanoseconds for the fetch timeout (System::nanoTime; injected by tests). */
  private final LongSupplier clock;
  /** Gossip-clock time of the last timeout sweep (flusher thread only). */
  private long lastSweep;
  private final BlockingQueue<Transaction> pending;
  private final ScheduledExecutorService flusher;
  private final AtomicBoolean flushQueued = new AtomicBoolean();
  private final Stats stats;
  private volatile boolean closed;

  /** Counters for metrics and tests. */
  public static final class Stats {
    public final AtomicLong received = new AtomicLong();
    public final AtomicLong duplicates = new AtomicLong();
    public final AtomicLong added = new AtomicLong();
    public final AtomicLong invalid = new AtomicLong();
    public final AtomicLong sent = new AtomicLong();
    public final AtomicLong dropped = new AtomicLong();
    /** Hashes announced to peers. */
    public final AtomicLong announced = new AtomicLong();
    /** Announced hashes asked from peers. */
    public final AtomicLong requested = new AtomicLong();
    /** Of those, hashes asked again from another announcer (or the same one) after the first went unanswered. */
    public final AtomicLong rerequested = new AtomicLong();
    /** Hashes peers requested that were not announced to them or were already served to them: skipped. */
    public final AtomicLong unannounced = new AtomicLong();
  }

  private final class PeerEntry {
    final Peer peer;
    final RecentSet<Hash> known = new RecentSet<>(config.knownPerPeer());
    /** Hashes announced to it and not yet served to it: all it may request (§11 Serving). */
    final RecentSet<Hash> offered = new RecentSet<>(config.maxPending());
    final AtomicInteger invalid = new AtomicInteger();

    PeerEntry(Peer peer) {
      this.peer = peer;
    }
  }

  private TxGossip(GossipConfig config, TransactionPool pool, TransactionDecoder decoder, Executor workers, Stats stats,
      LongSupplier clock) {
    this.config = config;
    this.clock = clock;
    this.lastSweep = clock.getAsLong();
    this.stats = stats;
    this.pool = pool;
    this.decoder = decoder;
    this.workers = workers;
    this.seen = new RecentSet<>(config.recentSeen());
    this.fromPeers = new RecentSet<>(config.recentSeen());
    this.fetches = new PendingFetches(config.recentSeen(), REREQUEST_NANOS);
    this.pending = new ArrayBlockingQueue<>(config.maxPending());
    this.flusher = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "tx-gossip");
      t.setDaemon(true);
      return t;
    });
  }

  /** Starts gossiping the pool's admissions; register the result with the transport for the mempool channel. */
  public static TxGossip start(GossipConfig config, TransactionPool pool, TransactionDecoder decoder, Executor workers) {
    return start(config, pool, decoder, workers, new Stats());
  }

  /** As above, counting into {@code stats} (which outlives this gossip: the node's metrics read it). */
  public static TxGossip start(GossipConfig config, TransactionPool pool, TransactionDecoder decoder, Executor workers,
      Stats stats) {
    return start(config, pool, decoder, workers, stats, System::nanoTime);
  }

  /** As above, with {@code clock} (monotonic nanoseconds) timing the fetch timeouts: tests advance it by hand. */
  static TxGossip start(GossipConfig config, TransactionPool pool, TransactionDecoder decoder, Executor workers,
      Stats stats, LongSupplier clock) {
    TxGossip g = new TxGossip(config, pool, decoder, workers, stats, clock);
    long every = config.flushInterval().toMillis();
    g.flusher.scheduleWithFixedDelay(g::flushSafely, every, every, TimeUnit.MILLISECONDS);
    pool.addListener(g);
    return g;
  }

  public Stats stats() {
    return stats;
  }

  /** Announcers remembered for a hash being fetched, besides the one asked; -1 if not being fetched (tests). */
  int alternates(Hash hash) {
    return fetches.alternates(hash);
  }

  // ---- outbound ----

  @Override
  public void transactionAdded(Transaction tx) {
    if (closed) {
      return;
    }
    seen.add(tx.hash());
    if (!pending.offer(tx)) {
      stats.dropped.incrementAndGet();
      return;
    }
    if (pending.size() >= config.maxBatch() && flushQueued.compareAndSet(false, true)) {
      try {
        flusher.execute(this::flushSafely);
      } catch (RejectedExecutionException e) {
        // closing
      }
    }
  }

  private void flushSafely() {
    flushQueued.set(false);
    try {
      flush();
      sweep();
    } catch (RuntimeException e) {
      LOG.warn("tx gossip: flush failed", e);
    }
  }

  /** Re-asks, from another announcer, the hashes whose request went unanswered (§11 Fetching). Flusher thread. */
  private void sweep() {
    long now = clock.getAsLong();
    if (now - lastSweep < SWEEP_NANOS) {
      return;
    }
    lastSweep = now;
    for (PendingFetches.Ask ask : fetches.due(now, seen::contains, peers::containsKey)) {
      PeerEntry p = peers.get(ask.peer());
      if (p == null) {
        fetches.notSent(ask.peer(), ask.hashes(), now); // gone since
        continue;
      }
      for (int i = 0; i < ask.hashes().size(); i += GossipCodec.MAX_REQUESTED) {
        List<Hash> chunk = ask.hashes().subList(i, Math.min(ask.hashes().size(), i + GossipCodec.MAX_REQUESTED));
        if (request(p, chunk, now)) {
          stats.rerequested.addAndGet(chunk.size());
        }
      }
    }
  }

  /**
   * Sends what is queued: per peer only what it is not known to have, in bounded batches; in full what came from
   * JSON-RPC, as announced hashes what came from a peer.
   */
  void flush() {
    List<Transaction> txs = new ArrayList<>();
    pending.drainTo(txs);
    if (txs.isEmpty()) {
      return;
    }
    for (PeerEntry p : peers.values()) {
      Batches full = new Batches((batch, hashes) -> send(p, batch));
      List<Hash> hashes = new ArrayList<>();
      for (Transaction tx : txs) {
        if (!p.known.add(tx.hash())) {
          continue; // it has it
        }
        if (fromPeers.contains(tx.hash())) {
          hashes.add(tx.hash());
          if (hashes.size() == GossipCodec.MAX_ANNOUNCED) {
            announce(p, hashes);
            hashes = new ArrayList<>();
          }
          continue;
        }
        full.add(tx);
      }
      full.finish();
      if (!hashes.isEmpty()) {
        announce(p, hashes);
      }
    }
  }

  /** Transactions in full for one peer, handed on in messages of at most {@code maxBatch} and BATCH_BYTES. */
  private final class Batches {
    private final BiConsumer<List<Bytes>, List<Hash>> out;
    private List<Bytes> batch = new ArrayList<>();
    private List<Hash> hashes = new ArrayList<>();
    private int bytes;

    Batches(BiConsumer<List<Bytes>, List<Hash>> out) {
      this.out = out;
    }

    /** Adds {@code tx}, handing on the batch first if it would go over a bound. */
    void add(Transaction tx) {
      int size = wireSize(tx);
      if (!batch.isEmpty() && (batch.size() == config.maxBatch() || bytes + size > BATCH_BYTES)) {
        finish();
      }
      batch.add(tx.encoded());
      hashes.add(tx.hash());
      bytes += size;
    }

    /** Hands on what is left. */
    void finish() {
      if (!batch.isEmpty()) {
        out.accept(batch, hashes);
        batch = new ArrayList<>();
        hashes = new ArrayList<>();
        bytes = 0;
      }
    }
  }

  /** A transaction's bytes in a Transactions message: its encoding and at most 5 bytes of RLP length prefix. */
  private static int wireSize(Transaction tx) {
    return tx.encoded().size() + 5;
  }

  private void announce(PeerEntry p, List<Hash> hashes) {
    hashes.forEach(p.offered::add); // before sending: its Request may come back before send returns
    switch (p.peer.send(config.channel(), GossipCodec.encode(new Announce(hashes)))) {
      case QUEUED -> stats.announced.addAndGet(hashes.size());
      default -> {
        hashes.forEach(p.offered::remove);
        stats.dropped.addAndGet(hashes.size());
      }
    }
  }

  /** True if queued. */
  private boolean send(PeerEntry p, List<Bytes> batch) {
    switch (p.peer.send(config.channel(), GossipCodec.encode(new Transactions(batch)))) {
      case QUEUED -> {
        stats.sent.addAndGet(batch.size());
        return true;
      }
      default -> {
        stats.dropped.addAndGet(batch.size()); // full queue or closing: gossip is best effort
        return false;
      }
    }
  }

  // ---- inbound ----

  @Override
  public void peerConnected(Peer peer) {
    peers.put(peer.id(), new PeerEntry(peer));
  }

  @Override
  public void peerDisconnected(Peer peer, DisconnectReason reason) {
    forget(peer);
  }

  /** Drops the peer's entry (and so its bounded sets) unless a newer connection of that node replaced it. */
  private void forget(Peer peer) {
    peers.computeIfPresent(peer.id(), (id, e) -> e.peer == peer ? null : e);
  }

  @Override
  public void messageReceived(Peer peer, int channelId, byte[] payload) {
    if (channelId != config.channel()) {
      return;
    }
    MessageResult<GossipMessage> r = GossipCodec.decode(payload);
    if (!r.isOk()) {
      LOG.info("tx gossip: closing {}: undecodable message: {}", peer.id(), r);
      peer.disconnect(DisconnectReason.MALFORMED_MESSAGE);
      return;
    }
    PeerEntry p = peers.computeIfAbsent(peer.id(), id -> new PeerEntry(peer));
    if (!peer.isOpen()) {
      forget(peer); // closed meanwhile (peerDisconnected may have run before computeIfAbsent): no lingering entry
    }
    GossipMessage m = r.message();
    if (m instanceof Transactions t) {
      transactionsReceived(p, t);
    } else if (m instanceof Announce a) {
      announced(p, a);
    } else {
      requestedBy(p, (Request) m);
    }
  }

  private void transactionsReceived(PeerEntry p, Transactions t) {
    List<Bytes> fresh = new ArrayList<>();
    for (Bytes raw : t.encodings()) {
      stats.received.incrementAndGet();
      Hash h = Keccak.hash(raw);
      p.known.add(h); // it has it: never send it back
      fetches.arrived(h);
      if (seen.add(h)) {
        fromPeers.add(h); // relayed onwards by announcement
        fresh.add(raw);
      } else {
        stats.duplicates.incrementAndGet();
      }
    }
    if (fresh.isEmpty()) {
      return;
    }
    try {
      workers.execute(() -> admit(p, fresh));
    } catch (RejectedExecutionException e) {
      // shutting down
    }
  }

  /**
   * Asks the announcer for the announced transactions we have not seen and are not fetching from another peer; while
   * one is outstanding the announcer is remembered as an alternate (§11 Fetching).
   */
  private void announced(PeerEntry p, Announce a) {
    List<Hash> ask = new ArrayList<>();
    long now = clock.getAsLong();
    for (Hash h : a.hashes()) {
      p.known.add(h);
      if (seen.contains(h) || !fetches.announced(h, p.peer.id(), now)) {
        continue;
      }
      ask.add(h);
      if (ask.size() == GossipCodec.MAX_REQUESTED) {
        request(p, ask, now);
        ask = new ArrayList<>();
      }
    }
    if (!ask.isEmpty()) {
      request(p, ask, now);
    }
  }

  /** Sends a Request asked at {@code now}; true if queued. If not, the hashes are due again at once (§11 Fetching). */
  private boolean request(PeerEntry p, List<Hash> hashes, long now) {
    if (p.peer.send(config.channel(), GossipCodec.encode(new Request(hashes))) == SendResult.QUEUED) {
      stats.requested.addAndGet(hashes.size());
      return true;
    }
    fetches.notSent(p.peer.id(), hashes, now);
    return false;
  }

  /**
   * Answers with the requested transactions that were announced to this peer and not yet served to it, that the pool
   * still holds (included ones are gone: skipped), up to {@link #RESPONSE_BYTES} (§11 Serving). Others are skipped
   * silently and cost the peer nothing more: the per-peer set is bounded, so an honest peer can name a forgotten hash.
   */
  private void requestedBy(PeerEntry p, Request r) {
    Batches answer = new Batches((batch, hashes) -> serve(p, batch, hashes));
    long total = 0;
    for (Hash h : r.hashes()) {
      p.known.add(h);
      if (!p.offered.remove(h)) { // claims it: a hash is served to a peer once
        stats.unannounced.incrementAndGet();
        continue;
      }
      Optional<Transaction> tx = pool.get(h);
      if (tx.isEmpty()) {
        continue;
      }
      int size = wireSize(tx.get());
      if (total + size > RESPONSE_BYTES) {
        p.offered.add(h); // cut short: it and the rest stay answerable
        break;
      }
      answer.add(tx.get());
      total += size;
    }
    answer.finish();
  }

  private void serve(PeerEntry p, List<Bytes> batch, List<Hash> hashes) {
    if (!send(p, batch)) {
      hashes.forEach(p.offered::add); // not delivered: it may ask again
    }
  }

  /** On a worker: recover senders, add to the pool, score the peer. */
  private void admit(PeerEntry p, List<Bytes> raws) {
    int bad = 0;
    for (Bytes raw : raws) {
      DecodeResult d = decoder.decode(raw);
      if (!d.isOk()) {
        bad++;
        continue;
      }
      AddResult a = pool.add(d.transaction().orElseThrow());
      if (a.isAccepted()) {
        stats.added.incrementAndGet();
      } else if (a.rejection().map(INVALID::contains).orElse(false)) {
        bad++;
      }
    }
    if (bad > 0) {
      stats.invalid.addAndGet(bad);
      if (p.invalid.addAndGet(bad) >= config.maxInvalid()) {
        LOG.info("tx gossip: closing {}: {} invalid transactions", p.peer.id(), p.invalid.get());
        p.peer.disconnect(DisconnectReason.INVALID_TRANSACTIONS);
      }
    }
  }

  @Override
  public void close() {
    closed = true;
    flusher.shutdownNow();
  }
}
