package org.mercato.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mercato.genesis.ValidatorKey;
import org.mercato.node.compat.DevAccounts;
import org.mercato.node.testing.NodeProcess;
import org.mercato.node.testing.Rpc;
import org.mercato.node.testing.TransferStream;
import org.mercato.rpc.client.JsonRpcClient;
import org.mercato.state.crypto.Secp256k1s;
import org.web3j.crypto.Credentials;
import org.web3j.utils.Numeric;

/**
 * Crash safety (docs/spec/blocks.md: a block is written in one batch; on start the node continues
 * from its head pointer). A node runs as a separate JVM on a data directory while transfers stream
 * in; it is killed with SIGKILL at a random moment while producing blocks, restarted on the same
 * directory, and must: start; restore a head at least as high as any block an RPC answer showed
 * before the kill; serve every block 1..head with linking parent hashes; give every receipt seen
 * before the kill unchanged (block hash, number, status); conserve coins (balances + burned =
 * genesis supply + minted, read at one block); and keep producing blocks and mining transfers.
 */
class KillNineRestartTest {
  private static final long CHAIN_ID = 31337;
  private static final BigInteger GENESIS_SUPPLY = BigInteger.TEN.pow(18).multiply(BigInteger.valueOf(20 * 10_000L));
  private static final String SUPPLY_LEDGER = "0x0000000000000000000000000000000000001000";
  private static final Duration START = Duration.ofSeconds(90);
  private static final Pattern RESTORED_HEAD = Pattern.compile("Chain \\d+ at block #(\\d+) ");

  @TempDir Path tmp;

  private final List<NodeProcess> processes = new ArrayList<>();
  private final long seed = System.nanoTime();
  private final Random random = new Random(seed);
  /** Every receipt any RPC answer showed, over all runs. */
  private final Map<String, TransferStream.Seen> seenReceipts = new LinkedHashMap<>();
  private long highestBlockSeen = -1;
  private final List<String> recipients = new ArrayList<>();

  @AfterEach
  void killLeftovers() {
    processes.forEach(NodeProcess::close);
  }

  @Test
  void devChainSurvivesKillNineThreeTimes() {
    Path dataDir = tmp.resolve("dev-data");
    String port = String.valueOf(freePort());
    String[] args = {"dev", "--data-dir", dataDir.toString(), "--port", port, "--block-time", "100ms"};
    addRecipients(3);

    NodeProcess node = start(args);
    for (int cycle = 1; cycle <= 3; cycle++) {
      Rpc rpc = new Rpc(node.awaitRpcUrl(START), Duration.ofSeconds(10));
      streamThenKill(node, rpc, cycle);
      node = start(args);
      Rpc restarted = new Rpc(node.awaitRpcUrl(START), Duration.ofSeconds(10));
      checkRecovered(node, restarted, "cycle " + cycle);
    }
    node.kill9();
  }

  @Test
  void homeNodeSurvivesKillNine() throws IOException {
    Path home = tmp.resolve("home");
    assertEquals(0, Main.commandLine().execute("init", "--home", home.toString()), "mercato init");
    Path config = home.resolve("config.toml");
    String toml = Files.readString(config);
    String edited = toml.replace("block_time = \"1s\"", "block_time = \"100ms\"").replace("port = 8545", "port = " + freePort());
    assertTrue(!edited.equals(toml) && edited.contains("100ms"), "config template changed shape:\n" + toml);
    Files.writeString(config, edited);
    String validator = ValidatorKey.read(home.resolve(ValidatorKey.FILE_NAME), Secp256k1s.best()).address().toHex();
    addRecipients(2);

    NodeProcess node = start("node", "--home", home.toString());
    Rpc rpc = new Rpc(node.awaitRpcUrl(START), Duration.ofSeconds(10));
    streamThenKill(node, rpc, 1);
    node = start("node", "--home", home.toString());
    Rpc restarted = new Rpc(node.awaitRpcUrl(START), Duration.ofSeconds(10));
    checkRecovered(node, restarted, "mercato node");
    assertEquals(validator, restarted.block(1).get("miner").asText(), "blocks are proposed by the home's validator key");
    assertTrue(Files.isDirectory(home.resolve("data")), "data_dir defaults to home/data");
    node.kill9();
  }

  /** Streams transfers, waits for some receipts, then kills the node at a random moment. */
  private void streamThenKill(NodeProcess node, Rpc rpc, int cycle) {
    TransferStream stream = new TransferStream(rpc, CHAIN_ID, senders(), recipients);
    try {
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (stream.seenCount() < 5) {
        assertTrue(node.isAlive(), "node died before the kill\n" + node.describe());
        assertTrue(System.nanoTime() < deadline, "fewer than 5 transfers mined in 60 s (sent " + stream.sentCount()
            + ", rejections " + stream.rejections() + ")\n" + node.describe());
        Rpc.sleep(20);
      }
      Rpc.sleep(random.nextInt(1500));
      node.kill9();
    } finally {
      stream.stop();
    }
    assertEquals(List.of(), stream.rejections(), "the node rejected transfers of the stream (seed " + seed + ")");
    seenReceipts.putAll(stream.seen());
    highestBlockSeen = Math.max(highestBlockSeen, stream.highestBlock());
    System.out.printf("kill -9 #%d: %d sent, %d receipts seen, highest block seen %d (seed %d)%n",
        cycle, stream.sentCount(), stream.seenCount(), stream.highestBlock(), seed);
  }

