package org.mercato.node.marketrpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mercato.node.compat.DevAccounts;
import org.mercato.node.testing.InProcessDevNode;
import org.mercato.node.testing.Rpc;
import org.mercato.rpc.client.JsonRpcCallException;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Bool;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.crypto.Credentials;
import org.web3j.utils.Numeric;

/**
 * The {@code market_*} JSON-RPC methods over a real in-process dev node (docs/spec/data-market.md §JSON-RPC and CLI):
 * market state is created by web3j-signed transactions, then read back through the methods and compared with what
 * the transactions did; malformed parameters get -32602 with a reason.
 */
class MarketRpcTest {
  static final String FACTORY = "0x0000000000000000000000000000000000001001";
  static final String EXCHANGE = "0x0000000000000000000000000000000000001002";
  static final long CHAIN_ID = 31337;
  static final BigInteger E18 = BigInteger.TEN.pow(18);
  private static final BigInteger GAS = BigInteger.valueOf(500_000);
  private static final Duration MINE = Duration.ofSeconds(30);

  private static InProcessDevNode node;
  private static Rpc rpc;

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

  @Test
  void getExchangeReportsTheExchangeAsCreatedAndAsItsBalanceChanges() {
    Credentials owner = DevAccounts.credentials(1);
    String market = "0x00000000000000000000000000000000000000c2";
    byte[] assetId = createAsset(owner, "Rates", "RTS");
    String token = createDatatoken(owner, assetId, "Rates DT", "RDT");
    JsonNode created = mined(owner, EXCHANGE, fn("createFixedRate", new Address(token), new Uint256(E18.multiply(BigInteger.TWO)),
        new Uint256(BigInteger.TEN.pow(16)), new Address(market), new Bool(true)));
    String exchangeId = created.get("logs").get(0).get("topics").get(1).asText();

    JsonNode e = rpc.call("market_getExchange", exchangeId);
    assertEquals(exchangeId, e.get("exchangeId").asText());
    assertEquals(owner.getAddress(), e.get("owner").asText().toLowerCase(Locale.ROOT));
    assertEquals(token, e.get("datatoken").asText().toLowerCase(Locale.ROOT));
    assertEquals("0x0000000000000000000000000000000000000000", e.get("baseToken").asText());
    assertEquals(BigInteger.valueOf(18), Rpc.quantity(e.get("baseTokenDecimals")));
    assertEquals(BigInteger.valueOf(18), Rpc.quantity(e.get("datatokenDecimals")));
    assertEquals(E18.multiply(BigInteger.TWO), Rpc.quantity(e.get("rate")));
    assertEquals(BigInteger.TEN.pow(16), Rpc.quantity(e.get("marketFee")));
    assertEquals(market, e.get("marketFeeCollector").asText().toLowerCase(Locale.ROOT));
    assertEquals(BigInteger.TEN.pow(15), Rpc.quantity(e.get("communityFee")));
    assertTrue(e.get("active").asBoolean());
    assertEquals("0x0000000000000000000000000000000000000000", e.get("allowedSwapper").asText());
    assertTrue(e.get("withMint").asBoolean());
    assertTrue(e.get("canMint").asBoolean(), "the exchange became a minter at creation");
    assertEquals(BigInteger.ZERO, Rpc.quantity(e.get("datatokenStock")));
    assertEquals(BigInteger.ZERO, Rpc.quantity(e.get("baseTokenBalance")));

    // The owner deposits 3 datatokens at the exchange: its balance is what it sells before minting.
    mined(owner, token, fn("mint", new Address(owner.getAddress()), new Uint256(E18.multiply(BigInteger.valueOf(5)))));
    mined(owner, token, fn("transfer", new Address(EXCHANGE), new Uint256(E18.multiply(BigInteger.valueOf(3)))));
    assertEquals(E18.multiply(BigInteger.valueOf(3)), Rpc.quantity(rpc.call("market_getExchange", exchangeId).get("datatokenStock")));

    // The owner deactivates it: the report follows.
    mined(owner, EXCHANGE, fn("toggleExchangeState", new Bytes32(Numeric.hexStringToByteArray(exchangeId))));
    assertTrue(!rpc.call("market_getExchange", exchangeId).get("active").asBoolean(), "deactivated");
  }

  @Test
  void getExchangeOfAnUnknownIdIsNull() {
    JsonNode e = rpc.call("market_getExchange", "0x" + "ab".repeat(32));
    assertTrue(e.isNull(), "null, as eth_getTransactionByHash for an unknown hash: " + e);
  }

  @Test
  void getExchangeRejectsMalformedParams() {
    assertInvalid("missing value for required argument 0", "market_getExchange");
    assertInvalid("invalid argument 0", "market_getExchange", "0x1234");
    assertInvalid("invalid argument 0", "market_getExchange", 7);
    assertInvalid("too many arguments, want at most 1", "market_getExchange", "0x" + "00".repeat(32), "latest");
  }

  static void assertInvalid(String reason, String method, Object... params) {
    JsonRpcCallException e = assertThrows(JsonRpcCallException.class, () -> rpc.call(method, params));
    assertEquals(-32602, e.code(), e.toString());
    assertTrue(e.getMessage().contains(reason), "reason \"" + reason + "\" in " + e.getMessage());
  }

  static byte[] createAsset(Credentials owner, String name, String symbol) {
    JsonNode r = mined(owner, FACTORY, fn("createAsset", new Utf8String(name), new Utf8String(symbol)));
    return Numeric.hexStringToByteArray(r.get("logs").get(0).get("topics").get(1).asText());
  }

  static String createDatatoken(Credentials owner, byte[] assetId, String name, String symbol) {
    JsonNode r = mined(owner, FACTORY, fn("createDatatoken", new Bytes32(assetId), new Utf8String(name), new Utf8String(symbol),
        new Uint256(E18.multiply(BigInteger.valueOf(1000))), new Address(owner.getAddress())));
    return "0x" + r.get("logs").get(0).get("topics").get(1).asText().substring(26);
  }

  @SuppressWarnings("rawtypes")
  static String fn(String name, Type... args) {
    return FunctionEncoder.encode(new Function(name, List.of(args), List.of()));
  }

  static JsonNode mined(Credentials sender, String to, String data) {
    return rpc.mined(sender, CHAIN_ID, to, data, GAS, MINE);
  }
}
