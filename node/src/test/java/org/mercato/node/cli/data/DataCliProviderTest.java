package org.mercato.node.cli.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mercato.node.Main;
import org.mercato.node.compat.DevAccounts;
import org.mercato.node.config.ProviderConfig;
import org.mercato.node.testing.InProcessDevNode;
import picocli.CommandLine;

/**
 * The whole data market from the command line, against a real in-process dev node with its provider on loopback:
 * publish a file (uploaded, signed by the publisher), buy, order through the provider's fee, download, and the file
 * arrives byte for byte with its SHA-256 checked against the chain; refusals by the provider reach the user and leave
 * no file behind (docs/spec/data-market.md §JSON-RPC and CLI, §Provider).
 */
class DataCliProviderTest {
  private static InProcessDevNode node;
  @TempDir static Path tmp;

  @BeforeAll
  static void start() {
    node = new InProcessDevNode(Duration.ofMillis(100), List.of(),
        c -> c.withProvider(new ProviderConfig(true, "127.0.0.1", 0, Optional.empty(), 1 << 20)));
  }

  @AfterAll
  static void stop() {
    if (node != null) {
      node.close();
    }
  }

  record Run(int exit, String out, String err) {
    String value(String key) {
      Matcher m = Pattern.compile("(?m)^" + Pattern.quote(key) + ": (\\S+)").matcher(out);
      assertTrue(m.find(), "no \"" + key + ":\" line in:\n" + out + err);
      return m.group(1);
    }
  }

  static Run mercato(Path key, String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--rpc", node.rpcUri().toString(), "--key-file", key.toString()));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = Main.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int exit = cl.execute(all.toArray(String[]::new));
    Run r = new Run(exit, out.toString(), err.toString());
    for (int i = 1; i <= 19; i++) {
      String k = DevAccounts.privateKey(i).substring(2).toLowerCase(Locale.ROOT);
      assertFalse((r.out + r.err).toLowerCase(Locale.ROOT).contains(k), "a private key was printed");
    }
    return r;
  }

  static Path keyFile(int devAccount) throws IOException {
    Path f = tmp.resolve("key-" + devAccount);
    Files.writeString(f, DevAccounts.privateKey(devAccount));
    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
    return f;
  }

  @Test
  void publishBuyOrderDownloadDeliversTheFileThatTheChainDescribes() throws Exception {
    String provider = node.node().provider().uri().toString();
    Path publisher = keyFile(14);
    Path consumer = keyFile(15);
    Path stranger = keyFile(16);
    byte[] content = "station,temp\nA,12.5\nB,13.1\n".repeat(50).getBytes(java.nio.charset.StandardCharsets.UTF_8);
    Path file = tmp.resolve("temps.csv");
    Files.write(file, content);

    Run pub = mercato(publisher, "data", "publish", "--name", "Temps", "--symbol", "TMP", "--file", file.toString(),
        "--content-type", "text/csv", "--access-duration", "3600", "--price", "1", "--provider", provider);
    assertEquals(0, pub.exit, pub.out + pub.err);
    assertEquals(pub.value("contentHash"), pub.value("uploaded"), "the provider stored the bytes of the on-chain hash");

    assertEquals(0, mercato(consumer, "data", "buy", "--exchange", pub.value("exchange")).exit);
    Run order = mercato(consumer, "data", "order", "--datatoken", pub.value("datatoken"), "--provider", provider);
    assertEquals(0, order.exit, order.out + order.err);
    assertEquals(node.node().provider().address().toChecksumHex(), order.value("provider"), "the order names the provider");
    assertEquals(pub.value("asset"), order.value("asset"));

    Path out = tmp.resolve("downloaded.csv");
    Run dl = mercato(consumer, "data", "download", "--provider", provider, "--order", order.value("order"), "--out", out.toString());
    assertEquals(0, dl.exit, dl.out + dl.err);
    assertArrayEquals(content, Files.readAllBytes(out), "byte for byte");
    assertEquals(pub.value("contentHash"), dl.value("sha256"));
    assertEquals(String.valueOf(content.length), dl.value("size"));

    // Somebody else with the order's id is refused by the provider; nothing is written.
    Path theirs = tmp.resolve("stolen.csv");
    Run refused = mercato(stranger, "data", "download", "--provider", provider, "--order", order.value("order"), "--out", theirs.toString());
    assertEquals(1, refused.exit);
    assertTrue(refused.err.contains("provider refused (HTTP 403): not_order_consumer"), refused.err);
    assertFalse(Files.exists(theirs));
    try (var files = Files.list(tmp)) {
      assertTrue(files.noneMatch(p -> p.getFileName().toString().endsWith(".part")), "no partial file left");
    }
  }
}
