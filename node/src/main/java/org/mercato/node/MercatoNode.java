package org.mercato.node;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.stream.Stream;
import org.mercato.consensus.dev.DevEngine;
import org.mercato.node.config.NodeConfig;
import org.mercato.node.metrics.MetricsServer;
import org.mercato.node.metrics.NodeMetrics;
import org.mercato.node.network.ValidatorNetwork;
import org.mercato.rpc.eth.EthMethods;
import org.mercato.rpc.eth.FeeSuggestion;
import org.mercato.rpc.jsonrpc.JsonRpcMethod;
import org.mercato.rpc.jsonrpc.JsonRpcProcessor;
import org.mercato.rpc.jsonrpc.MethodRegistry;
import org.mercato.rpc.methods.BasicMethods;
import org.mercato.rpc.server.JsonRpcServer;
import org.mercato.rpc.server.RpcServerConfig;
import org.mercato.state.chain.Blockchain;
import org.mercato.state.chain.ChainParameters;
import org.mercato.state.chain.ChainStore;
import org.mercato.state.crypto.Secp256k1;
import org.mercato.state.exec.BlockExecutor;
import org.mercato.state.exec.SystemContract;
import org.mercato.state.exec.SystemContracts;
import org.mercato.state.exec.TransactionProcessor;
import org.mercato.state.storage.RocksDatabase;
import org.mercato.state.tx.TransactionDecoder;
import org.mercato.state.txpool.PoolHead;
import org.mercato.state.txpool.TransactionPool;
import org.mercato.state.txpool.TxPoolConfig;
import org.mercato.state.types.Address;
import org.mercato.state.world.StateDatabase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running node: storage, chain, pool, block production and JSON-RPC, wired by constructor and
 * closed in reverse order. Everything it runs is created here; nothing is a static singleton.
 *
 * <p>Two modes: the dev mode ({@code mercato dev}) runs the single-validator {@link DevEngine}; the
 * BFT mode ({@code mercato node}) runs a {@link ValidatorNetwork}: p2p, block sync, transaction
 * gossip and Tendermint consensus with the genesis validator set.
 */
