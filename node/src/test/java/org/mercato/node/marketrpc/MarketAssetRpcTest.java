package org.mercato.node.marketrpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.apache.tuweni.units.bigints.UInt256;
import org.mercato.market.data.order.ConsumeMarketFee;
import org.mercato.market.data.order.OrderCalls;
import org.mercato.market.data.order.ProviderFee;
import org.mercato.state.crypto.KeyPair;
import org.mercato.state.crypto.PrivateKey;
import org.mercato.state.crypto.Secp256k1s;
import org.mercato.node.compat.DevAccounts;
import org.mercato.node.testing.InProcessDevNode;
import org.mercato.node.testing.Rpc;
import org.mercato.rpc.client.JsonRpcCallException;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.DynamicArray;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint8;
import org.web3j.crypto.Credentials;
import org.web3j.utils.Numeric;

/**
 * {@code market_getDataAsset}, {@code market_listDataAssets} and {@code market_listOrders} over a real in-process dev node
 * (docs/spec/data-market.md §JSON-RPC and CLI): assets with metadata created by web3j-signed transactions by two owners,
 * then read back field by field, filtered by owner and tag, paged with totals; malformed filters get -32602 reasons.
 */
class MarketAssetRpcTest {
  private static final String FACTORY = "0x0000000000000000000000000000000000001001";
  private static final long CHAIN_ID = 31337;
  private static final BigInteger E18 = BigInteger.TEN.pow(18);
  private static final String HASH1 = "0x" + "a1".repeat(32);

  private static InProcessDevNode node;
  private static Rpc rpc;
  private static Credentials alice;
  private static Credentials bob;
  /** Alice's weather (tags weather, csv), prices (prices), hidden (weather, unlisted); Bob's weather (weather). */
  private static String aliceWeather;
  private static String alicePrices;
  private static String aliceHidden;
  private static String bobWeather;
  private static String token;

  @BeforeAll
  static void start() {
    node = new InProcessDevNode(Duration.ofMillis(100), List.of());
    rpc = new Rpc(node.rpcUri());
    alice = DevAccounts.credentials(7);
    bob = DevAccounts.credentials(8);
    aliceWeather = create(alice, "Weather", "WTH", "Hourly weather", List.of("weather", "csv"), HASH1, 3600, 0);
    alicePrices = create(alice, "Prices", "PRC", "Prices", List.of("prices"), "0x" + "b2".repeat(32), 0, 0);
    aliceHidden = create(alice, "Hidden", "HID", "", List.of("weather"), "0x" + "c3".repeat(32), 0, 5);
    bobWeather = create(bob, "Bob weather", "BWT", "", List.of("weather"), "0x" + "d4".repeat(32), 0, 0);
    JsonNode r = mined(alice, FACTORY, fn("createDatatoken", new Bytes32(Numeric.hexStringToByteArray(aliceWeather)),
        new Utf8String("Weather DT"), new Utf8String("WDT"), new Uint256(E18.multiply(BigInteger.valueOf(50))),
        new Address(alice.getAddress())));
    token = "0x" + r.get("logs").get(0).get("topics").get(1).asText().substring(26);
    mined(alice, token, fn("mint", new Address(bob.getAddress()), new Uint256(E18.multiply(BigInteger.valueOf(7)))));
    carol = DevAccounts.credentials(9).getAddress();
    bobOrder1 = order(bob, bob.getAddress());
    carolOrder = order(bob, carol); // bob pays, carol consumes
    bobOrder2 = order(bob, bob.getAddress());
  }

  private static String carol;
  private static JsonNode bobOrder1;
  private static JsonNode carolOrder;
  private static JsonNode bobOrder2;

