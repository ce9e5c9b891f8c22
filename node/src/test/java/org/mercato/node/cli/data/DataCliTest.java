package org.mercato.node.cli.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mercato.node.Main;
import org.mercato.node.compat.DevAccounts;
import org.mercato.node.testing.InProcessDevNode;
import org.mercato.node.testing.Rpc;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Function;
import picocli.CommandLine;

/**
 * {@code mercato data} run in this JVM against a real in-process dev node: what each command prints is checked against
 * the chain (receipts, balances to the wei, {@code market_*}); failures print the contract's reason and send nothing;
 * the key never appears in any output.
 */
class DataCliTest {
  static final BigInteger E18 = BigInteger.TEN.pow(18);
  private static InProcessDevNode node;
  private static Rpc rpc;
  @TempDir static Path tmp;

  @BeforeAll
  static void start() {
    node = new InProcessDevNode(Duration.ofMillis(100), List.of());
    rpc = new Rpc(node.rpcUri());
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

    /** The hash of the transaction reported as {@code action: tx <hash> block ...}. */
    String tx(String action) {
      Matcher m = Pattern.compile("(?m)^" + Pattern.quote(action) + ": tx (0x[0-9a-f]{64}) block \\d+ gas \\d+ fee \\S+ coins$").matcher(out);
      assertTrue(m.find(), "no " + action + " line in:\n" + out + err);
      return m.group(1);
    }
  }

