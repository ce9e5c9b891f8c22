package org.mercato.node.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.mercato.node.cli.DurationConverter;
import org.mercato.p2p.transport.KeepAliveConfig;
import org.mercato.p2p.transport.RecvRateConfig;
import picocli.CommandLine;

/**
 * {@code config.toml} in a node's home folder. Every field is optional; what is absent takes the
 * default of {@link NodeConfig#defaults()}. Unknown keys are an error, so a typo is not ignored.
 */
public record ConfigFile(
    @JsonProperty("data_dir") String dataDir,
    @JsonProperty("rpc") Rpc rpc,
    @JsonProperty("chain") Chain chain,
    @JsonProperty("txpool") TxPool txpool,
    @JsonProperty("metrics") Metrics metrics,
    @JsonProperty("p2p") P2p p2p,
    @JsonProperty("consensus") Consensus consensus,
    @JsonProperty("provider") Provider provider) {

  public static final String FILE_NAME = "config.toml";

  public record Rpc(@JsonProperty("host") String host, @JsonProperty("port") Integer port,
      @JsonProperty("max_request_bytes") Long maxRequestBytes, @JsonProperty("max_batch") Integer maxBatch,
      @JsonProperty("allowed_hosts") List<String> allowedHosts, @JsonProperty("cors_origins") List<String> corsOrigins) {}

  public record Chain(@JsonProperty("block_time") String blockTime) {}

  public record TxPool(@JsonProperty("max_per_sender") Integer maxPerSender, @JsonProperty("max_total") Integer maxTotal) {}

  public record Metrics(@JsonProperty("enabled") Boolean enabled, @JsonProperty("host") String host,
      @JsonProperty("port") Integer port) {}

  /**
   * {@code listen = "HOST:PORT"}; {@code persistent_peers = ["ID@HOST:PORT", ...]}; keep-alive durations
   * {@code ping_interval}, {@code pong_timeout} (docs/spec/p2p.md §7.2); {@code recv_rate} in bytes per second
   * (§7.3).
   */
  public record P2p(@JsonProperty("listen") String listen,
      @JsonProperty("persistent_peers") java.util.List<String> persistentPeers,
      @JsonProperty("ping_interval") String pingInterval,
      @JsonProperty("pong_timeout") String pongTimeout,
      @JsonProperty("recv_rate") Long recvRate) {}

  /**
   * Durations such as "3s" or "500ms": the timeouts (docs/spec/consensus.md §4) and {@code catch_up_interval}
   * (§10 "Catch-up").
   */
  public record Consensus(
      @JsonProperty("timeout_propose") String timeoutPropose,
      @JsonProperty("timeout_propose_delta") String timeoutProposeDelta,
      @JsonProperty("timeout_prevote") String timeoutPrevote,
      @JsonProperty("timeout_prevote_delta") String timeoutPrevoteDelta,
      @JsonProperty("timeout_precommit") String timeoutPrecommit,
      @JsonProperty("timeout_precommit_delta") String timeoutPrecommitDelta,
      @JsonProperty("timeout_commit") String timeoutCommit,
      @JsonProperty("catch_up_interval") String catchUpInterval,
      @JsonProperty("max_block_txs") Integer maxBlockTxs) {}

  /**
   * The download service (docs/spec/data-market.md §Provider (download service)); {@code key_file} relative to the
   * home folder.
   */
  public record Provider(@JsonProperty("enabled") Boolean enabled, @JsonProperty("host") String host,
      @JsonProperty("port") Integer port, @JsonProperty("key_file") String keyFile,
      @JsonProperty("max_upload_bytes") Long maxUploadBytes) {}

  /** A file with no keys: every default. */
  public static ConfigFile empty() {
    return new ConfigFile(null, null, null, null, null, null, null, null);
  }

  public static final String TEMPLATE = """
      # Mercato node configuration. Every key is optional; shown here with its default.
      # Relative paths are relative to this file's folder (the node's home).
      data_dir = "data"

      [rpc]
      # JSON-RPC over HTTP and WebSocket, on one port. Bind beyond 127.0.0.1 only behind a firewall.
      host = "127.0.0.1"
      port = 8545
      max_request_bytes = 10485760
      max_batch = 5000
      # Host names a request may address (HTTP Host header); IP addresses are always accepted, "*" accepts
      # any name. Keeps web pages away from a local node through DNS rebinding (as geth's --http.vhosts).
      allowed_hosts = ["localhost"]
      # Browser origins allowed to call (CORS, and WebSocket upgrades); "*" allows any.
      cors_origins = ["*"]

      [chain]
      # How often `mercato dev` produces a block (the single-validator dev engine; `mercato node` runs
      # Tendermint consensus, whose pace is set by [consensus] timeout_commit).
      block_time = "1s"

      [p2p]
      # The validator network (docs/spec/p2p.md). Peers are ID@HOST:PORT; the id is printed at start-up.
      listen = "127.0.0.1:26656"
      persistent_peers = []
      # Keep-alive (docs/spec/p2p.md §7.2): a peer silent for ping_interval is sent a ping, and dropped
      # (then redialled, if persistent) when nothing arrives within pong_timeout after it.
      ping_interval = "10s"
      pong_timeout = "20s"
      # Bytes per second read from each peer (docs/spec/p2p.md §7.3); a faster sender is slowed by TCP
      # back-pressure, never disconnected. 16 MiB/s is about ten times what a busy validator receives.
      recv_rate = 16777216

      [consensus]
      # Tendermint timeouts (docs/spec/consensus.md §4): round r waits base + r * delta.
      timeout_propose = "3s"
      timeout_propose_delta = "500ms"
      timeout_prevote = "1s"
      timeout_prevote_delta = "500ms"
      timeout_precommit = "1s"
      timeout_precommit_delta = "500ms"
      timeout_commit = "1s"
      # While a height is undecided, this node sends its own proposal and votes again this often, so a
      # message lost on the way cannot stall the height (docs/spec/consensus.md §10 "Catch-up"). Shorter
      # recovers a lost vote sooner for more repeated traffic. Must be positive.
      catch_up_interval = "2s"
      # The most transactions this node puts in a block it proposes: what every validator can receive,
      # decode and execute well within timeout_propose (docs/spec/consensus.md §10 "Block size").
      max_block_txs = 4000

      [txpool]
      max_per_sender = 16384
      max_total = 200000

      [metrics]
      # Prometheus text format at http://HOST:PORT/metrics. port = 0 picks a free port;
      # enabled = false runs no metrics server. Bind beyond 127.0.0.1 only behind a firewall.
      enabled = true
      host = "127.0.0.1"
      port = 9545

      [provider]
      # The data market's download service (docs/spec/data-market.md, Provider): stores publishers' files
      # under data_dir/provider/ and serves them to consumers of valid orders. Its key names this provider
      # in the messages clients sign; by default data_dir/provider_key.json, created (owner-only) on first
      # start. Bind beyond 127.0.0.1 only behind a firewall or a TLS proxy.
      enabled = false
      host = "127.0.0.1"
      port = 8550
      # key_file = "provider_key.json"
      max_upload_bytes = 33554432
      """;

  public static ConfigFile read(Path file) throws IOException {
    try {
      return TomlMapper.builder().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build()
          .readValue(file.toFile(), ConfigFile.class);
    } catch (com.fasterxml.jackson.core.JacksonException e) {
      throw new IOException(file + ": " + e.getOriginalMessage(), e);
    }
  }

  /** Applies this file over the defaults; {@code home} resolves the relative data directory. */
  public NodeConfig toNodeConfig(Path home) {
    NodeConfig d = NodeConfig.defaults();
    Path data = home.resolve(dataDir == null ? "data" : dataDir);
    Rpc r = rpc == null ? new Rpc(null, null, null, null, null, null) : rpc;
    TxPool t = txpool == null ? new TxPool(null, null) : txpool;
    Metrics m = metrics == null ? new Metrics(null, null, null) : metrics;
    Provider p = provider == null ? new Provider(null, null, null, null, null) : provider;
    ProviderConfig dp = d.provider();
    Duration blockTime = chain == null || chain.blockTime() == null ? d.blockTime()
        : new DurationConverter().convert(chain.blockTime());
    return new NodeConfig(Optional.of(data),
        r.host() == null ? d.rpcHost() : r.host(),
        r.port() == null ? d.rpcPort() : r.port(),
        blockTime,
        r.maxRequestBytes() == null ? d.rpcMaxRequestBytes() : r.maxRequestBytes(),
        r.maxBatch() == null ? d.rpcMaxBatch() : r.maxBatch(),
        t.maxPerSender() == null ? d.poolMaxPerSender() : t.maxPerSender(),
        t.maxTotal() == null ? d.poolMaxTotal() : t.maxTotal(),
        new MetricsConfig(m.enabled() == null ? d.metrics().enabled() : m.enabled(),
            m.host() == null ? d.metrics().host() : m.host(),
            m.port() == null ? d.metrics().port() : m.port()),
        new ProviderConfig(p.enabled() == null ? dp.enabled() : p.enabled(),
            p.host() == null ? dp.host() : p.host(),
            p.port() == null ? dp.port() : p.port(),
            p.keyFile() == null ? dp.keyFile() : Optional.of(home.resolve(p.keyFile())),
            p.maxUploadBytes() == null ? dp.maxUploadBytes() : p.maxUploadBytes()),
        r.allowedHosts() == null ? d.rpcAllowedHosts() : r.allowedHosts(),
        r.corsOrigins() == null ? d.rpcCorsOrigins() : r.corsOrigins());
  }

  /** The [p2p] and [consensus] sections over {@link NetworkConfig#defaults()}. */
  public NetworkConfig toNetworkConfig() {
    NetworkConfig d = NetworkConfig.defaults();
    String host = d.p2pHost();
    int port = d.p2pPort();
    java.util.List<String> peers = d.persistentPeers();
    KeepAliveConfig keepAlive = d.keepAlive();
    RecvRateConfig recvRate = d.recvRate();
    if (p2p != null) {
      if (p2p.recvRate() != null) {
        recvRate = RecvRateConfig.perSecond(p2p.recvRate());
      }
      keepAlive = new KeepAliveConfig(duration("[p2p] ping_interval", p2p.pingInterval(), keepAlive.pingInterval()),
          duration("[p2p] pong_timeout", p2p.pongTimeout(), keepAlive.pongTimeout()));
      if (p2p.listen() != null) {
        int colon = p2p.listen().lastIndexOf(':');
        if (colon <= 0) {
          throw new IllegalArgumentException("[p2p] listen must be HOST:PORT, got " + p2p.listen());
        }
        host = p2p.listen().substring(0, colon);
        try {
          port = Integer.parseInt(p2p.listen().substring(colon + 1));
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("[p2p] listen must be HOST:PORT, got " + p2p.listen());
        }
      }
      if (p2p.persistentPeers() != null) {
        peers = p2p.persistentPeers();
      }
    }
    Consensus c = consensus == null ? new Consensus(null, null, null, null, null, null, null, null, null) : consensus;
    return new NetworkConfig(host, port, peers,
        duration("[consensus] timeout_propose", c.timeoutPropose(), d.timeoutPropose()),
        duration("[consensus] timeout_propose_delta", c.timeoutProposeDelta(), d.timeoutProposeDelta()),
        duration("[consensus] timeout_prevote", c.timeoutPrevote(), d.timeoutPrevote()),
        duration("[consensus] timeout_prevote_delta", c.timeoutPrevoteDelta(), d.timeoutPrevoteDelta()),
        duration("[consensus] timeout_precommit", c.timeoutPrecommit(), d.timeoutPrecommit()),
        duration("[consensus] timeout_precommit_delta", c.timeoutPrecommitDelta(), d.timeoutPrecommitDelta()),
        duration("[consensus] timeout_commit", c.timeoutCommit(), d.timeoutCommit()),
        duration("[consensus] catch_up_interval", c.catchUpInterval(), d.catchUpInterval()),
        c.maxBlockTxs() == null ? d.maxBlockTxs() : c.maxBlockTxs(), keepAlive, recvRate);
  }

  /** {@code text} parsed as a duration, {@code dflt} when absent; an unparseable value names its {@code key}. */
  private static Duration duration(String key, String text, Duration dflt) {
    if (text == null) {
      return dflt;
    }
    try {
      return new DurationConverter().convert(text);
    } catch (CommandLine.TypeConversionException e) {
      throw new IllegalArgumentException(key + ": " + e.getMessage(), e);
    }
  }

  public static void writeTemplate(Path file) throws IOException {
    Files.writeString(file, TEMPLATE);
  }
}
