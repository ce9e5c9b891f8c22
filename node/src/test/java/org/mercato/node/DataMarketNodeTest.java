package org.mercato.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
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
import org.mercato.state.testing.CounterContract;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.utils.Numeric;

/**
 * The data market as {@code mercato dev} serves it: a real in-process dev node, transactions signed by web3j, the
 * asset factory at 0x…1001 and a datatoken at its derived address, read back with eth_call; and
 * {@code mercato_systemContracts}.
 */
class DataMarketNodeTest {
  private static final String FACTORY = "0x0000000000000000000000000000000000001001";
  private static final long CHAIN_ID = 31337;
  private static final BigInteger GAS = BigInteger.valueOf(500_000);
  private static final Duration MINE = Duration.ofSeconds(30);

  private static InProcessDevNode node;
  private static Rpc rpc;

  @BeforeAll
  static void start() {
    node = new InProcessDevNode(Duration.ofMillis(200), List.of(new CounterContract()));
    rpc = new Rpc(node.rpcUri());
  }

  @AfterAll
  static void stop() {
    if (node != null) {
      node.close();
    }
  }

  @Test
  void createAssetDatatokenMintAndReadTheBalance() {
    Credentials owner = DevAccounts.credentials(4);
    Credentials holder = DevAccounts.credentials(5);
    assertNotEquals("0x", rpc.call("eth_getCode", FACTORY, "latest").asText(), "code at the factory");

    JsonNode r1 = mined(owner, FACTORY, FunctionEncoder.encode(new Function("createAsset",
        List.of(new Utf8String("Weather"), new Utf8String("WTH")), List.of())));
    String assetCreated = Hash.sha3String("AssetCreated(bytes32,address,string,string)");
    JsonNode assetLog = r1.get("logs").get(0);
    assertEquals(assetCreated, assetLog.get("topics").get(0).asText());
    byte[] assetId = Numeric.hexStringToByteArray(assetLog.get("topics").get(1).asText());

    JsonNode r2 = mined(owner, FACTORY, FunctionEncoder.encode(new Function("createDatatoken",
        List.of(new Bytes32(assetId), new Utf8String("Weather DT"), new Utf8String("WDT"),
            new Uint256(new BigInteger("1000000000000000000000")), new Address(owner.getAddress())), List.of())));
    JsonNode tokenLog = r2.get("logs").get(0);
    assertEquals(Hash.sha3String("TokenCreated(address,address,string,string,uint256,address)"),
        tokenLog.get("topics").get(0).asText());
    String token = "0x" + tokenLog.get("topics").get(1).asText().substring(26);
    assertNotEquals("0x", rpc.call("eth_getCode", token, "latest").asText(), "code at the datatoken");

    BigInteger amount = new BigInteger("2032000000000000000");
    mined(owner, token, FunctionEncoder.encode(new Function("mint",
        List.of(new Address(holder.getAddress()), new Uint256(amount)), List.of())));

    String out = rpc.call("eth_call", Rpc.callObject(owner.getAddress(), token, FunctionEncoder.encode(
        new Function("balanceOf", List.of(new Address(holder.getAddress())), List.of()))), "latest").asText();
    assertEquals(amount, Numeric.toBigInt(out), "balanceOf(holder) after mint");
  }