  /** startOrder on the order book, built by the market's calldata builder, signed by web3j; returns the receipt. */
  private static JsonNode order(Credentials payer, String consumer) {
    KeyPair keys = KeyPair.of(PrivateKey.fromHex(Numeric.toHexStringWithPrefixZeroPadded(payer.getEcKeyPair().getPrivateKey(), 64)),
        Secp256k1s.best());
    ProviderFee noFee = ProviderFee.sign(keys, org.mercato.state.types.Address.ZERO, UInt256.ZERO, UInt256.ZERO,
        org.apache.tuweni.bytes.Bytes.EMPTY);
    String data = OrderCalls.startOrderOnBook(org.mercato.state.types.Address.fromHex(token),
        org.mercato.state.types.Address.fromHex(consumer), 0, noFee, ConsumeMarketFee.NONE).toHexString();
    return mined(payer, "0x0000000000000000000000000000000000001004", data);
  }

  @Test
  void listOrdersOfAConsumerAndOfAnAssetOldestFirstWithTheLedgerFields() {
    JsonNode bobs = rpc.call("market_listOrders", Map.of("consumer", bob.getAddress()));
    assertEquals(BigInteger.TWO, Rpc.quantity(bobs.get("total")));
    assertEquals(List.of(bobOrder1.get("transactionHash").asText(), bobOrder2.get("transactionHash").asText()), orderTxs(bobs));
    JsonNode o = bobs.get("orders").get(0);
    assertEquals(aliceWeather, o.get("assetId").asText());
    assertEquals(token, o.get("datatoken").asText().toLowerCase(Locale.ROOT));
    assertEquals(bob.getAddress(), o.get("consumer").asText().toLowerCase(Locale.ROOT));
    assertEquals(bob.getAddress(), o.get("payer").asText().toLowerCase(Locale.ROOT));
    assertEquals(BigInteger.ZERO, Rpc.quantity(o.get("serviceIndex")));
    assertEquals(Rpc.quantity(bobOrder1.get("blockNumber")), Rpc.quantity(o.get("blockNumber")));
    JsonNode block = rpc.call("eth_getBlockByNumber", bobOrder1.get("blockNumber").asText(), false);
    assertEquals(Rpc.quantity(block.get("timestamp")), Rpc.quantity(o.get("orderedAt")));
    assertEquals(Rpc.quantity(block.get("timestamp")).add(BigInteger.valueOf(3600)), Rpc.quantity(o.get("validUntil")),
        "validUntil = order time + the asset's accessDuration");

    JsonNode carols = rpc.call("market_listOrders", Map.of("consumer", carol));
    assertEquals(List.of(carolOrder.get("transactionHash").asText()), orderTxs(carols));
    assertEquals(bob.getAddress(), carols.get("orders").get(0).get("payer").asText().toLowerCase(Locale.ROOT));

    JsonNode byAsset = rpc.call("market_listOrders", Map.of("asset", aliceWeather, "offset", 1, "limit", 1));
    assertEquals(BigInteger.valueOf(3), Rpc.quantity(byAsset.get("total")));
    assertEquals(List.of(carolOrder.get("transactionHash").asText()), orderTxs(byAsset), "second oldest");
    assertEquals(List.of(), orderTxs(rpc.call("market_listOrders", Map.of("asset", aliceWeather, "offset", 3))));
    assertEquals(List.of(), orderTxs(rpc.call("market_listOrders", Map.of("asset", alicePrices))));
  }

  @Test
  void listOrdersNeedsExactlyOneOfConsumerAndAsset() {
    assertInvalid("missing value for required argument 0", "market_listOrders");
    assertInvalid("exactly one of the filter fields 'consumer' and 'asset'", "market_listOrders", Map.of());
    assertInvalid("exactly one of the filter fields 'consumer' and 'asset'", "market_listOrders",
        Map.of("consumer", bob.getAddress(), "asset", aliceWeather));
    assertInvalid("filter field 'asset'", "market_listOrders", Map.of("asset", "0x1234"));
    assertInvalid("unknown filter field 'owner'", "market_listOrders", Map.of("owner", bob.getAddress()));
    assertInvalid("filter field 'limit': must be 1..100", "market_listOrders", Map.of("consumer", bob.getAddress(), "limit", 1000));
  }

