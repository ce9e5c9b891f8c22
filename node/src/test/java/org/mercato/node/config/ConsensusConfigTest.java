package org.mercato.node.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mercato.consensus.engine.BftConfig;
import org.mercato.node.Main;
import org.mercato.node.cli.NodeHome;
import org.mercato.node.network.NodeKeyFile;
import org.mercato.state.crypto.Secp256k1s;
import picocli.CommandLine;

/**
 * {@code [consensus] catch_up_interval} of config.toml (docs/spec/consensus.md §10 "Catch-up"), read from a home
 * made by {@code mercato init} the way {@code mercato node} reads it, into the engine configuration the node runs.
 */
class ConsensusConfigTest {
  @TempDir Path tmp;
  private Path home;

  @BeforeEach
  void init() {
    home = tmp.resolve("home");
    assertEquals(0, Main.commandLine().execute("init", "--home", home.toString()));
  }

  private void writeConsensus(String body) throws IOException {
    Files.writeString(home.resolve(ConfigFile.FILE_NAME), "[consensus]\n" + body + "\n");
  }

  private BftConfig nodeBftConfig() throws IOException {
    return NodeHome.load(home, Secp256k1s.best()).settings().network().bftConfig();
  }

  @Test
  void theTemplateAndAnAbsentKeyGiveTheEnginesDefault() throws IOException {
    assertTrue(Files.readString(home.resolve(ConfigFile.FILE_NAME)).contains("catch_up_interval = \"2s\""),
        "mercato init writes the key with its default");
    assertEquals(BftConfig.DEFAULT_CATCH_UP_INTERVAL, nodeBftConfig().catchUpInterval());
    writeConsensus("timeout_commit = \"1s\"");
    assertEquals(BftConfig.DEFAULT_CATCH_UP_INTERVAL, nodeBftConfig().catchUpInterval());
  }

  @Test
  void theKeyReachesTheEngineAndChangesNothingElse() throws IOException {
    BftConfig before = nodeBftConfig();
    writeConsensus("catch_up_interval = \"750ms\"");
    BftConfig after = nodeBftConfig();
    assertEquals(Duration.ofMillis(750), after.catchUpInterval());
    assertEquals(before.withCatchUpInterval(Duration.ofMillis(750)), after);
    writeConsensus("catch_up_interval = \"3\"");
    assertEquals(Duration.ofSeconds(3), nodeBftConfig().catchUpInterval(), "plain seconds, as the timeouts");
  }

  @Test
  void aNetworkNodeKeepsItsOtherEnginePolicy() throws IOException {
    writeConsensus("timeout_commit = \"250ms\"\nmax_block_txs = 1234\ncatch_up_interval = \"5s\"");
    BftConfig c = nodeBftConfig();
    assertEquals(Duration.ofMillis(250), c.timeoutCommit());
    assertEquals(1234, c.maxBlockTxs());
    assertEquals(Duration.ofSeconds(5), c.catchUpInterval());
    assertEquals(BftConfig.DEFAULT_PREBUILD_LEAD, c.prebuildLead(), "networks build ahead");
    assertFalse(c.paceFromHeightStart(), "networks count timeout_commit from the decision");
  }

  @Test
  void zeroNegativeAndUnparseableIntervalsAreRefusedNamingTheKey() throws IOException {
    for (String bad : new String[] {"0s", "0", "-2s", "soon", "1h"}) {
      writeConsensus("catch_up_interval = \"" + bad + "\"");
      StringWriter err = new StringWriter();
      CommandLine cl = Main.commandLine();
      cl.setErr(new PrintWriter(err, true));
      int exit = assertTimeoutPreemptively(Duration.ofSeconds(60),
          () -> cl.execute("node", "--home", home.toString(), "--port", "0", "--no-metrics"), "a refused value starts no node");
      String message = err.toString();
      assertEquals(1, exit, bad + ": " + message);
      assertTrue(message.contains(home.resolve(ConfigFile.FILE_NAME).toString())
          && message.contains("[consensus] catch_up_interval"), bad + ": " + message);
      assertFalse(Files.exists(home.resolve(NodeKeyFile.FILE_NAME)), "refused before anything was created");
      assertFalse(Files.exists(home.resolve("data")), "refused before the node opened its data");
    }
  }
}