public final class MercatoNode implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(MercatoNode.class);

  private final NodeConfig config;
  private final Path dataDir;
  private final boolean ephemeral;
  private final RocksDatabase db;
  private final Blockchain chain;
  private final TransactionPool pool;
  private final ScheduledExecutorService consensusThread;
  private final DevEngine engine;          // dev mode, else null
  private final ValidatorNetwork network;  // BFT mode, else null
  private final JsonRpcServer rpc;
  private final NodeMetrics metrics;
  private final MetricsServer metricsServer; // null when metrics are off
  private InetSocketAddress rpcAddress;

  /** Dev mode: {@code validator} produces every block with the {@link DevEngine}. */
  public MercatoNode(ChainParameters params, NodeConfig config, Address validator, Secp256k1 curve,
      List<SystemContract> systemContracts, Clock clock) {
    this(params, config, Optional.of(validator), Optional.empty(), curve, systemContracts, clock);
  }

  /** BFT mode: a validator (or full node) of the validator network described by {@code network}. */
  public MercatoNode(ChainParameters params, NodeConfig config, ValidatorNetwork.Settings network, Secp256k1 curve,
      List<SystemContract> systemContracts, Clock clock) {
    this(params, config, Optional.empty(), Optional.of(network), curve, systemContracts, clock);
  }

  private MercatoNode(ChainParameters params, NodeConfig config, Optional<Address> devValidator,
      Optional<ValidatorNetwork.Settings> bft, Secp256k1 curve, List<SystemContract> systemContracts, Clock clock) {
    this.config = config;
    this.ephemeral = config.dataDir().isEmpty();
    try {
      this.dataDir = ephemeral ? Files.createTempDirectory("mercato-dev-") : Files.createDirectories(config.dataDir().get());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create data directory", e);
    }
    this.db = RocksDatabase.open(dataDir.resolve("db"));
    try {
      TransactionDecoder decoder = new TransactionDecoder(curve);
      SystemContracts contracts = new SystemContracts(systemContracts);
      StateDatabase stateDb = new StateDatabase(db);
      this.chain = new Blockchain(params, db, new ChainStore(db, decoder), stateDb,
          new BlockExecutor(new TransactionProcessor(contracts)));
      this.pool = new TransactionPool(
          new TxPoolConfig(params.chainId(), params.blockGasLimit(), config.poolMaxPerSender(), config.poolMaxTotal(),
              TxPoolConfig.DEFAULT_PRICE_BUMP_PERCENT),
          () -> new PoolHead(chain.latestState(), chain.nextBaseFee()));
      chain.addListener(b -> pool.removeIncluded(b.block().transactions(), chain.latestState()));
      this.metrics = new NodeMetrics(chain, pool);
      chain.addListener(metrics.blockListener());
      if (bft.isPresent()) {
        this.consensusThread = null;
        this.engine = null;
        this.network = new ValidatorNetwork(chain, pool, decoder, curve, bft.get(), dataDir, clock);
        metrics.bindPeers(network::peerCount);
        metrics.bindRound(network::consensusRound);
        metrics.bindSyncTarget(network::syncTarget);
      } else {
        this.consensusThread = Executors.newSingleThreadScheduledExecutor(r -> {
          Thread t = new Thread(r, "consensus");
          t.setDaemon(true);
          return t;
        });
        this.engine = new DevEngine(chain, pool, devValidator.orElseThrow(), config.blockTime(), clock, consensusThread);
        engine.setProductionListener((block, proposeNanos, commitNanos) -> metrics.recordProduction(proposeNanos, commitNanos));
        this.network = null;
      }
      List<JsonRpcMethod> methods = new ArrayList<>(BasicMethods.create(MercatoVersion.NAME, params.chainId(),
          () -> network == null ? 0 : network.peerCount()));
      methods.addAll(EthMethods.create(chain, pool, decoder, contracts, FeeSuggestion.defaults()));
      this.rpc = new JsonRpcServer(
          RpcServerConfig.defaults().withHost(config.rpcHost()).withPort(config.rpcPort())
              .withMaxRequestBytes((int) config.rpcMaxRequestBytes()),
          new JsonRpcProcessor(new MethodRegistry(metrics.instrument(methods)), config.rpcMaxBatch()));
      this.metricsServer = config.metrics().enabled()
          ? new MetricsServer(config.metrics().host(), config.metrics().port(), metrics::scrape) : null;
    } catch (RuntimeException e) {
      db.close();
      throw e;
    }
    LOG.info("Chain {} at block #{} ({}), data in {}{}", params.chainId(), chain.head().number(), chain.headHash(),
        dataDir, ephemeral ? " (ephemeral)" : "");
  }

  /** Starts RPC and metrics, then block production (dev) or the validator network (BFT). */
  public void start() {
    rpcAddress = rpc.start();
    if (metricsServer != null) {
      metricsServer.start();
    }
    if (network != null) {
      network.start();
    } else {
      engine.start();
    }
  }

  public Blockchain chain() {
    return chain;
  }

  public TransactionPool pool() {
    return pool;
  }

  /** The dev engine; null in BFT mode. */
  public DevEngine engine() {
    return engine;
  }

  /** The validator network; null in dev mode. */
  public ValidatorNetwork network() {
    return network;
  }

  public URI rpcUri() {
    return rpc.httpUri();
  }

  public InetSocketAddress rpcAddress() {
    return rpcAddress;
  }

  public NodeConfig config() {
    return config;
  }

  public NodeMetrics metrics() {
    return metrics;
  }

  /** Where /metrics is served; null when metrics are off or the node is not started. */
  public InetSocketAddress metricsAddress() {
    return metricsServer == null ? null : metricsServer.address();
  }

  /**
   * Stops metrics, then producing (BFT: consensus and block sync, then gossip and p2p), lets an
   * in-flight block finish, stops RPC, closes the database.
   */
  @Override
  public void close() {
    if (metricsServer != null) {
      metricsServer.close();
    }
    if (network != null) {
      network.close();
    } else {
      engine.close();
      consensusThread.shutdown();
      try {
        if (!consensusThread.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS)) {
          LOG.warn("Block production did not stop within 30 s");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    rpc.close();
    metrics.close();
    db.close();
    if (ephemeral) {
      deleteRecursively(dataDir);
    }
    LOG.info("Node stopped at block #{}", chain.head().number());
  }

  private static void deleteRecursively(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      LOG.warn("Could not delete {}: {}", dir, e.getMessage());
    }
  }
}