  private static List<String> orderTxs(JsonNode page) {
    List<String> out = new ArrayList<>();
    page.get("orders").forEach(o -> out.add(o.get("orderTx").asText()));
    return out;
  }

  @AfterAll
  static void stop() {
    if (node != null) {
      node.close();
    }
  }

  @Test
  void getDataAssetReportsEveryFieldAndTheDatatokens() {
    JsonNode a = rpc.call("market_getDataAsset", aliceWeather);
    assertEquals(aliceWeather, a.get("assetId").asText());
    assertEquals(alice.getAddress(), a.get("owner").asText().toLowerCase(Locale.ROOT));
    assertEquals("Weather", a.get("name").asText());
    assertEquals("WTH", a.get("symbol").asText());
    assertEquals("Hourly weather", a.get("description").asText());
    assertEquals(List.of("weather", "csv"), texts(a.get("tags")));
    assertEquals("CC-BY-4.0", a.get("license").asText());
    assertEquals("text/csv", a.get("contentType").asText());
    assertEquals(BigInteger.valueOf(1234), Rpc.quantity(a.get("size")));
    assertEquals(HASH1, a.get("contentHash").asText());
    assertEquals(BigInteger.valueOf(3600), Rpc.quantity(a.get("accessDuration")));
    assertEquals(BigInteger.ZERO, Rpc.quantity(a.get("metadataState")));
    assertTrue(a.get("hasMetadata").asBoolean());
    JsonNode dts = a.get("datatokens");
    assertEquals(1, dts.size());
    JsonNode dt = dts.get(0);
    assertEquals(token, dt.get("address").asText().toLowerCase(Locale.ROOT));
    assertEquals("Weather DT", dt.get("name").asText());
    assertEquals("WDT", dt.get("symbol").asText());
    assertEquals(E18.multiply(BigInteger.valueOf(50)), Rpc.quantity(dt.get("cap")));
    assertEquals(E18.multiply(BigInteger.valueOf(7)), Rpc.quantity(dt.get("totalSupply")));
    assertEquals(alice.getAddress(), dt.get("paymentCollector").asText().toLowerCase(Locale.ROOT), "none set: the asset owner");
  }

  @Test
  void getDataAssetOfAnUnknownIdIsNullAndMalformedIdsAreRefused() {
    assertTrue(rpc.call("market_getDataAsset", "0x" + "00".repeat(31) + "ff").isNull());
    assertInvalid("invalid argument 0", "market_getDataAsset", "0xabc");
    assertInvalid("missing value for required argument 0", "market_getDataAsset");
  }

  @Test
  void listFiltersByOwnerAndTagInCreationOrderWithoutUnlisted() {
    assertEquals(List.of(aliceWeather, alicePrices), ids(list(Map.of("owner", alice.getAddress())), 2));
    assertEquals(List.of(aliceWeather, alicePrices, aliceHidden),
        ids(list(Map.of("owner", alice.getAddress(), "includeUnlisted", true)), 3));
    assertEquals(List.of(bobWeather), ids(list(Map.of("owner", bob.getAddress(), "tag", "weather")), 1));
    assertEquals(List.of(aliceWeather, bobWeather), ids(list(Map.of("tag", "weather")), 2));
    assertEquals(List.of(), ids(list(Map.of("tag", "nothing-has-this")), 0));
    assertEquals(List.of(), ids(list(Map.of("owner", "0x00000000000000000000000000000000000000ee")), 0));
  }

