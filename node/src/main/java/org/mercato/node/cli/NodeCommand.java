package org.mercato.node.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.mercato.genesis.ValidatorKey;
import org.mercato.node.MercatoNode;
import org.mercato.node.config.MetricsConfig;
import org.mercato.node.config.NodeConfig;
import org.mercato.p2p.peer.PeerAddress;
import org.mercato.state.crypto.Secp256k1;
import org.mercato.state.crypto.Secp256k1s;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** `mercato node --home DIR`: runs a node from DIR/genesis.json, DIR/config.toml and DIR/validator_key.json. */
@Command(name = "node", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
        "Runs a validator (or full) node of the genesis validator set from a home folder: genesis.json,",
        "validator_key.json, an optional config.toml ([p2p], [consensus]) and node_key.json (created if missing).",
        "Create one with `mercato init --home DIR`. The node continues from where it stopped, also after kill -9."})
public final class NodeCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--home", required = true, paramLabel = "DIR", description = "The node's home folder.")
  Path home;

  @Option(names = "--host", description = "RPC bind address (overrides config.toml).")
  String host;

  @Option(names = {"--port", "-p"}, description = "RPC port (overrides config.toml).")
  Integer port;

  @Option(names = "--metrics-host", description = "Prometheus /metrics bind address (overrides config.toml).")
  String metricsHost;

  @Option(names = "--metrics-port", description = "Prometheus /metrics port (overrides config.toml, and turns metrics on; 0 picks a free one).")
  Integer metricsPort;

  @Option(names = "--no-metrics", description = "Run no metrics server (overrides config.toml).")
  boolean noMetrics;

  @Option(names = "--peers", split = ",", paramLabel = "ID@HOST:PORT",
      description = "More persistent peers, comma-separated (added to [p2p] persistent_peers).")
  List<String> peers = List.of();

  @picocli.CommandLine.Mixin
  ProviderOptions provider = new ProviderOptions();

  @Override
  public Integer call() throws IOException {
    Path genesisFile = home.resolve("genesis.json");
    Path keyFile = home.resolve(ValidatorKey.FILE_NAME);
    for (Path required : new Path[] {genesisFile, keyFile}) {
      if (!Files.isRegularFile(required)) {
        throw new ParameterException(spec.commandLine(), required + " not found; create a home folder with `mercato init --home " + home + "`");
      }
    }
    for (String p : peers) {
      try {
        PeerAddress.parse(p);
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), "--peers: " + p + " is not ID@HOST:PORT (" + e.getMessage() + ")");
      }
    }
    Secp256k1 curve = Secp256k1s.best();
    NodeHome h = NodeHome.load(home, curve);
    NodeConfig config = h.config();
    if (host != null || port != null) {
      config = config.withRpc(host != null ? host : config.rpcHost(), port != null ? port : config.rpcPort());
    }
    if (metricsHost != null || metricsPort != null || noMetrics) {
      MetricsConfig m = config.metrics();
      try {
        config = config.withMetrics(new MetricsConfig((m.enabled() || metricsPort != null) && !noMetrics,
            metricsHost != null ? metricsHost : m.host(), metricsPort != null ? metricsPort : m.port()));
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), e.getMessage());
      }
    }
    try {
      config = config.withProvider(provider.apply(config.provider()));
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    h = h.withConfig(config).withNetwork(h.network().withExtraPeers(peers));
    MercatoNode node = NodeLauncher.startBft(h.genesis().toChainParameters(), config, h.settings(), curve);
    System.out.println("Node running: chain " + h.genesis().chainId() + ", validator " + h.validatorKey().address().toChecksumHex()
        + (node.network().isValidator() ? "" : " (not in the validator set: full node)")
        + ", JSON-RPC " + node.rpcUri() + ", p2p " + node.network().selfAddress()
        + (node.provider() == null ? "" : ", provider " + node.provider().address().toChecksumHex() + " on " + node.provider().uri()));
    return NodeLauncher.runUntilStopped(node, System.out);
  }
}