  @Test
  void buyDatatokensFromAFixedRateExchangeWithTheNativeCoin() {
    Credentials owner = DevAccounts.credentials(6);
    Credentials buyer = DevAccounts.credentials(7);
    String market = "0x00000000000000000000000000000000000000c1";
    String exchange = "0x0000000000000000000000000000000000001002";
    JsonNode r1 = mined(owner, FACTORY, FunctionEncoder.encode(new Function("createAsset",
        List.of(new Utf8String("Prices"), new Utf8String("PRC")), List.of())));
    byte[] assetId = Numeric.hexStringToByteArray(r1.get("logs").get(0).get("topics").get(1).asText());
    JsonNode r2 = mined(owner, FACTORY, FunctionEncoder.encode(new Function("createDatatoken",
        List.of(new Bytes32(assetId), new Utf8String("Prices DT"), new Utf8String("PDT"),
            new Uint256(new BigInteger("1000000000000000000000")), new Address(owner.getAddress())), List.of())));
    String token = "0x" + r2.get("logs").get(0).get("topics").get(1).asText().substring(26);
    BigInteger e18 = BigInteger.TEN.pow(18);
    JsonNode r3 = mined(owner, exchange, FunctionEncoder.encode(new Function("createFixedRate",
        List.of(new Address(token), new Uint256(e18.multiply(BigInteger.TWO)), new Uint256(BigInteger.TEN.pow(16)),
            new Address(market), new org.web3j.abi.datatypes.Bool(true)), List.of())));
    String exchangeId = r3.get("logs").get(0).get("topics").get(1).asText();

    BigInteger ownerBefore = rpc.balance(owner.getAddress(), "latest");
    String buy = FunctionEncoder.encode(new Function("buyDT", List.of(new Bytes32(Numeric.hexStringToByteArray(exchangeId)),
        new Uint256(e18), new Uint256(e18.multiply(BigInteger.valueOf(3))), new Address("0x0000000000000000000000000000000000000000"),
        new Uint256(0)), List.of()));
    BigInteger nonce = rpc.nonce(buyer.getAddress(), "pending");
    org.web3j.crypto.RawTransaction tx = org.web3j.crypto.RawTransaction.createTransaction(CHAIN_ID, nonce, GAS, exchange,
        e18.multiply(BigInteger.valueOf(3)), buy, Rpc.TIP, rpc.maxFee());
    String hash = rpc.sendRaw(Numeric.toHexString(org.web3j.crypto.TransactionEncoder.signMessage(tx, buyer)));
    JsonNode receipt = rpc.waitForReceipt(hash, MINE);
    assertEquals("0x1", receipt.get("status").asText(), "buyDT receipt: " + receipt);

    String out = rpc.call("eth_call", Rpc.callObject(buyer.getAddress(), token, FunctionEncoder.encode(
        new Function("balanceOf", List.of(new Address(buyer.getAddress())), List.of()))), "latest").asText();
    assertEquals(e18, Numeric.toBigInt(out), "minted to the buyer");
    assertEquals(ownerBefore.add(e18.multiply(BigInteger.TWO)), rpc.balance(owner.getAddress(), "latest"), "owner paid B0");
    assertEquals(new BigInteger("20000000000000000"), rpc.balance(market, "latest"), "market fee 1%");
    assertEquals(new BigInteger("2000000000000000"), rpc.balance("0x0000000000000000000000000000000000001fee", "latest"));
    assertEquals(BigInteger.ZERO, rpc.balance(exchange, "latest"), "the exchange keeps no coins");
  }

  @Test
  void systemContractsListsTheLedgerTheFactoryAndExtras() {
    JsonNode list = rpc.call("mercato_systemContracts");
    List<String> addresses = list.findValuesAsText("address").stream().map(a -> a.toLowerCase(Locale.ROOT)).toList();
    assertEquals("0x0000000000000000000000000000000000001000", addresses.get(0), "supply ledger first: " + list);
    assertEquals("SupplyLedger", list.get(0).get("name").asText());
    int i = addresses.indexOf(FACTORY);
    assertTrue(i > 0, "factory listed: " + list);
    assertEquals("DataAssetFactory", list.get(i).get("name").asText());
    int j = addresses.indexOf("0x0000000000000000000000000000000000001002");
    assertTrue(j > i, "exchange listed after the factory: " + list);
    assertEquals("FixedRateExchange", list.get(j).get("name").asText());
    int k = addresses.indexOf("0x0000000000000000000000000000000000001004");
    assertTrue(k > j, "order book listed after the exchange: " + list);
    assertEquals("OrderBook", list.get(k).get("name").asText());
    assertTrue(addresses.contains(CounterContract.ADDRESS.toHex()), "extra test contract listed: " + list);
  }