  @Test
  void pagesCarryTheTotalAndTheRequestedWindow() {
    Map<String, Object> all = Map.of("owner", alice.getAddress(), "includeUnlisted", true);
    JsonNode p = list(with(all, Map.of("offset", 1, "limit", 1)));
    assertEquals(List.of(alicePrices), ids(p, 3));
    assertEquals(BigInteger.ONE, Rpc.quantity(p.get("offset")));
    assertEquals(BigInteger.ONE, Rpc.quantity(p.get("limit")));
    assertEquals(List.of(aliceHidden), ids(list(with(all, Map.of("offset", "0x2", "limit", "0x5"))), 3), "hex quantities");
    assertEquals(List.of(), ids(list(with(all, Map.of("offset", 3))), 3), "past the end: empty page, same total");
    assertEquals(BigInteger.valueOf(20), Rpc.quantity(list(all).get("limit")), "default limit");
    JsonNode noFilter = rpc.call("market_listDataAssets");
    assertTrue(Rpc.quantity(noFilter.get("total")).intValue() >= 3, noFilter.toString());
  }

  @Test
  void malformedFiltersAreRefusedWithTheField() {
    assertInvalid("unknown filter field 'creator'", "market_listDataAssets", Map.of("creator", alice.getAddress()));
    assertInvalid("filter field 'limit': must be 1..100, got 0", "market_listDataAssets", Map.of("limit", 0));
    assertInvalid("filter field 'limit': must be 1..100, got 101", "market_listDataAssets", Map.of("limit", 101));
    assertInvalid("filter field 'offset'", "market_listDataAssets", Map.of("offset", -1));
    assertInvalid("filter field 'owner'", "market_listDataAssets", Map.of("owner", "0x1234"));
    assertInvalid("filter field 'tag': expected a string", "market_listDataAssets", Map.of("tag", 5));
    assertInvalid("filter field 'includeUnlisted': expected true or false", "market_listDataAssets", Map.of("includeUnlisted", "yes"));
    assertInvalid("expected a filter object", "market_listDataAssets", "weather");
    assertInvalid("too many arguments, want at most 1", "market_listDataAssets", Map.of(), Map.of());
  }

  private static JsonNode list(Map<String, Object> filter) {
    return rpc.call("market_listDataAssets", filter);
  }

  private static Map<String, Object> with(Map<String, Object> a, Map<String, Object> b) {
    Map<String, Object> m = new java.util.HashMap<>(a);
    m.putAll(b);
    return m;
  }

  private static List<String> ids(JsonNode page, int total) {
    assertEquals(BigInteger.valueOf(total), Rpc.quantity(page.get("total")), page.toString());
    List<String> out = new ArrayList<>();
    page.get("assets").forEach(a -> out.add(a.get("assetId").asText()));
    return out;
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  static void assertInvalid(String reason, String method, Object... params) {
    JsonRpcCallException e = assertThrows(JsonRpcCallException.class, () -> rpc.call(method, params));
    assertEquals(-32602, e.code(), e.toString());
    assertTrue(e.getMessage().contains(reason), "reason \"" + reason + "\" in " + e.getMessage());
  }

  private static String create(Credentials owner, String name, String symbol, String description, List<String> tags,
      String contentHash, long accessDuration, int state) {
    List<Utf8String> tagValues = tags.stream().map(Utf8String::new).toList();
    JsonNode r = mined(owner, FACTORY, fn("createAssetWithMetadata", new Utf8String(name), new Utf8String(symbol),
        new Utf8String(description), new DynamicArray<>(Utf8String.class, tagValues), new Utf8String("CC-BY-4.0"),
        new Utf8String("text/csv"), new Uint256(1234), new Bytes32(Numeric.hexStringToByteArray(contentHash)),
        new Uint256(accessDuration), new Uint8(state)));
    return r.get("logs").get(0).get("topics").get(1).asText();
  }

  @SuppressWarnings("rawtypes")
  private static String fn(String name, Type... args) {
    return FunctionEncoder.encode(new Function(name, List.of(args), List.of()));
  }

  private static JsonNode mined(Credentials sender, String to, String data) {
    return rpc.mined(sender, CHAIN_ID, to, data, BigInteger.valueOf(2_000_000), Duration.ofSeconds(30));
  }
}
