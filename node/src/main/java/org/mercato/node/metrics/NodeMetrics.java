package org.mercato.node.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import java.util.function.ToLongFunction;
import org.mercato.p2p.gossip.TxGossip;
import org.mercato.p2p.peer.DisconnectReason;
import org.mercato.p2p.transport.TransportStats;
import org.mercato.rpc.jsonrpc.JsonRpcException;
import org.mercato.rpc.jsonrpc.JsonRpcMethod;
import org.mercato.rpc.jsonrpc.JsonRpcRequest;
import org.mercato.state.block.BlockHeader;
import org.mercato.state.chain.BlockListener;
import org.mercato.state.chain.Blockchain;
import org.mercato.state.chain.ExecutedBlock;
import org.mercato.state.txpool.TransactionPool;

/**
 * The node's meters, in one Micrometer registry scraped as Prometheus text by {@link MetricsServer}.
 * Names below are as Prometheus shows them.
 *
 * <ul>
 *   <li>{@code mercato_chain_height}: the head block number (equals eth_blockNumber).
 *   <li>{@code mercato_block_transactions} (summary with buckets): transactions per committed block.
 *   <li>{@code mercato_block_gas_used} (summary): gas used per committed block.
 *   <li>{@code mercato_block_interval_seconds} (timer): wall time between two blocks committed by this node.
 *   <li>{@code mercato_block_header_interval_seconds} (summary): timestamp difference of consecutive headers.
 *   <li>{@code mercato_block_timestamp_seconds}: the head header's timestamp.
 *   <li>{@code mercato_block_commit_seconds} (timer): propose (pool selection + execution) plus commit
 *       (durable write + block listeners) of a block this node produced; {@code mercato_block_execution_seconds}
 *       is the propose part alone. Fed by {@link #recordProduction}.
 *   <li>{@code mercato_txpool_transactions{state="pending"|"queued"}}.
 *   <li>{@code mercato_rpc_requests_total{method, outcome="ok"|"error"}}: calls of known methods
 *       ({@link #instrument}); unknown methods and malformed requests are not counted.
 *   <li>{@code mercato_p2p_peers}, {@code mercato_consensus_round}, {@code mercato_sync_target_height},
 *       {@code mercato_sync_remaining_blocks}: 0 until a supplier is bound ({@link #bindPeers},
 *       {@link #bindRound}, {@link #bindSyncTarget}).
 *   <li>{@code mercato_p2p_gossip_transactions_total{event=…}}: transactions on the mempool channel since start,
 *       {@code received} (each copy from a peer), {@code duplicate} (copies already seen), {@code added} (admitted
 *       to the pool), {@code invalid} (counted against the peer), {@code sent} (in full), {@code announced} (hashes
 *       announced), {@code requested} (announced hashes asked for), {@code dropped} (outbound queue full); 0 until
 *       {@link #bindGossip}.
 *   <li>{@code mercato_p2p_disconnects_total{reason}}: connections closed since start, per {@code DisconnectReason}
 *       (docs/spec/p2p.md §6: bans, keep-alive timeouts, handshake failures...); 0 until {@link #bindTransport}.
 *   <li>{@code mercato_p2p_pings_total{event="sent"|"pong_received"}}: keep-alive Pings sent to silent peers and
 *       the Pongs that answered them; {@code mercato_p2p_ping_rtt_seconds} (summary, {@code _count} and {@code _sum}):
 *       their round trips (docs/spec/p2p.md §7.2 "Counters"); 0 until {@link #bindTransport}.
 *   <li>{@code mercato_p2p_recv_throttled_total}: times a connection stopped reading because its receive bucket
 *       ran dry; {@code mercato_p2p_recv_throttled_seconds_total}: how long reading was paused, summed over the
 *       pauses that ended (docs/spec/p2p.md §7.3 "Counters"); 0 until {@link #bindTransport}.
 *   <li>JVM memory, GC, threads, CPU and uptime from Micrometer's binders.
 * </ul>
 *
 * <p>Thread-safe. Block callbacks come from the consensus thread; scrapes from the metrics server.
 */
