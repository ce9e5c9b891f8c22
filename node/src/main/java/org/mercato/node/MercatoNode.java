package org.mercato.node;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.mercato.consensus.bft.types.ValidatorSet;
import org.mercato.market.data.dispenser.Dispenser;
import org.mercato.market.data.factory.DataAssetFactory;
import org.mercato.market.data.factory.DatatokenResolver;
import org.mercato.market.data.fre.FixedRateExchange;
import org.mercato.market.data.order.OrderBook;
import org.mercato.market.data.provider.ChainLedger;
import org.mercato.node.config.NodeConfig;
import org.mercato.node.consensusrpc.ConsensusRpcMethods;
import org.mercato.node.marketrpc.MarketRpcMethods;
import org.mercato.node.metrics.MetricsServer;
import org.mercato.node.metrics.NodeMetrics;
import org.mercato.node.network.DevValidator;
import org.mercato.node.network.ValidatorNetwork;
import org.mercato.node.provider.Provider;
import org.mercato.rpc.eth.ChainAccess;
import org.mercato.rpc.eth.EthMethods;
import org.mercato.rpc.eth.FeeSuggestion;
import org.mercato.rpc.jsonrpc.JsonRpcMethod;
import org.mercato.rpc.jsonrpc.JsonRpcProcessor;
import org.mercato.rpc.jsonrpc.MethodRegistry;
import org.mercato.rpc.methods.BasicMethods;
import org.mercato.rpc.methods.MercatoSystemContracts;
import org.mercato.rpc.server.JsonRpcServer;
import org.mercato.rpc.server.RpcServerConfig;
import org.mercato.state.chain.Blockchain;
import org.mercato.state.chain.ChainParameters;
import org.mercato.state.chain.ChainStore;
import org.mercato.state.chain.ExecutedBlock;
import org.mercato.state.concurrent.SideWork;
import org.mercato.state.crypto.KeyPair;
import org.mercato.state.crypto.Secp256k1;
import org.mercato.state.exec.BlockExecutor;
import org.mercato.state.exec.SystemContract;
import org.mercato.state.exec.SystemContracts;
import org.mercato.state.exec.TransactionProcessor;
import org.mercato.state.storage.RocksDatabase;
import org.mercato.state.trie.NodeCache;
import org.mercato.state.tx.TransactionDecoder;
import org.mercato.state.txpool.PoolHead;
import org.mercato.state.txpool.TransactionPool;
import org.mercato.state.txpool.TxPoolConfig;
import org.mercato.state.world.StateDatabase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running node: storage, chain, pool, block production and JSON-RPC, wired by constructor and
 * closed in reverse order. Everything it runs is created here; nothing is a static singleton.
 *
 * <p>Both modes run the Tendermint engine ({@code BftEngine}): the dev mode ({@code mercato dev})
 * as a {@link DevValidator}, one validator without p2p; the BFT mode ({@code mercato node}) as a
 * {@link ValidatorNetwork}: p2p, block sync, transaction gossip and consensus with the genesis
 * validator set.
 */
