package org.mercato.node.config;

/**
 * The Prometheus endpoint ({@code GET /metrics}). On by default on 127.0.0.1:9545, so a local
 * Prometheus can scrape a dev node without setup; port 0 picks a free port.
 *
 * @param enabled false = no metrics server (the node still counts, nobody can read it)
 */
public record MetricsConfig(boolean enabled, String host, int port) {
  public static final String DEFAULT_HOST = "127.0.0.1";
  public static final int DEFAULT_PORT = 9545;

  public MetricsConfig {
    if (host == null || host.isBlank()) {
      throw new IllegalArgumentException("metrics host must not be empty");
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("metrics port out of range: " + port);
    }
  }

  public static MetricsConfig defaults() {
    return new MetricsConfig(true, DEFAULT_HOST, DEFAULT_PORT);
  }

  public static MetricsConfig disabled() {
    return new MetricsConfig(false, DEFAULT_HOST, DEFAULT_PORT);
  }

  public MetricsConfig withPort(int p) {
    return new MetricsConfig(enabled, host, p);
  }
}