public final class NodeMetrics implements AutoCloseable {
  private static final double[] TX_BUCKETS = {1, 10, 100, 1_000, 10_000};

  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final DistributionSummary txsPerBlock;
  private final DistributionSummary gasPerBlock;
  private final DistributionSummary headerInterval;
  private final Timer blockInterval;
  private final Timer commitTime;
  private final Timer executionTime;
  private final AtomicReference<IntSupplier> peers = new AtomicReference<>(() -> 0);
  private final AtomicReference<LongSupplier> round = new AtomicReference<>(() -> 0);
  private final AtomicReference<LongSupplier> syncTarget = new AtomicReference<>(() -> 0);
  private final AtomicReference<TxGossip.Stats> gossip = new AtomicReference<>(new TxGossip.Stats());
  private final AtomicReference<TransportStats> transport = new AtomicReference<>(new TransportStats());
  private final List<AutoCloseable> binders = new ArrayList<>();
  private final AtomicLong lastCommitNanos = new AtomicLong();
  private volatile long lastHeaderTimestamp = -1;

  public NodeMetrics(Blockchain chain, TransactionPool pool) {
    Gauge.builder("mercato.chain.height", () -> chain.head().number()).description("Head block number").register(registry);
    Gauge.builder("mercato.block.timestamp", () -> chain.head().timestamp()).baseUnit("seconds")
        .description("Head block header timestamp").register(registry);
    txsPerBlock = DistributionSummary.builder("mercato.block.transactions").description("Transactions per committed block")
        .serviceLevelObjectives(TX_BUCKETS).register(registry);
    gasPerBlock = DistributionSummary.builder("mercato.block.gas.used").description("Gas used per committed block")
        .register(registry);
    headerInterval = DistributionSummary.builder("mercato.block.header.interval").baseUnit("seconds")
        .description("Timestamp difference between consecutive block headers").register(registry);
    blockInterval = Timer.builder("mercato.block.interval").description("Wall time between blocks committed by this node")
        .register(registry);
    commitTime = Timer.builder("mercato.block.commit")
        .description("Producing a block: pool selection and execution, durable commit and block listeners")
        .register(registry);
    executionTime = Timer.builder("mercato.block.execution")
        .description("Pool selection and execution of a block this node produced").register(registry);
    Gauge.builder("mercato.txpool.transactions", pool::pendingCount).tag("state", "pending")
        .description("Transactions in the pool").register(registry);
    Gauge.builder("mercato.txpool.transactions", pool::queuedCount).tag("state", "queued")
        .description("Transactions in the pool").register(registry);
    Gauge.builder("mercato.p2p.peers", () -> peers.get().getAsInt()).description("Connected peers").register(registry);
    Gauge.builder("mercato.consensus.round", () -> round.get().getAsLong())
        .description("Current consensus round at the current height (0 when not bound)").register(registry);
    Gauge.builder("mercato.sync.target.height", () -> syncTarget.get().getAsLong())
        .description("Highest block number known from peers (0 when not syncing or not bound)").register(registry);
    Gauge.builder("mercato.sync.remaining.blocks", () -> Math.max(0, syncTarget.get().getAsLong() - chain.head().number()))
        .description("Blocks behind the sync target").register(registry);
    gossipCounter("received", st -> st.received.get());
    gossipCounter("duplicate", st -> st.duplicates.get());
    gossipCounter("added", st -> st.added.get());
    gossipCounter("invalid", st -> st.invalid.get());
    gossipCounter("sent", st -> st.sent.get());
    gossipCounter("dropped", st -> st.dropped.get());
    gossipCounter("announced", st -> st.announced.get());
    gossipCounter("requested", st -> st.requested.get());
    gossipCounter("rerequested", st -> st.rerequested.get());
    gossipCounter("unannounced", st -> st.unannounced.get());
    for (DisconnectReason reason : DisconnectReason.values()) {
      FunctionCounter.builder("mercato.p2p.disconnects", transport, t -> t.get().disconnects().count(reason))
          .tag("reason", reason.name()).description("Peer connections closed, by reason").register(registry);
    }
    FunctionCounter.builder("mercato.p2p.pings", transport, t -> t.get().pingsSent()).tag("event", "sent")
        .description("Keep-alive pings sent to silent peers, and the pongs that answered them").register(registry);
    FunctionCounter.builder("mercato.p2p.pings", transport, t -> t.get().pongsReceived()).tag("event", "pong_received")
        .description("Keep-alive pings sent to silent peers, and the pongs that answered them").register(registry);
    FunctionTimer.builder("mercato.p2p.ping.rtt", transport, t -> t.get().pongsReceived(),
            t -> t.get().pingRoundTripMillis(), TimeUnit.MILLISECONDS)
        .description("Round trips of answered keep-alive pings").register(registry);
    FunctionCounter.builder("mercato.p2p.recv.throttled", transport, t -> t.get().recvThrottles())
        .description("Times a peer connection stopped reading because its receive rate bucket ran dry").register(registry);
    FunctionCounter.builder("mercato.p2p.recv.throttled.seconds", transport, t -> t.get().recvThrottledMillis() / 1000.0)
        .description("Time peer connections did not read because of the receive rate limit (ended pauses)")
        .register(registry);

    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    JvmGcMetrics gc = new JvmGcMetrics();
    gc.bindTo(registry);
    binders.add(gc);

    lastHeaderTimestamp = chain.head().timestamp();
  }