  private void checkRecovered(NodeProcess node, Rpc rpc, String what) {
    String context = what + ", seed " + seed;
    Matcher m = RESTORED_HEAD.matcher(node.stderr());
    assertTrue(m.find(), "no start-up line with the restored head (" + context + ")\n" + node.describe());
    long restored = Long.parseLong(m.group(1));
    assertTrue(restored >= highestBlockSeen, "restored head #" + restored + " is below block #" + highestBlockSeen
        + " that RPC showed before the kill (" + context + ")");

    long head = rpc.blockNumber();
    assertTrue(head >= restored, "head " + head + " < restored " + restored);
    List<JsonNode> blocks = rpc.blocks(0, head);
    for (long n = 0; n <= head; n++) {
      JsonNode b = blocks.get((int) n);
      assertNotNull(b, "block #" + n + " of " + head + " is missing (" + context + ")");
      assertEquals(n, Rpc.quantity(b.get("number")).longValueExact(), "number of block #" + n);
      if (n > 0) {
        assertEquals(blocks.get((int) n - 1).get("hash").asText(), b.get("parentHash").asText(),
            "parentHash of block #" + n + " (" + context + ")");
      }
    }

    List<String> hashes = new ArrayList<>(seenReceipts.keySet());
    List<JsonRpcClient.Outcome> receipts =
        rpc.batch(hashes.stream().map(h -> JsonRpcClient.Call.of("eth_getTransactionReceipt", h)).toList());
    for (int i = 0; i < hashes.size(); i++) {
      TransferStream.Seen before = seenReceipts.get(hashes.get(i));
      JsonNode after = receipts.get(i).get();
      assertTrue(after != null && !after.isNull(), "receipt of " + hashes.get(i) + " (seen in block #" + before.blockNumber()
          + ") is gone after the restart (" + context + ")");
      assertEquals(before, new TransferStream.Seen(after.get("blockHash").asText(),
          Rpc.quantity(after.get("blockNumber")).longValueExact(), after.get("status").asText()),
          "receipt of " + hashes.get(i) + " changed across the restart (" + context + ")");
      assertEquals(before.blockHash(), blocks.get((int) before.blockNumber()).get("hash").asText(),
          "the canonical block #" + before.blockNumber() + " is not the one the receipt named");
    }

    checkConservation(rpc, head, blocks, context);

    // Still producing, and still mining: one more transfer from the stream's senders.
    rpc.waitForBlock(head + 3, Duration.ofSeconds(30));
    Credentials sender = senders().get(0);
    String hash = rpc.sendRaw(Rpc.signTransfer(sender, CHAIN_ID, rpc.nonce(sender.getAddress(), "pending"),
        recipients.get(0), BigInteger.ONE, rpc.maxFee()));
    assertEquals("0x1", rpc.waitForReceipt(hash, Duration.ofSeconds(30)).get("status").asText());
    System.out.printf("%s: restored head #%d (highest seen before the kill #%d), %d receipts re-checked, head now %d%n",
        what, restored, highestBlockSeen, hashes.size(), rpc.blockNumber());
  }

  /** At block {@code head}: dev accounts + proposers + recipients + burned = genesis supply + minted. */
  private void checkConservation(Rpc rpc, long head, List<JsonNode> blocks, String context) {
    String at = Rpc.hex(head);
    TreeSet<String> holders = new TreeSet<>();
    for (int i = 0; i < 20; i++) {
      holders.add(DevAccounts.credentials(i).getAddress());
    }
    blocks.subList(1, blocks.size()).forEach(b -> holders.add(b.get("miner").asText().toLowerCase(java.util.Locale.ROOT)));
    holders.addAll(recipients);
    BigInteger balances = BigInteger.ZERO;
    for (String a : holders) {
      balances = balances.add(rpc.balance(a, at));
    }
    BigInteger supply = rpc.storage(SUPPLY_LEDGER, 0, at);
    BigInteger burned = rpc.storage(SUPPLY_LEDGER, 1, at);
    BigInteger minted = rpc.storage(SUPPLY_LEDGER, 2, at);
    assertEquals(GENESIS_SUPPLY, supply, "genesis supply in the ledger (slot 0)");
    assertTrue(burned.signum() > 0, "nothing burned after " + seenReceipts.size() + " transfers");
    assertEquals(supply.add(minted), balances.add(burned),
        "balances of " + holders.size() + " holders + burned at block #" + head + " (" + context + ")");
  }

  private void addRecipients(int n) {
    for (int i = 0; i < n; i++) {
      byte[] a = new byte[20];
      random.nextBytes(a);
      recipients.add(Numeric.toHexString(a));
    }
  }

  private static List<Credentials> senders() {
    List<Credentials> s = new ArrayList<>();
    for (int i = 1; i <= 4; i++) {
      s.add(DevAccounts.credentials(i));
    }
    return s;
  }

  private NodeProcess start(String... args) {
    NodeProcess p = NodeProcess.start(tmp.resolve("logs"), args);
    processes.add(p);
    return p;
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

}
