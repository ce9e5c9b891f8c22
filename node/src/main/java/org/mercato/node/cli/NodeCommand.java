package org.mercato.node.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.mercato.genesis.GenesisFile;
import org.mercato.genesis.ValidatorKey;
import org.mercato.node.MercatoNode;
import org.mercato.node.config.ConfigFile;
import org.mercato.node.config.MetricsConfig;
import org.mercato.node.config.NodeConfig;
import org.mercato.state.crypto.Secp256k1;
import org.mercato.state.crypto.Secp256k1s;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** `mercato node --home DIR`: runs a node from DIR/genesis.json, DIR/config.toml and DIR/validator_key.json. */
@Command(name = "node", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
        "Runs a node from a home folder: genesis.json, validator_key.json and an optional config.toml.",
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

  @Override
  public Integer call() throws IOException {
    Path genesisFile = home.resolve("genesis.json");
    Path keyFile = home.resolve(ValidatorKey.FILE_NAME);
    for (Path required : new Path[] {genesisFile, keyFile}) {
      if (!Files.isRegularFile(required)) {
        throw new ParameterException(spec.commandLine(), required + " not found; create a home folder with `mercato init --home " + home + "`");
      }
    }
    Path configFile = home.resolve(ConfigFile.FILE_NAME);
    NodeConfig config = Files.isRegularFile(configFile)
        ? ConfigFile.read(configFile).toNodeConfig(home)
        : new ConfigFile(null, null, null, null, null).toNodeConfig(home);
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
    Secp256k1 curve = Secp256k1s.best();
    GenesisFile genesis = GenesisFile.read(genesisFile);
    ValidatorKey validator = ValidatorKey.read(keyFile, curve);
    MercatoNode node = NodeLauncher.start(genesis.toChainParameters(), config, validator.address(), curve);
    System.out.println("Node running: chain " + genesis.chainId() + ", validator " + validator.address().toChecksumHex()
        + ", JSON-RPC " + node.rpcUri());
    return NodeLauncher.runUntilStopped(node, System.out);
  }
}
