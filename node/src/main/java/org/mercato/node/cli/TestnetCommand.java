package org.mercato.node.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.mercato.genesis.DevGenesis;
import org.mercato.genesis.GenesisFile;
import org.mercato.genesis.ValidatorKey;
import org.mercato.node.config.ConfigFile;
import org.mercato.node.config.NetworkConfig;
import org.mercato.node.network.NodeKeyFile;
import org.mercato.p2p.crypto.NodeKey;
import org.mercato.state.crypto.KeyPair;
import org.mercato.state.crypto.Secp256k1;
import org.mercato.state.crypto.Secp256k1s;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * `mercato testnet --validators N --out DIR`: N home folders for a local validator network on
 * 127.0.0.1: node i gets p2p port base+2i and RPC port base+2i+1, its own validator and node keys,
 * the shared genesis (the dev accounts funded, N validators with equal stake) and every other node
 * as a persistent peer.
 */
@Command(name = "testnet", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Writes the home folders of a local N-validator network (DIR/node0 .. DIR/node<N-1>).",
        "Node i listens for p2p on BASE+2i and for JSON-RPC on BASE+2i+1, all on 127.0.0.1."})
public final class TestnetCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--validators", defaultValue = "4", description = "Number of validators (default: ${DEFAULT-VALUE}).")
  int validators;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Where to write node0..node<N-1>.")
  Path out;

  @Option(names = "--base-port", defaultValue = "26656", paramLabel = "P",
      description = "First port: node i uses P+2i (p2p), P+2i+1 (RPC) and P+2N+i (metrics) (default: ${DEFAULT-VALUE}).")
  int basePort;

  @Option(names = "--chain-id", defaultValue = "31337", description = "Chain id (default: ${DEFAULT-VALUE}).")
  long chainId;

  @Option(names = "--timeout-commit", converter = DurationConverter.class, paramLabel = "TIME",
      description = "Consensus timeout_commit, the pause between blocks (default: 1s).")
  Duration timeoutCommit;

  @Option(names = "--max-block-txs", paramLabel = "N",
      description = "Consensus max_block_txs: the most transactions a validator puts in a block it proposes (default: "
          + NetworkConfig.DEFAULT_MAX_BLOCK_TXS + ").")
  Integer maxBlockTxs;

  /** One generated node: its home, ports and {@code ID@HOST:PORT}. */
  public record TestnetNode(Path home, int p2pPort, int rpcPort, int metricsPort, String peerAddress) {}

  @Override
  public Integer call() throws IOException {
    if (validators < 1 || validators > 100) {
      throw new ParameterException(spec.commandLine(), "--validators must be 1..100");
    }
    if (basePort < 1 || basePort + 3 * validators > 65535) {
      throw new ParameterException(spec.commandLine(), "--base-port leaves no room for " + validators + " nodes");
    }
    NetworkConfig timeouts = NetworkConfig.defaults();
    if (timeoutCommit != null) {
      timeouts = new NetworkConfig(timeouts.p2pHost(), timeouts.p2pPort(), List.of(), timeouts.timeoutPropose(),
          timeouts.timeoutProposeDelta(), timeouts.timeoutPrevote(), timeouts.timeoutPrevoteDelta(), timeouts.timeoutPrecommit(),
          timeouts.timeoutPrecommitDelta(), timeoutCommit, timeouts.catchUpInterval(), timeouts.maxBlockTxs(), timeouts.keepAlive(),
          timeouts.recvRate());
    }
    if (maxBlockTxs != null) {
      if (maxBlockTxs < 1) {
        throw new ParameterException(spec.commandLine(), "--max-block-txs must be at least 1");
      }
      timeouts = timeouts.withMaxBlockTxs(maxBlockTxs);
    }
    List<TestnetNode> nodes;
    try {
      nodes = write(out, validators, chainId, basePort, timeouts);
    } catch (IllegalStateException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    PrintStream o = System.out;
    o.println("Wrote a " + validators + "-validator testnet (chain " + chainId + ") to " + out + ". Start each node:");
    for (TestnetNode n : nodes) {
      o.println("  mercato node --home " + n.home() + "    # JSON-RPC http://127.0.0.1:" + n.rpcPort() + ", p2p " + n.peerAddress());
    }
    o.println("Consensus starts once the nodes see each other; with " + validators + " validators "
        + quorumNote(validators) + ". Dev accounts: the Hardhat/Anvil mnemonic, 10000 coins each.");
    return 0;
  }

  private static String quorumNote(int n) {
    int needed = n * 2 / 3 + 1;
    return needed + " of them must be running to commit blocks";
  }

  /**
   * Writes the homes; {@code consensus} supplies the [consensus] timeouts (its p2p fields are ignored).
   * Refuses to overwrite an existing node folder.
   */
  public static List<TestnetNode> write(Path out, int n, long chainId, int basePort, NetworkConfig consensus) throws IOException {
    Secp256k1 curve = Secp256k1s.best();
    SecureRandom random = new SecureRandom();
    List<ValidatorKey> keys = new ArrayList<>();
    List<NodeKey> nodeKeys = new ArrayList<>();
    List<Path> homes = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Path home = out.resolve("node" + i);
      if (Files.exists(home.resolve("genesis.json"))) {
        throw new IllegalStateException(home + " is already initialised");
      }
      Files.createDirectories(home);
      homes.add(home);
      ValidatorKey key = ValidatorKey.generate(random, curve);
      key.write(home.resolve(ValidatorKey.FILE_NAME));
      keys.add(key);
      nodeKeys.add(NodeKeyFile.generate(home.resolve(NodeKeyFile.FILE_NAME), random, curve));
    }
    DevGenesis.Options o = DevGenesis.Options.defaults(System.currentTimeMillis() / 1000);
    o = new DevGenesis.Options(chainId, o.mnemonic(), o.accounts(), o.balance(), o.blockGasLimit(), o.timestamp());
    GenesisFile single = DevGenesis.create(o, DevGenesis.accounts(o), keys.get(0));
    List<GenesisFile.Validator> vs = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      KeyPair kp = keys.get(i).keyPair();
      vs.add(new GenesisFile.Validator("node" + i, kp.address().toChecksumHex(), kp.publicKey().toHexString(),
          DevGenesis.DEFAULT_VALIDATOR_STAKE.value().toString()));
    }
    GenesisFile genesis = new GenesisFile(single.about(), single.chainId(), single.timestamp(), single.blockGasLimit(),
        single.initialBaseFee(), single.minBaseFee(), single.alloc(), vs, single.market());
    List<TestnetNode> nodes = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      nodes.add(new TestnetNode(homes.get(i), basePort + 2 * i, basePort + 2 * i + 1, basePort + 2 * n + i,
          nodeKeys.get(i).id().toHex() + "@127.0.0.1:" + (basePort + 2 * i)));
    }
    for (int i = 0; i < n; i++) {
      genesis.write(homes.get(i).resolve("genesis.json"));
      List<String> peers = new ArrayList<>();
      for (int j = 0; j < n; j++) {
        if (j != i) {
          peers.add("\"" + nodes.get(j).peerAddress() + "\"");
        }
      }
      Files.writeString(homes.get(i).resolve(ConfigFile.FILE_NAME), config(nodes.get(i), peers, consensus));
    }
    return nodes;
  }

  private static String config(TestnetNode node, List<String> peers, NetworkConfig c) {
    return """
        # Written by `mercato testnet`. Keys and defaults: see `mercato init`'s config.toml.
        data_dir = "data"

        [rpc]
        host = "127.0.0.1"
        port = %d

        [metrics]
        host = "127.0.0.1"
        port = %d

        [p2p]
        listen = "127.0.0.1:%d"
        persistent_peers = [%s]

        [consensus]
        timeout_propose = "%dms"
        timeout_propose_delta = "%dms"
        timeout_prevote = "%dms"
        timeout_prevote_delta = "%dms"
        timeout_precommit = "%dms"
        timeout_precommit_delta = "%dms"
        timeout_commit = "%dms"
        catch_up_interval = "%dms"
        max_block_txs = %d
        """.formatted(node.rpcPort(), node.metricsPort(), node.p2pPort(), String.join(", ", peers),
        c.timeoutPropose().toMillis(), c.timeoutProposeDelta().toMillis(), c.timeoutPrevote().toMillis(),
        c.timeoutPrevoteDelta().toMillis(), c.timeoutPrecommit().toMillis(), c.timeoutPrecommitDelta().toMillis(),
        c.timeoutCommit().toMillis(), c.catchUpInterval().toMillis(), c.maxBlockTxs());
  }
}
