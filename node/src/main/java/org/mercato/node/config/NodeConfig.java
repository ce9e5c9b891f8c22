package org.mercato.node.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Everything a running node needs besides the genesis: where its data lives, where RPC listens,
 * how fast the dev engine produces blocks. Defaults are a local developer's: RPC on 127.0.0.1.
 *
 * @param dataDir RocksDB directory; empty = an ephemeral temporary directory removed on exit
 * @param metrics the Prometheus endpoint
 * @param provider the data market's download service (off by default)
 * @param rpcAllowedHosts Host header names RPC answers (IP literals always; "*" any): DNS-rebinding guard
 * @param rpcCorsOrigins browser origins RPC allows ("*" any)
 */
public record NodeConfig(
    Optional<Path> dataDir,
    String rpcHost,
    int rpcPort,
    Duration blockTime,
    long rpcMaxRequestBytes,
    int rpcMaxBatch,
    int poolMaxPerSender,
    int poolMaxTotal,
    MetricsConfig metrics,
    ProviderConfig provider,
    List<String> rpcAllowedHosts,
    List<String> rpcCorsOrigins) {

  public static final String DEFAULT_RPC_HOST = "127.0.0.1";
  public static final int DEFAULT_RPC_PORT = 8545;

  public NodeConfig {
    if (rpcPort < 0 || rpcPort > 65535) {
      throw new IllegalArgumentException("RPC port out of range: " + rpcPort);
    }
    if (blockTime.isZero() || blockTime.isNegative()) {
      throw new IllegalArgumentException("block time must be positive");
    }
    java.util.Objects.requireNonNull(metrics, "metrics");
    java.util.Objects.requireNonNull(provider, "provider");
    rpcAllowedHosts = List.copyOf(rpcAllowedHosts);
    rpcCorsOrigins = List.copyOf(rpcCorsOrigins);
  }

  public static NodeConfig defaults() {
    return new NodeConfig(Optional.empty(), DEFAULT_RPC_HOST, DEFAULT_RPC_PORT, Duration.ofSeconds(1),
        10L * 1024 * 1024, 5_000, 16_384, 200_000, MetricsConfig.defaults(),
        ProviderConfig.defaults(), List.of("localhost"), List.of("*"));
  }

  public NodeConfig withDataDir(Optional<Path> d) {
    return new NodeConfig(d, rpcHost, rpcPort, blockTime, rpcMaxRequestBytes, rpcMaxBatch, poolMaxPerSender, poolMaxTotal, metrics, provider, rpcAllowedHosts, rpcCorsOrigins);
  }

  public NodeConfig withRpc(String host, int port) {
    return new NodeConfig(dataDir, host, port, blockTime, rpcMaxRequestBytes, rpcMaxBatch, poolMaxPerSender, poolMaxTotal, metrics, provider, rpcAllowedHosts, rpcCorsOrigins);
  }

  public NodeConfig withBlockTime(Duration t) {
    return new NodeConfig(dataDir, rpcHost, rpcPort, t, rpcMaxRequestBytes, rpcMaxBatch, poolMaxPerSender, poolMaxTotal, metrics, provider, rpcAllowedHosts, rpcCorsOrigins);
  }

  public NodeConfig withMetrics(MetricsConfig m) {
    return new NodeConfig(dataDir, rpcHost, rpcPort, blockTime, rpcMaxRequestBytes, rpcMaxBatch, poolMaxPerSender, poolMaxTotal, m, provider, rpcAllowedHosts, rpcCorsOrigins);
  }

  public NodeConfig withProvider(ProviderConfig p) {
    return new NodeConfig(dataDir, rpcHost, rpcPort, blockTime, rpcMaxRequestBytes, rpcMaxBatch, poolMaxPerSender, poolMaxTotal, metrics, p, rpcAllowedHosts, rpcCorsOrigins);
  }

  public NodeConfig withRpcBrowserAccess(List<String> allowedHosts, List<String> corsOrigins) {
    return new NodeConfig(dataDir, rpcHost, rpcPort, blockTime, rpcMaxRequestBytes, rpcMaxBatch, poolMaxPerSender, poolMaxTotal,
        metrics, provider, allowedHosts, corsOrigins);
  }
}
