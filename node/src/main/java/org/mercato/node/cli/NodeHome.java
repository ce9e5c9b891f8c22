package org.mercato.node.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.mercato.genesis.GenesisFile;
import org.mercato.genesis.ValidatorKey;
import org.mercato.node.config.ConfigFile;
import org.mercato.node.config.NetworkConfig;
import org.mercato.node.config.NodeConfig;
import org.mercato.node.network.GenesisValidators;
import org.mercato.node.network.NodeKeyFile;
import org.mercato.node.network.ValidatorNetwork;
import org.mercato.p2p.crypto.NodeKey;
import org.mercato.state.crypto.Secp256k1;

/**
 * A node's home folder read for {@code mercato node}: genesis.json, validator_key.json, config.toml
 * (optional) and node_key.json (created on first start).
 */
public record NodeHome(Path home, GenesisFile genesis, ValidatorKey validatorKey, NodeKey nodeKey, NodeConfig config,
    NetworkConfig network) {

  /** Reads the files; throws IOException or IllegalArgumentException naming what is wrong. */
  public static NodeHome load(Path home, Secp256k1 curve) throws IOException {
    GenesisFile genesis = GenesisFile.read(home.resolve("genesis.json"));
    ValidatorKey validator = ValidatorKey.read(home.resolve(ValidatorKey.FILE_NAME), curve);
    Path configFile = home.resolve(ConfigFile.FILE_NAME);
    ConfigFile file = Files.isRegularFile(configFile) ? ConfigFile.read(configFile) : ConfigFile.empty();
    NodeConfig config = file.toNodeConfig(home);
    NetworkConfig network;
    try {
      network = file.toNetworkConfig();
    } catch (RuntimeException e) {
      throw new IOException(configFile + ": " + e.getMessage(), e);
    }
    NodeKey nodeKey = NodeKeyFile.loadOrCreate(home.resolve(NodeKeyFile.FILE_NAME), curve);
    return new NodeHome(home, genesis, validator, nodeKey, config, network);
  }

  public NodeHome withConfig(NodeConfig c) {
    return new NodeHome(home, genesis, validatorKey, nodeKey, c, network);
  }

  public NodeHome withNetwork(NetworkConfig n) {
    return new NodeHome(home, genesis, validatorKey, nodeKey, config, n);
  }

  /** What {@link org.mercato.node.MercatoNode}'s BFT mode takes: the genesis validator set and these keys. */
  public ValidatorNetwork.Settings settings() {
    return new ValidatorNetwork.Settings(validatorKey.keyPair(), nodeKey, GenesisValidators.of(genesis), network);
  }
}
