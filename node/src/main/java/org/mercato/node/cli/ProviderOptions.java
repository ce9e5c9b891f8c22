package org.mercato.node.cli;

import java.nio.file.Path;
import java.util.Optional;
import org.mercato.node.config.ProviderConfig;
import picocli.CommandLine.Option;

/**
 * The download service's options, shared by {@code mercato dev} and {@code mercato node}
 * (docs/spec/data-market.md §Provider (download service)); each overrides config.toml's [provider].
 */
public final class ProviderOptions {
  @Option(names = "--provider", description = "Serve the data market's download service (stores publishers' files, serves them to consumers of valid orders).")
  boolean enabled;

  @Option(names = "--provider-host", paramLabel = "HOST", description = "Provider bind address (default: 127.0.0.1).")
  String host;

  @Option(names = "--provider-port", paramLabel = "PORT", description = "Provider HTTP port (default: 8550; 0 picks a free one).")
  Integer port;

  @Option(names = "--provider-key", paramLabel = "FILE",
      description = "The provider's key file (default: provider_key.json in the data directory, created on first start).")
  Path keyFile;

  /** {@code base} with these options applied; {@code --provider-*} alone does not turn the provider on. */
  ProviderConfig apply(ProviderConfig base) {
    ProviderConfig c = base;
    if (enabled) {
      c = c.enabled(true);
    }
    if (host != null || port != null) {
      c = c.withListen(host != null ? host : c.host(), port != null ? port : c.port());
    }
    if (keyFile != null) {
      c = c.withKeyFile(Optional.of(keyFile));
    }
    return c;
  }
}
