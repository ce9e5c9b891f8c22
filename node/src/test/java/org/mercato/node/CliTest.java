package org.mercato.node;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigInteger;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mercato.genesis.GenesisFile;
import org.mercato.genesis.ValidatorKey;
import org.mercato.node.compat.DevAccounts;
import org.mercato.node.testing.NodeProcess;
import org.mercato.node.testing.Rpc;
import org.mercato.state.crypto.Secp256k1s;
import org.web3j.crypto.Credentials;
import picocli.CommandLine;

/**
 * The `mercato` command as a user meets it: help, errors for bad input (clear message, non-zero
 * exit, nothing half-written), the files `genesis` writes, and `dev` options taking effect on a
 * running chain. Commands that return run in this JVM through {@link Main#commandLine()}; `dev`
 * and `node`, which run until stopped, run as separate JVMs.
 */
class CliTest {
  private static final Duration START = Duration.ofSeconds(90);
  private static final BigInteger COIN = BigInteger.TEN.pow(18);

  @TempDir Path tmp;

  private final List<NodeProcess> processes = new ArrayList<>();

  @AfterEach
  void killLeftovers() {
    processes.forEach(NodeProcess::close);
  }

  record Run(int exit, String out, String err) {}

  /** Runs `mercato args` in this JVM, capturing what picocli prints. */
  private static Run mercato(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = Main.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int exit = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> cl.execute(args), "mercato " + String.join(" ", args));
    return new Run(exit, out.toString(), err.toString());
  }

  @Test
  void helpListsTheSubcommands() {
    Run r = mercato("--help");
    assertEquals(0, r.exit);
    for (String sub : List.of("dev", "node", "init", "genesis")) {
      assertTrue(Pattern.compile("(?m)^\\s+" + sub + "\\s+\\S").matcher(r.out).find(), "`" + sub + "` missing from:\n" + r.out);
    }
  }

  @Test
  void devHelpShowsEveryOption() {
    Run r = mercato("dev", "--help");
    assertEquals(0, r.exit);
    assertAll(List.of("--data-dir", "--block-time", "--port", "--host", "--chain-id", "--accounts", "--balance").stream()
        .map(o -> () -> assertTrue(r.out.contains(o), o + " missing from `mercato dev --help`:\n" + r.out)));
  }

  @Test
  void aBadDurationIsRefusedWithItsName() {
    Run r = mercato("dev", "--block-time", "abc");
    assertEquals(2, r.exit, r.err);
    assertTrue(r.err.contains("--block-time") && r.err.contains("not a duration: 'abc'"), r.err);
  }

  @Test
  void nodeWithoutAHomeFolderSaysHowToCreateOne() {
    Run r = mercato("node", "--home", "/nonexistent/mercato-home", "--port", "0");
    assertNotEquals(0, r.exit);
    assertTrue(r.err.contains("/nonexistent/mercato-home/genesis.json not found") && r.err.contains("mercato init --home"), r.err);
  }

  @Test
  void genesisRefusesToOverwrite() throws IOException {
    Path out = tmp.resolve("genesis.json");
    Files.writeString(out, "precious");
    Run r = mercato("genesis", "--out", out.toString());
    assertNotEquals(0, r.exit);
    assertTrue(r.err.contains("exists; refusing to overwrite"), r.err);
    assertEquals("precious", Files.readString(out));
    assertFalse(Files.exists(tmp.resolve(ValidatorKey.FILE_NAME)), "a key was written although the genesis was refused");
  }

  @Test
  void genesisRefusesABalanceFinerThanAWeiAndWritesNothing() {
    Path out = tmp.resolve("genesis.json");
    Run r = mercato("genesis", "--out", out.toString(), "--balance", "0.0000000000000000001");
    assertNotEquals(0, r.exit);
    assertTrue(r.err.contains("--balance"), "the error should name --balance: " + r.err);
    assertFalse(Files.exists(out), "genesis written");
    assertFalse(Files.exists(tmp.resolve(ValidatorKey.FILE_NAME)), "a key was left behind, which blocks the next attempt");
  }

  @Test
  void genesisIntoAMissingFolderSaysSo() {
    Path out = tmp.resolve("missing").resolve("genesis.json");
    Run r = mercato("genesis", "--out", out.toString());
    assertNotEquals(0, r.exit);
    assertTrue(r.err.contains("--out") && r.err.contains(tmp.resolve("missing") + " does not exist"), r.err);
  }

  @Test
  void aGenesisWithAnUnknownFieldIsRefused() throws IOException {
    Path home = tmp.resolve("home");
    assertEquals(0, mercato("init", "--home", home.toString()).exit);
    Path genesis = home.resolve("genesis.json");
    Files.writeString(genesis, Files.readString(genesis).replaceFirst("\\{", "{\n  \"chainID\": 7,"));
    Run r = mercato("node", "--home", home.toString(), "--port", "0");
    assertNotEquals(0, r.exit);
    assertTrue(r.err.contains("genesis") && r.err.contains("invalid") && r.err.contains("chainID"), r.err);
  }

  @Test
  void aConfigWithAnUnknownKeyIsRefused() throws IOException {
    Path home = tmp.resolve("home");
    assertEquals(0, mercato("init", "--home", home.toString()).exit);
    Files.writeString(home.resolve("config.toml"), "[rpc]\nprot = 8545\n");
    Run r = mercato("node", "--home", home.toString(), "--port", "0");
    assertNotEquals(0, r.exit);
    assertTrue(r.err.contains("config.toml") && r.err.contains("prot"), r.err);
  }

  @Test
  void initRefusesAnInitialisedHome() {
    Path home = tmp.resolve("home");
    assertEquals(0, mercato("init", "--home", home.toString()).exit);
    Run again = mercato("init", "--home", home.toString());
    assertNotEquals(0, again.exit);
    assertTrue(again.err.contains("already initialised"), again.err);
  }

  @Test
  void genesisWritesTheDocumentedDefaultsAndAPrivateKey() throws IOException {
    Path out = tmp.resolve("genesis.json");
    long before = System.currentTimeMillis() / 1000;
    Run r = mercato("genesis", "--out", out.toString());
    assertEquals(0, r.exit, r.err);

    GenesisFile g = GenesisFile.read(out);
    assertEquals(31337, g.chainId());
    assertEquals(1_000_000_000L, g.blockGasLimit());
    assertEquals("1000000000", g.initialBaseFee());
    assertEquals("1000000000", g.minBaseFee());
    assertTrue(g.timestamp() >= before && g.timestamp() <= System.currentTimeMillis() / 1000 + 1, "timestamp " + g.timestamp());
    TreeMap<String, String> expected = new TreeMap<>();
    for (int i = 0; i < 20; i++) {
      expected.put(DevAccounts.credentials(i).getAddress(), COIN.multiply(BigInteger.valueOf(10_000)).toString());
    }
    TreeMap<String, String> alloc = new TreeMap<>();
    g.alloc().forEach((a, v) -> alloc.put(a.toLowerCase(Locale.ROOT), v.balance()));
    assertEquals(expected, alloc, "20 Hardhat accounts with 10,000 coins each");
    assertTrue(g.marketSection().isEmpty(), "empty market section");

    Path keyFile = tmp.resolve(ValidatorKey.FILE_NAME);
    assertEquals(PosixFilePermissions.fromString("rw-------"), Files.getPosixFilePermissions(keyFile), "validator_key.json permissions");
    ValidatorKey key = ValidatorKey.read(keyFile, Secp256k1s.best());
    assertEquals(1, g.validators().size());
    assertEquals(key.address().toHex(), g.validators().get(0).address().toLowerCase(Locale.ROOT));
    assertEquals(key.keyPair().publicKey().toHexString(), g.validators().get(0).publicKey());
    assertFalse(r.out.contains(key.keyPair().privateKey().bytes().toHexString().substring(2)), "the private key was printed");
  }

  /**
   * `mercato dev --chain-id 1234 --accounts 3 --balance 5`: the banner lists exactly those 3
   * accounts with keys that match, the chain answers with that id and those balances, and RPC
   * listens on 127.0.0.1 only (another address of this machine, if it has one, refuses).
   */
  @Test
  void devOptionsTakeEffectAndRpcListensOnLoopbackOnly() throws IOException {
    NodeProcess dev = start("dev", "--chain-id", "1234", "--accounts", "3", "--balance", "5", "--port", "0", "--block-time", "200ms");
    URI url = dev.awaitRpcUrl(START);
    String banner = dev.stdout();

    Matcher account = Pattern.compile("Account #(\\d+): (0x[0-9a-fA-F]{40}) \\((\\S+) coins\\)\\s+Private Key: (0x[0-9a-f]{64})").matcher(banner);
    List<String> addresses = new ArrayList<>();
    while (account.find()) {
      int i = Integer.parseInt(account.group(1));
      assertEquals(addresses.size(), i, "account numbering in:\n" + banner);
      assertEquals("5", account.group(3), "coins of account #" + i);
      assertEquals(account.group(2).toLowerCase(Locale.ROOT), Credentials.create(account.group(4)).getAddress(),
          "account #" + i + "'s private key does not match its address");
      assertEquals(DevAccounts.privateKey(i), account.group(4), "account #" + i + " is not the mnemonic's");
      addresses.add(account.group(2));
    }
    assertEquals(3, addresses.size(), "accounts in the banner:\n" + banner);
    assertEquals(3, banner.split("Private Key:", -1).length - 1, "private keys printed:\n" + banner);
    assertTrue(banner.contains("Chain id:   1234"), banner);

    assertEquals("127.0.0.1", url.getHost(), "RPC host by default");
    Rpc rpc = new Rpc(url);
    assertEquals(1234, rpc.chainId());
    assertEquals("1234", rpc.call("net_version").asText());
    for (String a : addresses) {
      assertEquals(COIN.multiply(BigInteger.valueOf(5)), rpc.balance(a, "latest"), "balance of " + a);
    }
    assertEquals(BigInteger.ZERO, rpc.balance(DevAccounts.credentials(3).getAddress(), "latest"),
        "mnemonic account #3 is not funded with --accounts 3");
    rpc.waitForBlock(2, Duration.ofSeconds(30));

    for (InetAddress other : nonLoopbackAddresses()) {
      assertThrows(ConnectException.class, () -> {
        try (Socket s = new Socket()) {
          s.connect(new InetSocketAddress(other, url.getPort()), 5_000);
        }
      }, "RPC answers on " + other + ":" + url.getPort() + " although it should listen on 127.0.0.1 only");
    }
    dev.kill9();
  }

  /**
   * `mercato dev --provider` with a data directory: the provider's key file is created owner-only, the banner names the
   * provider's address and loopback URL, `GET /` answers with the chain id, and a restart keeps the same key.
   */
  @Test
  void devWithTheProviderKeepsItsKeyAndServesOnLoopback() throws Exception {
    Path data = tmp.resolve("dev-provider");
    String[] args = {"dev", "--data-dir", data.toString(), "--port", "0", "--block-time", "200ms", "--provider", "--provider-port", "0"};
    NodeProcess first = start(args);
    first.awaitRpcUrl(START);
    Matcher m = awaitLine(first, Pattern.compile("Provider (0x[0-9a-fA-F]{40}) on (http://\\S+)"));
    String address = m.group(1);
    URI url = URI.create(m.group(2));
    assertEquals("127.0.0.1", url.getHost(), "provider host by default");
    Path key = data.resolve("provider_key.json");
    assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(key)));
    assertFalse(first.stdout().contains(new com.fasterxml.jackson.databind.ObjectMapper().readTree(key.toFile())
        .get("privateKey").asText().substring(2)), "the provider key is never printed");
    java.net.http.HttpResponse<String> info = java.net.http.HttpClient.newHttpClient().send(
        java.net.http.HttpRequest.newBuilder(url).GET().build(), java.net.http.HttpResponse.BodyHandlers.ofString());
    assertEquals(200, info.statusCode());
    assertTrue(info.body().contains("\"chainId\":31337") && info.body().contains(address), info.body());
    first.stop(Duration.ofSeconds(30));

    NodeProcess second = start(args);
    second.awaitRpcUrl(START);
    assertEquals(address, awaitLine(second, Pattern.compile("Provider (0x[0-9a-fA-F]{40}) on ")).group(1), "same key after a restart");
    second.stop(Duration.ofSeconds(30));
  }

  /** The first match of {@code p} in the process's stdout, waiting for the line to be printed. */
  private static Matcher awaitLine(NodeProcess p, Pattern pattern) throws InterruptedException {
    long deadline = System.nanoTime() + START.toNanos();
    while (true) {
      Matcher m = pattern.matcher(p.stdout());
      if (m.find()) {
        return m;
      }
      if (System.nanoTime() > deadline || !p.isAlive()) {
        throw new AssertionError("no line matching " + pattern + "\n" + p.describe());
      }
      Thread.sleep(50);
    }
  }

  @Test
  void aDataDirRefusesAnotherChainId() {
    Path dataDir = tmp.resolve("dev-data");
    NodeProcess first = start("dev", "--data-dir", dataDir.toString(), "--port", "0", "--block-time", "200ms");
    new Rpc(first.awaitRpcUrl(START)).waitForBlock(1, Duration.ofSeconds(30));
    first.stop(Duration.ofSeconds(60));

    NodeProcess second = start("dev", "--data-dir", dataDir.toString(), "--port", "0", "--chain-id", "999");
    int exit = second.awaitExit(START);
    assertNotEquals(0, exit, "a second dev chain with another chain id started on the same data dir\n" + second.describe());
    assertTrue(second.stderr().contains("holds a dev chain created with other settings"), second.describe());
  }

  private NodeProcess start(String... args) {
    NodeProcess p = NodeProcess.start(tmp.resolve("logs"), args);
    processes.add(p);
    return p;
  }

  /** IPv4 addresses of this machine's non-loopback interfaces (none on a machine with only lo). */
  private static List<InetAddress> nonLoopbackAddresses() throws IOException {
    List<InetAddress> out = new ArrayList<>();
    for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
      if (nic.isUp() && !nic.isLoopback()) {
        Collections.list(nic.getInetAddresses()).stream()
            .filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress())
            .forEach(out::add);
      }
    }
    return out;
  }
}
