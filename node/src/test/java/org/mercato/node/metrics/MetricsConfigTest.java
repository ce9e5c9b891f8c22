package org.mercato.node.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mercato.node.config.ConfigFile;
import org.mercato.node.config.MetricsConfig;
import org.mercato.node.config.NodeConfig;

/** The [metrics] table of config.toml. */
class MetricsConfigTest {
  @TempDir Path home;

  private NodeConfig read(String toml) throws IOException {
    Path f = home.resolve(ConfigFile.FILE_NAME);
    Files.writeString(f, toml);
    return ConfigFile.read(f).toNodeConfig(home);
  }

  @Test
  void templateIsTheDefaults() throws IOException {
    assertEquals(MetricsConfig.defaults(), read(ConfigFile.TEMPLATE).metrics());
    assertEquals(MetricsConfig.defaults(), read("").metrics());
  }

  @Test
  void tableOverridesEachKey() throws IOException {
    assertEquals(new MetricsConfig(false, "127.0.0.1", 9545), read("[metrics]\nenabled = false\n").metrics());
    assertEquals(new MetricsConfig(true, "0.0.0.0", 9100), read("[metrics]\nhost = \"0.0.0.0\"\nport = 9100\n").metrics());
  }

  @Test
  void unknownKeysAndBadPortsAreRejected() {
    IOException e = assertThrows(IOException.class, () -> read("[metrics]\nprot = 9100\n"));
    assertTrue(e.getMessage().contains("prot"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> read("[metrics]\nport = 70000\n"));
  }
}