  static Run mercato(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = Main.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int exit = cl.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  static Path keyFile(int devAccount) throws IOException {
    Path f = tmp.resolve("key-" + devAccount);
    Files.writeString(f, DevAccounts.privateKey(devAccount) + "\n");
    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
    return f;
  }

  static String[] with(Path key, String... args) {
    List<String> all = new java.util.ArrayList<>(List.of(args));
    all.addAll(List.of("--rpc", node.rpcUri().toString(), "--key-file", key.toString()));
    return all.toArray(String[]::new);
  }

  static void assertNoKey(Run r, int devAccount) {
    String key = DevAccounts.privateKey(devAccount).substring(2).toLowerCase(Locale.ROOT);
    assertFalse((r.out + r.err).toLowerCase(Locale.ROOT).contains(key), "the private key was printed");
  }

  static BigInteger fee(String txHash) {
    JsonNode receipt = rpc.waitForReceipt(txHash, Duration.ofSeconds(10));
    return Rpc.quantity(receipt.get("gasUsed")).multiply(Rpc.quantity(receipt.get("effectiveGasPrice")));
  }

  static BigInteger balanceOf(String token, String holder) {
    String data = FunctionEncoder.encode(new Function("balanceOf", List.of(new Address(holder)), List.of()));
    return Rpc.quantity(rpc.call("eth_call", Rpc.callObject(holder, token, data), "latest"));
  }

  @Test
  void publishWithAPriceThenBuyPaysExactlyTheQuote() throws IOException {
    Path publisherKey = keyFile(2);
    Path buyerKey = keyFile(3);
    String publisher = DevAccounts.credentials(2).getAddress();
    String buyer = DevAccounts.credentials(3).getAddress();

    Run pub = mercato(with(publisherKey, "data", "publish", "--name", "Tide tables", "--symbol", "TIDE", "--cap", "500",
        "--price", "2", "--market-fee", "0.01"));
    assertEquals(0, pub.exit, pub.out + pub.err);
    assertNoKey(pub, 2);
    String token = pub.value("datatoken").toLowerCase(Locale.ROOT);
    assertEquals("TIDEDT", symbolOf(token));
    assertEquals("500", pub.value("cap"));
    JsonNode exchange = rpc.call("market_getExchange", pub.value("exchange"));
    assertEquals(token, exchange.get("datatoken").asText().toLowerCase(Locale.ROOT));
    assertEquals(E18.multiply(BigInteger.TWO), Rpc.quantity(exchange.get("rate")));
    assertEquals(BigInteger.TEN.pow(16), Rpc.quantity(exchange.get("marketFee")));
    assertEquals(publisher, exchange.get("marketFeeCollector").asText().toLowerCase(Locale.ROOT), "default collector");

    BigInteger buyerBefore = rpc.balance(buyer, "latest");
    BigInteger publisherBefore = rpc.balance(publisher, "latest");
    BigInteger communityBefore = rpc.balance("0x0000000000000000000000000000000000001fee", "latest");
    Run buy = mercato(with(buyerKey, "data", "buy", "--exchange", pub.value("exchange"), "--amount", "1"));
    assertEquals(0, buy.exit, buy.out + buy.err);
    assertNoKey(buy, 3);
    assertEquals("1", buy.value("datatokens"));
    assertEquals("2.022", buy.value("paid"), "2 + 1% market + 0.1% community");
    String hash = buy.tx("buyDT");
    BigInteger cost = new BigInteger("2022000000000000000");
    assertEquals(buyerBefore.subtract(cost).subtract(fee(hash)), rpc.balance(buyer, "latest"), "buyer: quote + gas, to the wei");
    assertEquals(publisherBefore.add(new BigInteger("2020000000000000000")), rpc.balance(publisher, "latest"), "B0 + market fee");
    assertEquals(communityBefore.add(new BigInteger("2000000000000000")),
        rpc.balance("0x0000000000000000000000000000000000001fee", "latest"));
    assertEquals(E18, balanceOf(token, buyer));
  }

  @Test
  void aBuyAboveTheMaxCostFailsWithTheReasonAndSendsNothing() throws IOException {
    Path publisherKey = keyFile(4);
    Path buyerKey = keyFile(5);
    String buyer = DevAccounts.credentials(5).getAddress();
    Run pub = mercato(with(publisherKey, "data", "publish", "--name", "Soil", "--symbol", "SOIL", "--price", "1"));
    assertEquals(0, pub.exit, pub.err);
    BigInteger nonce = rpc.nonce(buyer, "pending");
    BigInteger balance = rpc.balance(buyer, "latest");

    Run buy = mercato(with(buyerKey, "data", "buy", "--exchange", pub.value("exchange"), "--max-cost", "1.0009"));
    assertEquals(1, buy.exit, buy.out);
    assertTrue(buy.err.contains("FixedRateExchange: Too many base tokens"), buy.err);
    assertEquals(nonce, rpc.nonce(buyer, "pending"), "nothing sent");
    assertEquals(balance, rpc.balance(buyer, "latest"));
  }

  @Test
  void aMalformedKeyFileIsRefusedWithoutQuotingIt() throws IOException {
    Path bad = tmp.resolve("bad-key");
    String secretish = "0x" + "7f".repeat(31) + "zz";
    Files.writeString(bad, secretish);
    Run r = mercato("data", "publish", "--name", "X", "--symbol", "X", "--rpc", node.rpcUri().toString(), "--key-file", bad.toString());
    assertEquals(1, r.exit);
    assertTrue(r.err.contains("must hold one private key: 64 hex digits"), r.err);
    assertFalse((r.out + r.err).contains("7f7f7f7f"), "the file's content was printed: " + r.err);
  }

  @Test
  void aWorldReadableKeyFileWorksWithAWarning() throws IOException {
    Path key = keyFile(6);
    Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));
    Run r = mercato(with(key, "data", "publish", "--name", "Open", "--symbol", "OPN"));
    assertEquals(0, r.exit, r.err);
    assertTrue(r.err.contains("readable by other users"), r.err);
    assertNoKey(r, 6);
  }

  @Test
  void publishAFileWithMetadataThenListIt() throws Exception {
    Path key = keyFile(7);
    String owner = DevAccounts.credentials(7).getAddress();
    Path data = tmp.resolve("tides.csv");
    Files.writeString(data, "time,height\n00:00,1.2\n06:00,0.3\n");
    String sha = "0x" + java.util.HexFormat.of().formatHex(
        java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(data)));

    Run pub = mercato(with(key, "data", "publish", "--name", "Tides", "--symbol", "TDS", "--file", data.toString(),
        "--description", "Tide heights", "--tag", "ocean", "--tag", "csv", "--license", "CC0-1.0", "--content-type", "text/csv",
        "--access-duration", "86400"));
    assertEquals(0, pub.exit, pub.out + pub.err);
    pub.tx("createAssetWithMetadata");
    assertEquals(sha, pub.value("contentHash"));
    assertEquals(String.valueOf(Files.size(data)), pub.value("size"));
    JsonNode asset = rpc.call("market_getDataAsset", pub.value("asset"));
    assertEquals(sha, asset.get("contentHash").asText(), "sha256sum of the file is on chain");
    assertEquals(BigInteger.valueOf(Files.size(data)), Rpc.quantity(asset.get("size")));
    assertEquals("Tide heights", asset.get("description").asText());
    assertEquals("[\"ocean\",\"csv\"]", asset.get("tags").toString());
    assertEquals("CC0-1.0", asset.get("license").asText());
    assertEquals("text/csv", asset.get("contentType").asText());
    assertEquals(BigInteger.valueOf(86400), Rpc.quantity(asset.get("accessDuration")));
    assertEquals(pub.value("datatoken").toLowerCase(Locale.ROOT),
        asset.get("datatokens").get(0).get("address").asText().toLowerCase(Locale.ROOT));

    Run list = mercato("data", "list", "--owner", owner, "--tag", "ocean", "--rpc", node.rpcUri().toString());
    assertEquals(0, list.exit, list.out + list.err);
    assertTrue(list.out.startsWith("total: 1 (showing 1 from offset 0)"), list.out);
    assertTrue(list.out.contains(pub.value("asset") + " Tides (TDS) owner "), list.out);
    assertTrue(list.out.contains("tags [ocean,csv] state 0 size " + Files.size(data) + " contentHash " + sha), list.out);
    Run none = mercato("data", "list", "--owner", owner, "--tag", "nope", "--rpc", node.rpcUri().toString());
    assertEquals("total: 0 (showing 0 from offset 0)\n", none.out.replace("\r", ""));
  }

  @Test
  void buyThenOrderSpendsOneDatatokenAndTheLedgerHasTheOrder() throws IOException {
    Path publisherKey = keyFile(10);
    Path buyerKey = keyFile(11);
    String publisher = DevAccounts.credentials(10).getAddress();
    String buyer = DevAccounts.credentials(11).getAddress();
    Run pub = mercato(with(publisherKey, "data", "publish", "--name", "Winds", "--symbol", "WND", "--price", "0.5",
        "--access-duration", "600"));
    assertEquals(0, pub.exit, pub.out + pub.err);
    String token = pub.value("datatoken").toLowerCase(Locale.ROOT);
    assertEquals(0, mercato(with(buyerKey, "data", "buy", "--exchange", pub.value("exchange"), "--amount", "2")).exit);
    assertEquals(E18.multiply(BigInteger.TWO), balanceOf(token, buyer));
    BigInteger community = balanceOf(token, "0x0000000000000000000000000000000000001fee");

    Run order = mercato(with(buyerKey, "data", "order", "--datatoken", token));
    assertEquals(0, order.exit, order.out + order.err);
    assertNoKey(order, 11);
    String orderTx = order.tx("startOrder");
    assertEquals(orderTx, order.value("order"), "the order is keyed by its transaction's hash");
    assertEquals(E18, balanceOf(token, buyer), "one datatoken spent");
    assertEquals(new BigInteger("970000000000000000"), balanceOf(token, publisher), "0.97 to the payment collector (the owner)");
    assertEquals(community.add(new BigInteger("30000000000000000")), balanceOf(token, "0x0000000000000000000000000000000000001fee"));

    JsonNode orders = rpc.call("market_listOrders", java.util.Map.of("consumer", buyer));
    assertEquals(1, orders.get("orders").size(), orders.toString());
    JsonNode o = orders.get("orders").get(0);
    assertEquals(orderTx, o.get("orderTx").asText());
    assertEquals(pub.value("asset"), o.get("assetId").asText());
    assertEquals(Rpc.quantity(o.get("orderedAt")).add(BigInteger.valueOf(600)), Rpc.quantity(o.get("validUntil")));
  }

  @Test
  void oneCallBuyAndOrderPaysTheQuoteAndSpendsTheBoughtDatatoken() throws IOException {
    Path publisherKey = keyFile(14);
    Path buyerKey = keyFile(15);
    String publisher = DevAccounts.credentials(14).getAddress();
    String buyer = DevAccounts.credentials(15).getAddress();
    Run pub = mercato(with(publisherKey, "data", "publish", "--name", "Rain", "--symbol", "RAIN", "--price", "3"));
    assertEquals(0, pub.exit, pub.out + pub.err);
    String token = pub.value("datatoken").toLowerCase(Locale.ROOT);
    BigInteger buyerBefore = rpc.balance(buyer, "latest");
    BigInteger publisherBefore = rpc.balance(publisher, "latest");

    Run order = mercato(with(buyerKey, "data", "order", "--exchange", pub.value("exchange")));
    assertEquals(0, order.exit, order.out + order.err);
    String hash = order.tx("buyFromFreAndOrder");
    assertEquals(hash, order.value("order"));
    assertEquals("3.003", order.value("paid"), "rate 3 + 0.1% community fee");
    BigInteger cost = new BigInteger("3003000000000000000");
    assertEquals(buyerBefore.subtract(cost).subtract(fee(hash)), rpc.balance(buyer, "latest"), "one transaction: quote + gas");
    assertEquals(publisherBefore.add(E18.multiply(BigInteger.valueOf(3))), rpc.balance(publisher, "latest"), "B0 to the owner");
    assertEquals(BigInteger.ZERO, balanceOf(token, buyer), "bought and spent in the same transaction");
    assertEquals(new BigInteger("970000000000000000"), balanceOf(token, publisher));
    JsonNode orders = rpc.call("market_listOrders", java.util.Map.of("consumer", buyer));
    assertEquals(hash, orders.get("orders").get(0).get("orderTx").asText());
    assertEquals(BigInteger.ZERO, rpc.balance("0x0000000000000000000000000000000000001004", "latest"), "the book keeps no coin");
  }

  @Test
  void orderWantsExactlyOneOfDatatokenAndExchange() throws IOException {
    Run r = mercato(with(keyFile(16), "data", "order"));
    assertEquals(1, r.exit);
    assertTrue(r.err.contains("give exactly one of --datatoken (spend one held) and --exchange (buy one and order)"), r.err);
  }

  @Test
  void anOrderWithoutDatatokensFailsWithOceansReasonAndSendsNothing() throws IOException {
    Path publisherKey = keyFile(12);
    Path consumerKey = keyFile(13);
    Run pub = mercato(with(publisherKey, "data", "publish", "--name", "Empty", "--symbol", "EMP"));
    assertEquals(0, pub.exit, pub.err);
    String consumer = DevAccounts.credentials(13).getAddress();
    BigInteger nonce = rpc.nonce(consumer, "pending");
    Run order = mercato(with(consumerKey, "data", "order", "--datatoken", pub.value("datatoken")));
    assertEquals(1, order.exit, order.out);
    assertTrue(order.err.contains("Not enough datatokens to start Order"), order.err);
    assertEquals(nonce, rpc.nonce(consumer, "pending"));
  }

  @Test
  void dataHelpListsTheCommandsAndNeedsNoNode() {
    Run r = mercato("data", "--help");
    assertEquals(0, r.exit, r.err);
    for (String sub : List.of("publish", "buy", "order", "list")) {
      assertTrue(Pattern.compile("(?m)^\\s+" + sub + "\\s+\\S").matcher(r.out).find(), "`" + sub + "` missing from:\n" + r.out);
    }
  }

  @Test
  void aTransactionWithoutAKeyFileIsRefusedBeforeAnyCall() {
    Run r = mercato("data", "buy", "--exchange", "0x" + "00".repeat(32), "--rpc", "http://127.0.0.1:1");
    assertEquals(1, r.exit);
    assertTrue(r.err.contains("--key-file is required"), r.err);
  }

  @Test
  void listRejectsABadLimitWithTheNodeReason() {
    Run r = mercato("data", "list", "--limit", "500", "--rpc", node.rpcUri().toString());
    assertEquals(1, r.exit);
    assertTrue(r.err.contains("limit': must be 1..100"), r.err);
  }

  private static String symbolOf(String token) {
    String data = FunctionEncoder.encode(new Function("symbol", List.of(), List.of()));
    String hex = rpc.call("eth_call", Rpc.callObject(token, token, data), "latest").asText();
    byte[] raw = org.web3j.utils.Numeric.hexStringToByteArray(hex);
    int len = new BigInteger(1, java.util.Arrays.copyOfRange(raw, 32, 64)).intValueExact();
    return new String(raw, 64, len, java.nio.charset.StandardCharsets.UTF_8);
  }
}
