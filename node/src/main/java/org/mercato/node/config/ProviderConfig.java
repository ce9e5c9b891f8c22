package org.mercato.node.config;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * The download service (docs/spec/data-market.md §Provider (download service)). Off by default; when on, it listens on
 * 127.0.0.1:8550 unless told otherwise.
 *
 * @param keyFile the provider's key file; empty = {@code provider_key.json} in the node's data directory, created on
 *     first start
 * @param maxUploadBytes largest file body accepted by {@code PUT /files/{assetId}} (held in memory while checked)
 */
public record ProviderConfig(boolean enabled, String host, int port, Optional<Path> keyFile, long maxUploadBytes) {
  public static final String DEFAULT_HOST = "127.0.0.1";
  public static final int DEFAULT_PORT = 8550;
  public static final long DEFAULT_MAX_UPLOAD_BYTES = 32L * 1024 * 1024;
  /** The HTTP layer aggregates a body into one buffer, whose size is an int. */
  public static final long MAX_MAX_UPLOAD_BYTES = Integer.MAX_VALUE;

  public ProviderConfig {
    if (host == null || host.isBlank()) {
      throw new IllegalArgumentException("provider host must not be empty");
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("provider port out of range: " + port);
    }
    Objects.requireNonNull(keyFile, "keyFile");
    if (maxUploadBytes < 1 || maxUploadBytes > MAX_MAX_UPLOAD_BYTES) {
      throw new IllegalArgumentException("provider max upload size must be in [1, " + MAX_MAX_UPLOAD_BYTES + "]: " + maxUploadBytes);
    }
  }

  public static ProviderConfig defaults() {
    return new ProviderConfig(false, DEFAULT_HOST, DEFAULT_PORT, Optional.empty(), DEFAULT_MAX_UPLOAD_BYTES);
  }

  public ProviderConfig enabled(boolean on) {
    return new ProviderConfig(on, host, port, keyFile, maxUploadBytes);
  }

  public ProviderConfig withListen(String h, int p) {
    return new ProviderConfig(enabled, h, p, keyFile, maxUploadBytes);
  }

  public ProviderConfig withKeyFile(Optional<Path> f) {
    return new ProviderConfig(enabled, host, port, f, maxUploadBytes);
  }
}
