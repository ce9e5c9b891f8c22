package org.mercato.rpc.server;

import java.util.List;

/**
 * Transport settings. Start from {@link #defaults()} and adjust with the {@code with*} methods.
 *
 * @param host interface to bind; loopback unless the operator says otherwise
 * @param port TCP port; 0 picks a free one (see {@link JsonRpcServer#start()})
 * @param maxRequestBytes largest HTTP body or WebSocket message accepted (413 / close 1009 beyond)
 * @param corsAllowedOrigins origins browsers may call from; "*" allows any. Also checked on WebSocket upgrades.
 * @param workerThreads threads of the default worker pool that runs methods (when no executor is given)
 * @param workerQueueCapacity requests waiting for a worker before the server answers "busy"
 * @param ioThreads netty event loop threads for connections
 * @param idleTimeoutSeconds an HTTP connection with no traffic for this long is closed (0: never)
 * @param allowedHosts host names accepted in the Host header ("*" any; IP literals are always
 *     accepted), so a web page cannot reach a loopback node through DNS rebinding (geth's --http.vhosts)
 */
public record RpcServerConfig(
    String host,
    int port,
    int maxRequestBytes,
    List<String> corsAllowedOrigins,
    int workerThreads,
    int workerQueueCapacity,
    int ioThreads,
    int idleTimeoutSeconds,
    List<String> allowedHosts) {

  public static final String DEFAULT_HOST = "127.0.0.1";
  public static final int DEFAULT_PORT = 8545;
  public static final int DEFAULT_MAX_REQUEST_BYTES = 10 * 1024 * 1024;

  public RpcServerConfig {
    if (host == null || host.isBlank()) {
      throw new IllegalArgumentException("host is required");
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port out of range: " + port);
    }
    if (maxRequestBytes < 1024) {
      throw new IllegalArgumentException("maxRequestBytes must be at least 1024");
    }
    if (workerThreads < 1 || workerQueueCapacity < 1 || ioThreads < 1 || idleTimeoutSeconds < 0) {
      throw new IllegalArgumentException("thread counts and queue capacity must be positive");
    }
    corsAllowedOrigins = List.copyOf(corsAllowedOrigins);
    allowedHosts = List.copyOf(allowedHosts);
  }

  public static RpcServerConfig defaults() {
    int cores = Runtime.getRuntime().availableProcessors();
    return new RpcServerConfig(DEFAULT_HOST, DEFAULT_PORT, DEFAULT_MAX_REQUEST_BYTES, List.of("*"),
        Math.max(2, cores), 10_000, Math.min(2, cores), 120,
        List.of("localhost"));
  }

  public RpcServerConfig withHost(String host) {
    return new RpcServerConfig(host, port, maxRequestBytes, corsAllowedOrigins, workerThreads, workerQueueCapacity, ioThreads, idleTimeoutSeconds, allowedHosts);
  }

  public RpcServerConfig withPort(int port) {
    return new RpcServerConfig(host, port, maxRequestBytes, corsAllowedOrigins, workerThreads, workerQueueCapacity, ioThreads, idleTimeoutSeconds, allowedHosts);
  }

  public RpcServerConfig withMaxRequestBytes(int maxRequestBytes) {
    return new RpcServerConfig(host, port, maxRequestBytes, corsAllowedOrigins, workerThreads, workerQueueCapacity, ioThreads, idleTimeoutSeconds, allowedHosts);
  }

  public RpcServerConfig withCorsAllowedOrigins(List<String> corsAllowedOrigins) {
    return new RpcServerConfig(host, port, maxRequestBytes, corsAllowedOrigins, workerThreads, workerQueueCapacity, ioThreads, idleTimeoutSeconds, allowedHosts);
  }

  public RpcServerConfig withWorkerThreads(int workerThreads) {
    return new RpcServerConfig(host, port, maxRequestBytes, corsAllowedOrigins, workerThreads, workerQueueCapacity, ioThreads, idleTimeoutSeconds, allowedHosts);
  }

  public RpcServerConfig withWorkerQueueCapacity(int workerQueueCapacity) {
    return new RpcServerConfig(host, port, maxRequestBytes, corsAllowedOrigins, workerThreads, workerQueueCapacity, ioThreads, idleTimeoutSeconds, allowedHosts);
  }

  public RpcServerConfig withIoThreads(int ioThreads) {
    return new RpcServerConfig(host, port, maxRequestBytes, corsAllowedOrigins, workerThreads, workerQueueCapacity, ioThreads, idleTimeoutSeconds, allowedHosts);
  }

  public RpcServerConfig withIdleTimeoutSeconds(int idleTimeoutSeconds) {
    return new RpcServerConfig(host, port, maxRequestBytes, corsAllowedOrigins, workerThreads, workerQueueCapacity, ioThreads, idleTimeoutSeconds, allowedHosts);
  }

  public RpcServerConfig withAllowedHosts(List<String> allowedHosts) {
    return new RpcServerConfig(host, port, maxRequestBytes, corsAllowedOrigins, workerThreads, workerQueueCapacity, ioThreads, idleTimeoutSeconds, allowedHosts);
  }
}
