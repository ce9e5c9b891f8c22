package org.mercato.node.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mercato.node.config.ConfigFile;
import org.mercato.node.config.ProviderConfig;

/** The [provider] table of config.toml (docs/spec/data-market.md §Provider (download service)). */
class ProviderConfigTest {
  @TempDir Path home;

  private ProviderConfig read(String toml) throws IOException {
    Path f = home.resolve(ConfigFile.FILE_NAME);
    Files.writeString(f, toml);
    return ConfigFile.read(f).toNodeConfig(home).provider();
  }

  @Test
  void offOnLoopbackByDefaultAndTheTemplateSaysSo() throws IOException {
    ProviderConfig d = ProviderConfig.defaults();
    assertEquals(new ProviderConfig(false, "127.0.0.1", 8550, Optional.empty(), 32L * 1024 * 1024), d);
    assertEquals(d, read(ConfigFile.TEMPLATE));
    assertEquals(d, read(""));
  }

  @Test
  void tableOverridesEachKeyAndTheKeyFileIsRelativeToHome() throws IOException {
    assertEquals(new ProviderConfig(true, "0.0.0.0", 9000, Optional.of(home.resolve("keys/p.json")), 1024),
        read("[provider]\nenabled = true\nhost = \"0.0.0.0\"\nport = 9000\nkey_file = \"keys/p.json\"\nmax_upload_bytes = 1024\n"));
  }

  @Test
  void unknownKeysAndBadValuesAreRejected() {
    IOException e = assertThrows(IOException.class, () -> read("[provider]\nenable = true\n"));
    assertTrue(e.getMessage().contains("enable"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> read("[provider]\nport = 70000\n"));
    assertThrows(IllegalArgumentException.class, () -> read("[provider]\nmax_upload_bytes = 0\n"));
    assertThrows(IllegalArgumentException.class, () -> read("[provider]\nmax_upload_bytes = 3000000000\n"));
  }
}
