package org.mercato.p2p.sync;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.tuweni.bytes.Bytes;
import org.mercato.p2p.crypto.NodeId;
import org.mercato.p2p.peer.DisconnectReason;
import org.mercato.p2p.peer.Peer;
import org.mercato.p2p.peer.SendResult;
import org.mercato.p2p.sync.SyncMessage.Blocks;
import org.mercato.p2p.sync.SyncMessage.GetBlocks;
import org.mercato.p2p.sync.SyncMessage.NoBlocks;
import org.mercato.p2p.sync.SyncMessage.Status;
import org.mercato.p2p.sync.SyncMessage.SyncBlock;
import org.mercato.p2p.sync.SyncProgress.State;
import org.mercato.state.block.Block;
import org.mercato.state.block.BlockHeader;
import org.mercato.state.chain.BlockValidationResult;
import org.mercato.state.chain.Blockchain;
import org.mercato.state.chain.CommitVerification;
import org.mercato.state.chain.CommitVerifier;
import org.mercato.state.tx.DecodeResult;
import org.mercato.state.tx.Transaction;
import org.mercato.state.tx.TransactionDecoder;
import org.mercato.state.types.Hash;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The block-sync client (docs/spec/p2p.md §10.3). One thread ({@code blocksync}) owns all of its
 * state: network callbacks and decode completions are queued as events. It cuts the missing heights
 * into ranges, requests them from several peers at once (bounded per peer and ahead of the apply
 * point), retries timed-out or refused ranges on other peers, decodes transactions in parallel and
 * applies blocks strictly in order: commit verification (H+1's lastCommit), {@code validate},
 * {@code commit}. Peers that serve invalid data are closed with {@code INVALID_BLOCK}.
 *
 * <p>Until {@link SyncListener#caughtUp} this thread is the only caller of
 * {@link Blockchain#validate}/{@link Blockchain#commit}; after it, never again.
 */
public final class Syncer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Syncer.class);
  private static final long TICK_MS = 50;

  private final SyncConfig config;
  private final Blockchain chain;
  private final Hash genesisHash;
  private final CommitVerifier verifier;
  private final TransactionDecoder decoder;
  private final Executor decodeExecutor;
  private final SyncListener listener;
  private final BlockingQueue<Runnable> events = new LinkedBlockingQueue<>();
  private final ExecutorService dispatcher;
  private final Thread thread;
  private volatile boolean closed;
  private volatile SyncProgress progress;

  // ---- state of the sync thread only ----
  private final Map<NodeId, PeerState> peers = new HashMap<>();
  private final Map<Long, Request> inFlight = new HashMap<>();
  private final PriorityQueue<Range> retry = new PriorityQueue<>((a, b) -> Long.compare(a.from, b.from));
  private final TreeMap<Long, Ready> ready = new TreeMap<>();
  private State state = State.SYNCING;
  private long nextToSchedule;
  private long nextRequestId;
  private long lastStatusHeight = -1;
  private long lastStatusNanos;
  private final List<Rejection> rejections = new java.util.concurrent.CopyOnWriteArrayList<>();

  /** Why a peer's data was refused (kept for logs, metrics and tests). */
  public record Rejection(NodeId peer, long height, String reason) {}

  private static final class PeerState {
    final Peer peer;
    long head = -1;
    int inFlight;
    int timeouts;

    PeerState(Peer peer) {
      this.peer = peer;
    }
  }

  /** Heights {@code from..to} inclusive; {@code avoid} is the peer that last failed it. */
  private record Range(long from, long to, NodeId avoid) {}

  private record Request(long id, Range range, PeerState peer, int count, long deadlineNanos) {}

  /** A decoded block waiting for its turn, with the commit that certifies it and who served it. */
  private record Ready(Block block, Bytes commit, NodeId supplier) {}

  public Syncer(SyncConfig config, Blockchain chain, CommitVerifier verifier, TransactionDecoder decoder,
      Executor decodeExecutor, SyncListener listener) {
    this.config = config;
    this.chain = chain;
    this.genesisHash = chain.store().canonicalHash(0).orElseThrow();
    this.verifier = verifier;
    this.decoder = decoder;
    this.decodeExecutor = decodeExecutor;
    this.listener = listener;
    this.nextToSchedule = chain.head().number() + 1;
    this.progress = new SyncProgress(State.SYNCING, chain.head().number(), chain.head().number(), 0);
    this.dispatcher = Executors.newSingleThreadExecutor(r -> daemon(r, "blocksync-decode"));
    this.thread = daemon(this::run, "blocksync");
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  public Syncer start() {
    thread.start();
    return this;
  }

  public SyncProgress progress() {
    return progress;
  }

  public Hash genesisHash() {
    return genesisHash;
  }

  /** Every refusal of a peer's blocks so far (most recent last). */
  public List<Rejection> rejections() {
    return List.copyOf(rejections);
  }

  // ---- inputs (any thread) ----

  void onPeerConnected(Peer peer) {
    events.add(() -> peers.putIfAbsent(peer.id(), new PeerState(peer)));
    peer.send(config.channel(), SyncCodec.encode(status()));
  }

  void onStatus(Peer peer, Status s) {
    if (!s.genesisHash().equals(genesisHash)) {
      LOG.info("blocksync: {} has genesis {}, ours is {}", peer.id(), s.genesisHash(), genesisHash);
      peer.disconnect(DisconnectReason.GENESIS_MISMATCH);
      return;
    }
    events.add(() -> {
      if (!peer.isOpen()) {
        return; // its disconnect is queued or done: do not bring it back
      }
      PeerState p = peers.computeIfAbsent(peer.id(), id -> new PeerState(peer));
      p.head = Math.max(p.head, s.headHeight());
    });
  }

  void onBlocks(Peer peer, Blocks b) {
    events.add(() -> handleBlocks(peer, b));
  }

  void onNoBlocks(Peer peer, NoBlocks n) {
    events.add(() -> {
      Request r = inFlight.get(n.requestId());
      if (r != null && r.peer.peer.id().equals(peer.id())) {
        finish(r);
        requeue(r.range.from, r.range.to, peer.id());
      }
    });
  }

  void onPeerGone(Peer peer) {
    events.add(() -> {
      PeerState p = peers.remove(peer.id());
      if (p == null) {
        return;
      }
      for (Iterator<Request> it = inFlight.values().iterator(); it.hasNext();) {
        Request r = it.next();
        if (r.peer == p) {
          it.remove();
          requeue(r.range.from, r.range.to, null);
        }
      }
    });
  }

  Status status() {
    return new Status(chain.head().number(), chain.headHash(), genesisHash);
  }

  @Override
  public void close() {
    closed = true;
    thread.interrupt();
    dispatcher.shutdownNow();
    if (Thread.currentThread() != thread) {
      try {
        thread.join(5_000); // the chain may be closed next: no validate or commit may be running then
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    progress = new SyncProgress(State.CLOSED, progress.current(), progress.target(), 0);
  }

  // ---- the sync thread ----

  private void run() {
    while (!closed) {
      try {
        step();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        // A bug here must not silently end sync: log it and keep the loop alive.
        LOG.error("blocksync: sync step failed", e);
      }
    }
  }

  /** One turn: queued events, status, timeouts, new requests, at most one block applied. */
  private void step() throws InterruptedException {
    Runnable e = events.poll(TICK_MS, TimeUnit.MILLISECONDS);
    while (e != null) {
      e.run();
      e = events.poll();
    }
    broadcastStatus();
    if (state != State.SYNCING) {
      return;
    }
    expire();
    schedule();
    applyOne();
    if (!ready.isEmpty() && ready.firstKey() == chain.head().number() + 1 && events.isEmpty()) {
      events.add(() -> {}); // more to apply: come back without waiting a tick
    }
    checkCaughtUp();
  }


  /** Status to every peer when our head moved, at most once per status interval. */
  private void broadcastStatus() {
    long now = System.nanoTime();
    long head = chain.head().number();
    if (head == lastStatusHeight || now - lastStatusNanos < config.statusInterval().toNanos()) {
      return;
    }
    lastStatusHeight = head;
    lastStatusNanos = now;
    byte[] msg = SyncCodec.encode(status());
    for (PeerState p : peers.values()) {
      p.peer.send(config.channel(), msg);
    }
  }

  private long target() {
    long best = -1;
    for (PeerState p : peers.values()) {
      best = Math.max(best, p.head);
    }
    return best - 1;
  }

  private void checkCaughtUp() {
    long head = chain.head().number();
    long target = target();
    boolean heard = peers.values().stream().anyMatch(p -> p.head >= 0);
    SyncProgress now = new SyncProgress(State.SYNCING, head, Math.max(target, head), peers.size());
    if (heard && head >= target) {
      state = State.CAUGHT_UP;
      now = new SyncProgress(State.CAUGHT_UP, head, Math.max(target, head), peers.size());
      progress = now;
      inFlight.clear();
      ready.clear();
      retry.clear();
      LOG.info("blocksync: caught up at {} (best peer head {})", head, target + 1);
      listener.progress(now);
      listener.caughtUp(head);
      return;
    }
    if (!now.equals(progress)) {
      progress = now;
      listener.progress(now);
    }
  }

  private void expire() {
    long now = System.nanoTime();
    List<Request> late = new ArrayList<>();
    for (Request r : inFlight.values()) {
      if (now - r.deadlineNanos > 0) {
        late.add(r);
      }
    }
    for (Request r : late) {
      finish(r);
      requeue(r.range.from, r.range.to, r.peer.peer.id());
      r.peer.timeouts++;
      LOG.debug("blocksync: request {} to {} timed out", r.id, r.peer.peer.id());
      if (r.peer.timeouts >= config.maxTimeouts()) {
        r.peer.peer.disconnect(DisconnectReason.REQUEST_TIMEOUT);
      }
    }
  }

  private void finish(Request r) {
    inFlight.remove(r.id);
    r.peer.inFlight--;
  }

  /** Puts heights {@code from..to} back to be fetched, in ranges of at most {@code rangeBlocks}. */
  private void requeue(long from, long to, NodeId avoid) {
    for (long a = from; a <= to; a += config.rangeBlocks()) {
      retry.add(new Range(a, Math.min(to, a + config.rangeBlocks() - 1), avoid));
    }
  }

  /** Hands out ranges to peers that can serve them, least busy first. */
  private void schedule() {
    long target = target();
    long applyPoint = chain.head().number() + 1;
    long window = (long) config.windowRanges() * config.rangeBlocks();
    while (true) {
      Range range = nextRange(target, applyPoint, window);
      if (range == null) {
        return;
      }
      PeerState peer = choosePeer(range);
      if (peer == null) {
        retry.add(range);
        return;
      }
      long id = nextRequestId++;
      int count = (int) (range.to - range.from + 2);
      SendResult sent = peer.peer.send(config.channel(), SyncCodec.encode(new GetBlocks(id, range.from, count)));
      if (sent != SendResult.QUEUED) {
        retry.add(range);
        return;
      }
      peer.inFlight++;
      inFlight.put(id, new Request(id, range, peer, count, System.nanoTime() + config.requestTimeout().toNanos()));
    }
  }

  private Range nextRange(long target, long applyPoint, long window) {
    while (!retry.isEmpty() && retry.peek().to < applyPoint) {
      retry.poll(); // already applied (a late duplicate)
    }
    if (!retry.isEmpty()) {
      return retry.peek().from <= applyPoint + window ? retry.poll() : null;
    }
    if (nextToSchedule > target || nextToSchedule > applyPoint + window) {
      return null;
    }
    long to = Math.min(target, nextToSchedule + config.rangeBlocks() - 1);
    Range r = new Range(nextToSchedule, to, null);
    nextToSchedule = to + 1;
    return r;
  }

  /** A peer whose head covers the range and its certifying block, not the one to avoid if another fits. */
  private PeerState choosePeer(Range range) {
    PeerState best = null;
    PeerState avoided = null;
    for (PeerState p : peers.values()) {
      if (p.head < range.to + 1 || p.inFlight >= config.maxInFlightPerPeer() || !p.peer.isOpen()) {
        continue;
      }
      if (p.peer.id().equals(range.avoid)) {
        avoided = p;
        continue;
      }
      if (best == null || p.inFlight < best.inFlight) {
        best = p;
      }
    }
    return best != null ? best : avoided;
  }

  private void handleBlocks(Peer peer, Blocks b) {
    Request r = inFlight.get(b.requestId());
    if (r == null || !r.peer.peer.id().equals(peer.id())) {
      return; // late (timed out) or not ours: ignored
    }
    finish(r);
    r.peer.timeouts = 0;
    List<SyncBlock> blocks = b.blocks();
    String problem = structure(r, blocks);
    if (problem != null) {
      reject(r.peer.peer, r.range.from, problem);
      requeue(r.range.from, r.range.to, peer.id());
      return;
    }
    if (blocks.size() < 2) {
      requeue(r.range.from, r.range.to, peer.id()); // nothing certifiable in it
      return;
    }
    List<Bytes> raws = new ArrayList<>();
    for (SyncBlock sb : blocks) {
      raws.addAll(sb.transactions());
    }
    CompletableFuture.supplyAsync(() -> decoder.decodeAll(raws, decodeExecutor), dispatcher)
        .whenComplete((results, err) -> events.add(() -> decoded(r, blocks, results, err)));
  }

  /** Shape checks before any work: size, first number, consecutive numbers, parent links. */
  private static String structure(Request r, List<SyncBlock> blocks) {
    if (blocks.size() > r.count) {
      return blocks.size() + " blocks for a request of " + r.count;
    }
    BlockHeader prev = null;
    for (int i = 0; i < blocks.size(); i++) {
      BlockHeader h = blocks.get(i).header();
      if (h.number() != r.range.from + i) {
        return "block " + i + " is #" + h.number() + ", expected #" + (r.range.from + i);
      }
      if (prev != null && !h.parentHash().equals(prev.hash())) {
        return "#" + h.number() + " does not link to the previous block";
      }
      prev = h;
    }
    return null;
  }

  private void decoded(Request r, List<SyncBlock> blocks, List<DecodeResult> results, Throwable err) {
    if (state != State.SYNCING) {
      return;
    }
    if (err != null) {
      LOG.warn("blocksync: decoding failed", err);
      requeue(r.range.from, r.range.to, null);
      return;
    }
    int i = 0;
    List<Block> decoded = new ArrayList<>();
    for (SyncBlock sb : blocks) {
      List<Transaction> txs = new ArrayList<>(sb.transactions().size());
      for (int t = 0; t < sb.transactions().size(); t++) {
        DecodeResult d = results.get(i++);
        if (!d.isOk()) {
          reject(r.peer.peer, sb.header().number(), "transaction " + t + " does not decode: " + d.errorMessage());
          requeue(r.range.from, r.range.to, r.peer.peer.id());
          return;
        }
        txs.add(d.transaction().orElseThrow());
      }
      decoded.add(new Block(sb.header(), txs, sb.evidence()));
    }
    long applyPoint = chain.head().number() + 1;
    for (int k = 0; k + 1 < decoded.size(); k++) {
      Block block = decoded.get(k);
      if (block.number() >= applyPoint) {
        ready.put(block.number(), new Ready(block, decoded.get(k + 1).header().lastCommit(), r.peer.peer.id()));
      }
    }
    requeue(r.range.from + decoded.size() - 1, r.range.to, null);
  }

  /** Applies the next block if it is ready: verify its commit, validate, commit. */
  private void applyOne() {
    long next = chain.head().number() + 1;
    Ready r = ready.remove(next);
    if (r == null) {
      return;
    }
    BlockHeader h = r.block.header();
    CommitVerification cv;
    try {
      cv = verifier.verify(h, r.commit);
    } catch (RuntimeException e) {
      cv = CommitVerification.invalid(org.mercato.state.chain.CommitDefect.UNVERIFIABLE, "verifier threw " + e);
    }
    if (!cv.isValid()) {
      failApply(r, "commit of #" + next + " rejected: " + cv);
      return;
    }
    BlockValidationResult v = chain.validate(r.block);
    if (!v.isValid()) {
      failApply(r, "#" + next + " invalid: " + v.invalidity().orElseThrow() + (v.detail().isEmpty() ? "" : " " + v.detail()));
      return;
    }
    chain.commit(v.block().orElseThrow());
  }

  /** The supplier served a bad block: close it, drop everything it served and fetch those heights again. */
  private void failApply(Ready bad, String reason) {
    long height = bad.block.number();
    peers.values().stream().filter(p -> p.peer.id().equals(bad.supplier)).findFirst()
        .ifPresentOrElse(p -> reject(p.peer, height, reason), () -> rejections.add(new Rejection(bad.supplier, height, reason)));
    long runStart = -1;
    long runEnd = -1;
    List<Long> dropped = new ArrayList<>();
    dropped.add(height);
    for (Map.Entry<Long, Ready> e : ready.entrySet()) {
      if (e.getValue().supplier.equals(bad.supplier)) {
        dropped.add(e.getKey());
      }
    }
    dropped.stream().skip(1).forEach(ready::remove);
    dropped.sort(Long::compare);
    for (long n : dropped) {
      if (runStart >= 0 && n == runEnd + 1) {
        runEnd = n;
      } else {
        if (runStart >= 0) {
          requeue(runStart, runEnd, bad.supplier);
        }
        runStart = n;
        runEnd = n;
      }
    }
    requeue(runStart, runEnd, bad.supplier);
  }

  private void reject(Peer peer, long height, String reason) {
    LOG.info("blocksync: closing {}: {}", peer.id(), reason);
    rejections.add(new Rejection(peer.id(), height, reason));
    peer.disconnect(DisconnectReason.INVALID_BLOCK);
  }

  /** For tests: the block-sync thread's view. */
  Optional<Long> bestPeerHead() {
    return peers.values().stream().map(p -> p.head).max(Long::compare);
  }
}
