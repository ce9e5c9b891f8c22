package org.mercato.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mercato.genesis.GenesisFile;
import org.mercato.node.cli.NodeHome;
import org.mercato.node.config.ConfigFile;
import org.mercato.node.config.NetworkConfig;
import org.mercato.node.network.GenesisValidators;
import org.mercato.state.crypto.Secp256k1s;

class TestnetCommandTest {
  @TempDir Path tmp;

  @Test
  void writesHomesWithSharedGenesisDistinctPortsAndPeers() throws IOException {
    Path out = tmp.resolve("net");
    assertEquals(0, Main.commandLine().execute("testnet", "--validators", "3", "--out", out.toString(), "--base-port", "40000",
        "--timeout-commit", "250ms", "--max-block-txs", "1234"));
    String genesis = Files.readString(out.resolve("node0/genesis.json"));
    for (int i = 0; i < 3; i++) {
      Path home = out.resolve("node" + i);
      assertEquals(genesis, Files.readString(home.resolve("genesis.json")), "shared genesis");
      assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(home.resolve("node_key.json"))));
      assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(home.resolve("validator_key.json"))));
      NodeHome h = NodeHome.load(home, Secp256k1s.best());
      assertEquals(40000 + 2 * i, h.network().p2pPort());
      assertEquals(40001 + 2 * i, h.config().rpcPort());
      assertEquals(2, h.network().persistentPeers().size());
      String self = ":" + (40000 + 2 * i);
      assertTrue(h.network().persistentPeers().stream().noneMatch(p -> p.endsWith(self)), "not itself");
      assertEquals(Duration.ofMillis(250), h.network().timeoutCommit());
      assertEquals(1234, h.network().maxBlockTxs(), "the proposer's cap reaches every node's config");
      assertTrue(h.settings().validators().contains(h.validatorKey().address()), "its key is in the set");
    }
    GenesisFile g = GenesisFile.read(out.resolve("node0/genesis.json"));
    assertEquals(3, GenesisValidators.of(g).size());
    assertEquals(3_000_000, GenesisValidators.of(g).totalPower(), "power = stake in coins, equal stakes");
    assertEquals(20, g.alloc().size(), "dev accounts funded");
    assertTrue(Main.commandLine().execute("testnet", "--validators", "3", "--out", out.toString()) != 0, "no overwrite");
  }

  @Test
  void configSectionsHaveDefaultsAndRejectUnknownKeys() throws IOException {
    Path file = tmp.resolve("config.toml");
    ConfigFile.writeTemplate(file);
    assertEquals(NetworkConfig.defaults(), ConfigFile.read(file).toNetworkConfig());
    Files.writeString(file, "[p2p]\nlisten = \"0.0.0.0:1234\"\npersistent_peers = [\"ab@h:1\"]\n");
    NetworkConfig n = ConfigFile.read(file).toNetworkConfig();
    assertEquals("0.0.0.0", n.p2pHost());
    assertEquals(1234, n.p2pPort());
    assertEquals(org.mercato.p2p.transport.KeepAliveConfig.DEFAULT, n.keepAlive());
    Files.writeString(file, "[p2p]\nping_interval = \"2s\"\npong_timeout = \"500ms\"\n");
    assertEquals(new org.mercato.p2p.transport.KeepAliveConfig(Duration.ofSeconds(2), Duration.ofMillis(500)),
        ConfigFile.read(file).toNetworkConfig().keepAlive());
    Files.writeString(file, "[p2p]\npong_timeout = \"0s\"\n");
    assertThrows(IllegalArgumentException.class, () -> ConfigFile.read(file).toNetworkConfig());
    assertEquals(org.mercato.p2p.transport.RecvRateConfig.DEFAULT, n.recvRate());
    Files.writeString(file, "[p2p]\nrecv_rate = 5120000\n");
    assertEquals(new org.mercato.p2p.transport.RecvRateConfig(5_120_000, 5_120_000),
        ConfigFile.read(file).toNetworkConfig().recvRate());
    Files.writeString(file, "[consensus]\ntimeout_comit = \"1s\"\n");
    assertThrows(IOException.class, () -> ConfigFile.read(file));
  }
}