  /** The listener to add to the chain ({@link Blockchain#addListener}); counts every committed block. */
  public BlockListener blockListener() {
    return this::onBlockCommitted;
  }

  private void onBlockCommitted(ExecutedBlock executed) {
    BlockHeader h = executed.block().header();
    txsPerBlock.record(executed.block().transactions().size());
    gasPerBlock.record(h.gasUsed());
    long now = System.nanoTime();
    long previous = lastCommitNanos.getAndSet(now);
    if (previous != 0) {
      blockInterval.record(now - previous, TimeUnit.NANOSECONDS);
    }
    long previousTs = lastHeaderTimestamp;
    if (previousTs >= 0 && h.number() > 0) {
      headerInterval.record(Math.max(0, h.timestamp() - previousTs));
    }
    lastHeaderTimestamp = h.timestamp();
  }

  /**
   * Records how long producing a block took: {@code proposeNanos} to select and execute, {@code
   * commitNanos} to make it durable. Any engine may call this (the dev engine does through its
   * production listener).
   */
  public void recordProduction(long proposeNanos, long commitNanos) {
    executionTime.record(proposeNanos, TimeUnit.NANOSECONDS);
    commitTime.record(proposeNanos + commitNanos, TimeUnit.NANOSECONDS);
  }

  /** Feeds {@code mercato_p2p_peers}: the number of connected peers. Replaces any earlier supplier. */
  public void bindPeers(IntSupplier connectedPeers) {
    peers.set(connectedPeers);
  }

  /** Feeds {@code mercato_consensus_round}: the round consensus is in at the current height. */
  public void bindRound(LongSupplier currentRound) {
    round.set(currentRound);
  }

  /**
   * Feeds {@code mercato_sync_target_height} (and so {@code mercato_sync_remaining_blocks}): the
   * highest block number peers announced, or 0 when not syncing.
   */
  public void bindSyncTarget(LongSupplier highestKnownBlock) {
    syncTarget.set(highestKnownBlock);
  }

  /**
   * Feeds {@code mercato_p2p_disconnects_total}, {@code mercato_p2p_pings_total}, {@code mercato_p2p_ping_rtt_seconds}
   * and {@code mercato_p2p_recv_throttled*} from the node's transport.
   */
  public void bindTransport(TransportStats stats) {
    transport.set(stats);
  }

  /** Feeds {@code mercato_p2p_gossip_transactions_total} from the node's transaction gossip. */
  public void bindGossip(TxGossip.Stats stats) {
    gossip.set(stats);
  }

  private void gossipCounter(String event, ToLongFunction<TxGossip.Stats> count) {
    FunctionCounter.builder("mercato.p2p.gossip.transactions", gossip, g -> count.applyAsLong(g.get()))
        .tag("event", event).description("Transactions on the mempool gossip channel").register(registry);
  }

  /** The methods, each counting its calls in {@code mercato_rpc_requests_total}; pass them to the registry. */
  public List<JsonRpcMethod> instrument(List<? extends JsonRpcMethod> methods) {
    List<JsonRpcMethod> out = new ArrayList<>(methods.size());
    for (JsonRpcMethod m : methods) {
      Counter ok = Counter.builder("mercato.rpc.requests").tag("method", m.name()).tag("outcome", "ok")
          .description("JSON-RPC calls by method").register(registry);
      Counter error = Counter.builder("mercato.rpc.requests").tag("method", m.name()).tag("outcome", "error")
          .description("JSON-RPC calls by method").register(registry);
      out.add(new JsonRpcMethod() {
        @Override
        public String name() {
          return m.name();
        }

        @Override
        public Object execute(JsonRpcRequest request) throws JsonRpcException {
          boolean done = false;
          try {
            Object result = m.execute(request);
            done = true;
            return result;
          } finally {
            (done ? ok : error).increment();
          }
        }
      });
    }
    return out;
  }

  /** The current values, in the Prometheus text format (version 0.0.4). */
  public String scrape() {
    return registry.scrape();
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  @Override
  public void close() {
    for (AutoCloseable c : binders) {
      try {
        c.close();
      } catch (Exception ignored) {
        // Best effort: the registry goes away with the node.
      }
    }
    registry.close();
  }
}