  /** Publish with metadata, mint, order with Ocean's startOrder ABI, and read the order back from 0x…1004 by eth_call. */
  @Test
  void orderADatatokenAndReadTheLedger() {
    Credentials owner = DevAccounts.credentials(8);
    Credentials buyer = DevAccounts.credentials(9);
    String consumer = "0x00000000000000000000000000000000000000c9";
    JsonNode r1 = mined(owner, FACTORY, org.mercato.market.data.abi.Abi.call(
        "createAssetWithMetadata(string,string,string,string[],string,string,uint256,bytes32,uint256,uint8)", "Rain", "RN",
        "rain gauges", List.of("weather"), "CC0", "text/csv", 10L, org.apache.tuweni.bytes.Bytes32.fromHexString("0x0a"),
        600L, 0L).toHexString());
    byte[] assetId = Numeric.hexStringToByteArray(r1.get("logs").get(0).get("topics").get(1).asText());
    JsonNode r2 = mined(owner, FACTORY, FunctionEncoder.encode(new Function("createDatatoken",
        List.of(new Bytes32(assetId), new Utf8String("Rain DT"), new Utf8String("RDT"),
            new Uint256(new BigInteger("1000000000000000000000")), new Address(owner.getAddress())), List.of())));
    String token = "0x" + r2.get("logs").get(0).get("topics").get(1).asText().substring(26);
    BigInteger e18 = BigInteger.TEN.pow(18);
    mined(owner, token, FunctionEncoder.encode(new Function("mint",
        List.of(new Address(buyer.getAddress()), new Uint256(e18.multiply(BigInteger.TWO))), List.of())));

    org.mercato.market.data.order.ProviderFee fee = org.mercato.market.data.order.ProviderFee.sign(
        org.mercato.state.testing.TestChain.KEYS.get(2), org.mercato.state.types.Address.ZERO,
        org.apache.tuweni.units.bigints.UInt256.ZERO, org.apache.tuweni.units.bigints.UInt256.ZERO,
        org.apache.tuweni.bytes.Bytes.wrap("{\"id\":\"svc0\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    String order = org.mercato.market.data.order.OrderCalls.startOrder(org.mercato.state.types.Address.fromHex(consumer), 0, fee,
        org.mercato.market.data.order.ConsumeMarketFee.NONE).toHexString();
    assertTrue(order.startsWith("0x79d9d7f3"), "Ocean's selector");
    String hash = rpc.sendCall(buyer, CHAIN_ID, token, order, GAS);
    JsonNode receipt = rpc.waitForReceipt(hash, MINE);
    assertEquals("0x1", receipt.get("status").asText(), "startOrder receipt: " + receipt);
    assertEquals("0xe1c4fa794edfa8f619b8257a077398950357b9c6398528f94480307352f9afcc",
        receipt.get("logs").get(0).get("topics").get(0).asText(), "OrderStarted first");

    String out = rpc.call("eth_call", Rpc.callObject(buyer.getAddress(), "0x0000000000000000000000000000000000001004",
        org.mercato.market.data.abi.Abi.call("getOrder(bytes32)", org.apache.tuweni.bytes.Bytes32.fromHexString(hash)).toHexString()),
        "latest").asText();
    org.mercato.market.data.abi.Abi.Args o = org.mercato.market.data.abi.Abi.args(org.apache.tuweni.bytes.Bytes.fromHexString(out), 0);
    assertEquals(org.apache.tuweni.bytes.Bytes32.wrap(assetId), o.word(0));
    assertEquals(token, o.address(1).toHex().toLowerCase(Locale.ROOT));
    assertEquals(consumer, o.address(2).toHex().toLowerCase(Locale.ROOT));
    assertEquals(buyer.getAddress().toLowerCase(Locale.ROOT), o.address(3).toHex().toLowerCase(Locale.ROOT));
    assertEquals(o.uint(5).toLong() + 600, o.uint(7).toLong(), "validUntil = block time + accessDuration");
    String bal = rpc.call("eth_call", Rpc.callObject(owner.getAddress(), token, FunctionEncoder.encode(
        new Function("balanceOf", List.of(new Address(owner.getAddress())), List.of()))), "latest").asText();
    assertEquals(new BigInteger("970000000000000000"), Numeric.toBigInt(bal), "0.97 to the collector (the owner)");
  }

  private static JsonNode mined(Credentials sender, String to, String data) {
    return rpc.mined(sender, CHAIN_ID, to, data, GAS, MINE);
  }

}