public final class MercatoNode implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(MercatoNode.class);

  private final NodeConfig config;
  private final Path dataDir;
  private final boolean ephemeral;
  private final RocksDatabase db;
  private final SideWork sideWork = SideWork.forThisMachine(); // trie and root hashing on the other cores
  private final Blockchain chain;
  private final TransactionPool pool;
  private final DevValidator dev;          // dev mode, else null
  private final ValidatorNetwork network;  // BFT mode, else null
  private final JsonRpcServer rpc;
  private final NodeMetrics metrics;
  private final MetricsServer metricsServer; // null when metrics are off
  private final Provider provider;           // null when the provider is off
  private InetSocketAddress rpcAddress;

  /** The dev validator: its key and the genesis validator set (which must name it, as a quorum alone). */
  public record DevSettings(KeyPair validatorKey, ValidatorSet validators) {}

  /** Dev mode: the one validator {@code dev} produces every block ({@link DevValidator}). */
  public MercatoNode(ChainParameters params, NodeConfig config, DevSettings dev, Secp256k1 curve,
      List<SystemContract> systemContracts, Clock clock) {
    this(params, config, Optional.of(dev), Optional.empty(), curve, systemContracts, clock);
  }

  /** BFT mode: a validator (or full node) of the validator network described by {@code network}. */
  public MercatoNode(ChainParameters params, NodeConfig config, ValidatorNetwork.Settings network, Secp256k1 curve,
      List<SystemContract> systemContracts, Clock clock) {
    this(params, config, Optional.empty(), Optional.of(network), curve, systemContracts, clock);
  }

  private MercatoNode(ChainParameters params, NodeConfig config, Optional<DevSettings> devValidator,
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
      SystemContracts contracts = systemContracts(systemContracts);
      StateDatabase stateDb = new StateDatabase(db, new NodeCache(StateDatabase.DEFAULT_NODE_CACHE_NODES), sideWork);
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
        this.dev = null;
        this.network = new ValidatorNetwork(chain, pool, decoder, curve, bft.get(), dataDir, clock);
        metrics.bindPeers(network::peerCount);
        metrics.bindRound(network::consensusRound);
        metrics.bindSyncTarget(network::syncTarget);
        metrics.bindGossip(network.gossipStats());
        metrics.bindTransport(network.transportStats());
        network.onProduced((block, proposeNanos, commitNanos) -> metrics.recordProduction(proposeNanos, commitNanos));
      } else {
        DevSettings d = devValidator.orElseThrow();
        this.dev = new DevValidator(chain, pool, decoder, curve, d.validatorKey(), d.validators(), config.blockTime(), dataDir,
            clock, (block, proposeNanos, commitNanos) -> metrics.recordProduction(proposeNanos, commitNanos));
        this.network = null;
      }
      List<JsonRpcMethod> methods = new ArrayList<>(BasicMethods.create(MercatoVersion.NAME, params.chainId(),
          () -> network == null ? 0 : network.peerCount()));
      methods.addAll(EthMethods.create(chain, pool, decoder, contracts, FeeSuggestion.defaults()));
      methods.add(new MercatoSystemContracts(contracts));
      methods.addAll(MarketRpcMethods.create(() -> chain.stateAt(chain.head())));
      methods.addAll(ConsensusRpcMethods.create(new ChainAccess(chain),
          network != null ? network.consensusSource() : dev.consensusSource()));
      this.rpc = new JsonRpcServer(
          RpcServerConfig.defaults().withHost(config.rpcHost()).withPort(config.rpcPort())
              .withAllowedHosts(config.rpcAllowedHosts()).withCorsAllowedOrigins(config.rpcCorsOrigins())
              .withMaxRequestBytes((int) config.rpcMaxRequestBytes()),
          new JsonRpcProcessor(new MethodRegistry(metrics.instrument(methods)), config.rpcMaxBatch()));
      this.metricsServer = config.metrics().enabled()
          ? new MetricsServer(config.metrics().host(), config.metrics().port(), metrics::scrape) : null;
      ChainLedger ledger = new ChainLedger();
      this.provider = config.provider().enabled()
          ? Provider.open(config.provider(), dataDir, chain, curve, ledger, ledger) : null;
    } catch (RuntimeException e) {
      sideWork.close();
      db.close();
      throw e;
    }
    LOG.info("Chain {} at block #{} ({}), data in {}{}", params.chainId(), chain.head().number(), chain.headHash(),
        dataDir, ephemeral ? " (ephemeral)" : "");
  }

  /**
   * The node's native contracts: the data market's fixed contracts ({@link #marketContracts}), then {@code extra}
   * (test contracts), with the {@link DatatokenResolver} serving datatokens at their derived addresses.
   */
  public static SystemContracts systemContracts(List<SystemContract> extra) {
    List<SystemContract> all = new ArrayList<>(marketContracts());
    all.addAll(extra);
    return new SystemContracts(all, new DatatokenResolver());
  }

  /** The data market's contracts at fixed addresses (docs/spec/data-market.md §Reserved addresses). */
  public static List<SystemContract> marketContracts() {
    return List.of(new DataAssetFactory(), new FixedRateExchange(), new Dispenser(), new OrderBook());
  }

  /** Starts RPC, metrics and the provider, then block production (dev) or the validator network (BFT). */
  public void start() {
    rpcAddress = rpc.start();
    if (metricsServer != null) {
      metricsServer.start();
    }
    if (provider != null) {
      provider.start();
    }
    if (network != null) {
      network.start();
    } else {
      dev.start();
    }
  }

  public Blockchain chain() {
    return chain;
  }

  public TransactionPool pool() {
    return pool;
  }

  /** The dev validator; null in BFT mode. */
  public DevValidator dev() {
    return dev;
  }

  /**
   * Dev mode: starts the next height now instead of after the block time and returns its block once
   * committed (deterministic block production for tests and tools).
   */
  public ExecutedBlock produceBlockNow() {
    if (dev == null) {
      throw new IllegalStateException("only a dev node produces blocks on demand");
    }
    return dev.produceBlockNow(Duration.ofSeconds(30));
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

  /** The download service (docs/spec/data-market.md §Provider (download service)); null when it is off. */
  public Provider provider() {
    return provider;
  }

  /**
   * Stops metrics and the provider, then producing (BFT: consensus and block sync, then gossip and p2p), lets an
   * in-flight block finish, stops RPC, closes the database.
   */
  @Override
  public void close() {
    if (metricsServer != null) {
      metricsServer.close();
    }
    if (provider != null) {
      provider.close();
    }
    if (network != null) {
      network.close();
    } else {
      dev.close();
    }
    rpc.close();
    metrics.close();
    sideWork.close();
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
