package org.mercato.node.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.mercato.node.cli.DurationConverter;

/**
 * {@code config.toml} in a node's home folder. Every field is optional; what is absent takes the
 * default of {@link NodeConfig#defaults()}. Unknown keys are an error, so a typo is not ignored.
 */
public record ConfigFile(
    @JsonProperty("data_dir") String dataDir,
    @JsonProperty("rpc") Rpc rpc,
    @JsonProperty("chain") Chain chain,
    @JsonProperty("txpool") TxPool txpool,
    @JsonProperty("metrics") Metrics metrics) {

  public static final String FILE_NAME = "config.toml";

  public record Rpc(@JsonProperty("host") String host, @JsonProperty("port") Integer port,
      @JsonProperty("max_request_bytes") Long maxRequestBytes, @JsonProperty("max_batch") Integer maxBatch) {}

  public record Chain(@JsonProperty("block_time") String blockTime) {}

  public record TxPool(@JsonProperty("max_per_sender") Integer maxPerSender, @JsonProperty("max_total") Integer maxTotal) {}

  public record Metrics(@JsonProperty("enabled") Boolean enabled, @JsonProperty("host") String host,
      @JsonProperty("port") Integer port) {}

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

      [chain]
      # How often this validator proposes a block (the single-validator engine).
      block_time = "1s"

      [txpool]
      max_per_sender = 16384
      max_total = 200000

      [metrics]
      # Prometheus text format at http://HOST:PORT/metrics. port = 0 picks a free port;
      # enabled = false runs no metrics server. Bind beyond 127.0.0.1 only behind a firewall.
      enabled = true
      host = "127.0.0.1"
      port = 9545
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
    Rpc r = rpc == null ? new Rpc(null, null, null, null) : rpc;
    TxPool t = txpool == null ? new TxPool(null, null) : txpool;
    Metrics m = metrics == null ? new Metrics(null, null, null) : metrics;
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
            m.port() == null ? d.metrics().port() : m.port()));
  }

  public static void writeTemplate(Path file) throws IOException {
    Files.writeString(file, TEMPLATE);
  }
}
