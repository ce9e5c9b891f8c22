package org.mercato.node.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.mercato.genesis.DevGenesis;
import org.mercato.genesis.GenesisFile;
import org.mercato.genesis.ValidatorKey;
import org.mercato.node.MercatoNode;
import org.mercato.node.config.MetricsConfig;
import org.mercato.node.config.NodeConfig;
import org.mercato.node.network.GenesisValidators;
import org.mercato.state.crypto.KeyPair;
import org.mercato.state.crypto.Secp256k1;
import org.mercato.state.crypto.Secp256k1s;
import org.mercato.state.types.Wei;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** `mercato dev`: a single-validator development chain with funded well-known accounts. */
@Command(name = "dev", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
        "Starts a single-validator development chain with funded dev accounts (the Hardhat/Anvil mnemonic).",
        "Without --data-dir the chain is ephemeral; with it, the chain survives restarts."})
public final class DevCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--data-dir", paramLabel = "DIR", description = "Keep the chain in DIR (created if missing) instead of a temporary folder.")
  Path dataDir;

  @Option(names = "--block-time", paramLabel = "TIME", converter = DurationConverter.class, defaultValue = "1s",
      description = "Time between blocks, e.g. 1s, 500ms, 0.2 (default: ${DEFAULT-VALUE}).")
  Duration blockTime;

  @Option(names = "--host", defaultValue = NodeConfig.DEFAULT_RPC_HOST, description = "RPC bind address (default: ${DEFAULT-VALUE}).")
  String host;

  @Option(names = {"--port", "-p"}, defaultValue = "8545", description = "RPC port, HTTP and WebSocket (default: ${DEFAULT-VALUE}; 0 picks a free one).")
  int port;

  @Option(names = "--metrics-host", defaultValue = MetricsConfig.DEFAULT_HOST,
      description = "Prometheus /metrics bind address (default: ${DEFAULT-VALUE}).")
  String metricsHost;

  @Option(names = "--metrics-port", defaultValue = "" + MetricsConfig.DEFAULT_PORT,
      description = "Prometheus /metrics port (default: ${DEFAULT-VALUE}; 0 picks a free one).")
  int metricsPort;

  @Option(names = "--no-metrics", description = "Run no metrics server.")
  boolean noMetrics;

  @Option(names = "--chain-id", defaultValue = "31337", description = "Chain id (default: ${DEFAULT-VALUE}).")
  long chainId;

  @Option(names = {"--accounts", "-a"}, defaultValue = "20", description = "Number of funded dev accounts (default: ${DEFAULT-VALUE}).")
  int accounts;

  @Option(names = "--balance", defaultValue = "10000", converter = CoinAmountConverter.class,
      description = "Balance of each dev account, in coins (default: ${DEFAULT-VALUE}).")
  Wei balance;

  @Option(names = "--mnemonic", defaultValue = "test test test test test test test test test test test junk",
      description = "Mnemonic of the dev accounts, path m/44'/60'/0'/0/i (default: the Hardhat/Anvil one).")
  String mnemonic;

  @picocli.CommandLine.Mixin
  ProviderOptions provider = new ProviderOptions();

  @Override
  public Integer call() throws IOException {
    PrintStream out = System.out;
    Secp256k1 curve = Secp256k1s.best();
    Wei perAccount = balance;
    // Validate every setting before anything is written to --data-dir.
    NodeConfig config;
    try {
      config = NodeConfig.defaults().withDataDir(Optional.ofNullable(dataDir)).withRpc(host, port).withBlockTime(blockTime)
          .withMetrics(new MetricsConfig(!noMetrics, metricsHost, metricsPort));
      config = config.withProvider(provider.apply(config.provider()));
    } catch (IllegalArgumentException e) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    DevGenesis.Options options = new DevGenesis.Options(chainId, mnemonic, accounts, perAccount,
        DevGenesis.DEFAULT_BLOCK_GAS_LIMIT, System.currentTimeMillis() / 1000);
    List<KeyPair> keys = DevGenesis.accounts(options);
    ValidatorKey validator;
    GenesisFile genesis;
    if (dataDir == null) {
      validator = ValidatorKey.generate(new SecureRandom(), curve);
      genesis = DevGenesis.create(options, keys, validator);
    } else {
      Files.createDirectories(dataDir);
      Path keyFile = dataDir.resolve(ValidatorKey.FILE_NAME);
      Path genesisFile = dataDir.resolve("genesis.json");
      if (Files.exists(genesisFile)) {
        validator = ValidatorKey.read(keyFile, curve);
        genesis = GenesisFile.read(genesisFile);
        GenesisFile wanted = DevGenesis.create(
            new DevGenesis.Options(chainId, mnemonic, accounts, perAccount, genesis.blockGasLimit(), genesis.timestamp()),
            keys, validator);
        if (!wanted.equals(genesis)) {
          throw new picocli.CommandLine.ParameterException(spec.commandLine(), dataDir
              + " holds a dev chain created with other settings (chain id, accounts, balance or mnemonic);"
              + " start it with those settings, or use another --data-dir");
        }
      } else {
        validator = ValidatorKey.generate(new SecureRandom(), curve);
        validator.write(keyFile);
        genesis = DevGenesis.create(options, keys, validator);
        genesis.write(genesisFile);
      }
    }
    MercatoNode.DevSettings dev = new MercatoNode.DevSettings(validator.keyPair(), GenesisValidators.of(genesis));
    MercatoNode node = NodeLauncher.start(genesis.toChainParameters(), config, dev, curve);
    DevBanner.print(out, keys, perAccount, chainId, node.rpcUri(), blockTime, mnemonic);
    if (node.provider() != null) {
      out.println("Provider " + node.provider().address().toChecksumHex() + " on " + node.provider().uri());
    }
    return NodeLauncher.runUntilStopped(node, out);
  }
}
