package org.mercato.node.testing;

import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;
import org.mercato.genesis.DevGenesis;
import org.mercato.genesis.GenesisFile;
import org.mercato.genesis.ValidatorKey;
import org.mercato.node.MercatoNode;
import org.mercato.node.config.NodeConfig;
import org.mercato.node.network.GenesisValidators;
import org.mercato.state.crypto.Secp256k1;
import org.mercato.state.crypto.Secp256k1s;
import org.mercato.state.exec.SystemContract;

/**
 * A real dev node in this JVM, as {@code mercato dev} wires it: the DevGenesis defaults (chain
 * 31337, the 20 Hardhat accounts with 10,000 coins each), one generated validator, an ephemeral
 * data directory, RPC and metrics on free 127.0.0.1 ports.
 */
public final class InProcessDevNode implements AutoCloseable {
  private final MercatoNode node;
  private final ValidatorKey validator;

  public InProcessDevNode(Duration blockTime, List<SystemContract> systemContracts) {
    this(blockTime, systemContracts, UnaryOperator.identity());
  }

  /** As above, with {@code tweak} applied to the node's configuration (e.g. to turn the provider on). */
  public InProcessDevNode(Duration blockTime, List<SystemContract> systemContracts, UnaryOperator<NodeConfig> tweak) {
    Secp256k1 curve = Secp256k1s.best();
    DevGenesis.Options options = DevGenesis.Options.defaults(System.currentTimeMillis() / 1000);
    this.validator = ValidatorKey.generate(new SecureRandom(), curve);
    GenesisFile genesis = DevGenesis.create(options, DevGenesis.accounts(options), validator);
    // Metrics as by default (127.0.0.1) but on a free port, so test nodes never collide on 9545.
    NodeConfig config = NodeConfig.defaults().withRpc("127.0.0.1", 0).withBlockTime(blockTime)
        .withMetrics(NodeConfig.defaults().metrics().withPort(0));
    config = tweak.apply(config);
    this.node = new MercatoNode(genesis.toChainParameters(), config,
        new MercatoNode.DevSettings(validator.keyPair(), GenesisValidators.of(genesis)), curve, systemContracts, Clock.systemUTC());
    try {
      node.start();
    } catch (RuntimeException e) {
      node.close();
      throw e;
    }
  }

  public MercatoNode node() {
    return node;
  }

  public ValidatorKey validator() {
    return validator;
  }

  public URI rpcUri() {
    return node.rpcUri();
  }

  @Override
  public void close() {
    node.close();
  }
}
