package org.mercato.node;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.apache.tuweni.units.bigints.UInt256;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mercato.market.data.abi.Abi;
import org.mercato.market.data.order.ConsumeMarketFee;
import org.mercato.market.data.order.OrderCalls;
import org.mercato.market.data.order.ProviderFee;
import org.mercato.node.compat.DevAccounts;
import org.mercato.node.testing.InProcessDevNode;
import org.mercato.node.testing.Rpc;
import org.mercato.state.testing.TestChain;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Bool;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.DynamicStruct;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.StaticStruct;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint8;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.TransactionEncoder;
import org.web3j.utils.Numeric;

/**
 * The one-call order paths as {@code mercato dev} serves them (docs/spec/data-market.md §Orders, "One call"): a single
 * web3j-signed transaction to 0x…1004 buys one datatoken from the exchange with the native coin and orders it (or gets it
 * from the dispenser and orders it); the calldata is web3j's own struct encoding, and the ledger shows the order under
 * the transaction's hash by eth_call.
 */
class OneCallOrderNodeTest {
  private static final String FACTORY = "0x0000000000000000000000000000000000001001";
  private static final String EXCHANGE = "0x0000000000000000000000000000000000001002";
  private static final String DISPENSER = "0x0000000000000000000000000000000000001003";
  private static final String BOOK = "0x0000000000000000000000000000000000001004";
  private static final String ZERO = "0x0000000000000000000000000000000000000000";
  private static final String CONSUMER = "0x00000000000000000000000000000000000000c9";
  private static final String MARKET = "0x00000000000000000000000000000000000000c1";
  private static final String SWAP_MARKET = "0x00000000000000000000000000000000000000c2";
  private static final long CHAIN_ID = 31337;
  private static final BigInteger GAS = BigInteger.valueOf(500_000);
  private static final Duration MINE = Duration.ofSeconds(30);
  private static final BigInteger E18 = BigInteger.TEN.pow(18);
  private static final BigInteger COST = new BigInteger("2032000000000000000"); // DM§7

  private static InProcessDevNode node;
  private static Rpc rpc;

  @BeforeAll
  static void start() {
    node = new InProcessDevNode(Duration.ofMillis(200), List.of());
    rpc = new Rpc(node.rpcUri());
  }

  @AfterAll
  static void stop() {
    if (node != null) {
      node.close();
    }
  }

  private static final ProviderFee FEE = ProviderFee.sign(TestChain.KEYS.get(2), org.mercato.state.types.Address.ZERO,
      UInt256.ZERO, UInt256.ZERO, org.apache.tuweni.bytes.Bytes.wrap("{\"id\":\"svc0\"}".getBytes(StandardCharsets.UTF_8)));

  private static DynamicStruct providerFee() {
    return new DynamicStruct(new Address(FEE.address().toHex()), new Address(FEE.token().toHex()),
        new Uint256(FEE.amount().toBigInteger()), new Uint8(FEE.v()), new Bytes32(FEE.r().toArray()),
        new Bytes32(FEE.s().toArray()), new Uint256(FEE.validUntil().toBigInteger()),
        new DynamicBytes(FEE.providerData().toArray()));
  }

  private static StaticStruct noConsumeFee() {
    return new StaticStruct(new Address(ZERO), new Address(ZERO), new Uint256(0));
  }

  @Test
  void oneSignedTransactionBuysAndOrdersAndTheLedgerShowsItByHash() {
    Credentials owner = DevAccounts.credentials(4);
    Credentials buyer = DevAccounts.credentials(5);
    String token = publish(owner, "Tides", "TDS");
    JsonNode created = mined(owner, EXCHANGE, FunctionEncoder.encode(new Function("createFixedRate",
        List.of(new Address(token), new Uint256(E18.multiply(BigInteger.TWO)), new Uint256(BigInteger.TEN.pow(16)),
            new Address(MARKET), new Bool(true)), List.of())));
    byte[] exchangeId = Numeric.hexStringToByteArray(created.get("logs").get(0).get("topics").get(1).asText());

    String data = FunctionEncoder.encode(new Function("buyFromFreAndOrder", List.of(new Bytes32(exchangeId), new Uint256(COST),
        new Address(SWAP_MARKET), new Uint256(BigInteger.valueOf(5).multiply(BigInteger.TEN.pow(15))), new Address(CONSUMER),
        new Uint256(0), providerFee(), noConsumeFee()), List.of()));
    assertEquals(OrderCalls.buyFromFreAndOrder(org.apache.tuweni.bytes.Bytes32.wrap(exchangeId), COST,
        org.mercato.state.types.Address.fromHex(SWAP_MARKET), BigInteger.valueOf(5).multiply(BigInteger.TEN.pow(15)),
        org.mercato.state.types.Address.fromHex(CONSUMER), 0, FEE, ConsumeMarketFee.NONE).toHexString(), data,
        "web3j's encoding equals OrderCalls'");

    BigInteger ownerBefore = rpc.balance(owner.getAddress(), "latest");
    BigInteger buyerBefore = rpc.balance(buyer.getAddress(), "latest");
    BigInteger sent = E18.multiply(BigInteger.valueOf(3));
    RawTransaction tx = RawTransaction.createTransaction(CHAIN_ID, rpc.nonce(buyer.getAddress(), "pending"), GAS, BOOK, sent,
        data, Rpc.TIP, rpc.maxFee());
    String hash = rpc.sendRaw(Numeric.toHexString(TransactionEncoder.signMessage(tx, buyer)));
    JsonNode receipt = rpc.waitForReceipt(hash, MINE);
    assertEquals("0x1", receipt.get("status").asText(), "buyFromFreAndOrder receipt: " + receipt);

    // The ledger, by the transaction's hash.
    Abi.Args o = order(hash);
    assertEquals(token, o.address(1).toHex().toLowerCase(Locale.ROOT));
    assertEquals(CONSUMER, o.address(2).toHex().toLowerCase(Locale.ROOT));
    assertEquals(buyer.getAddress().toLowerCase(Locale.ROOT), o.address(3).toHex().toLowerCase(Locale.ROOT), "payer");
    assertEquals(1, isValid(hash), "isOrderValid for the consumer");

    // Money: the buyer paid exactly 2.032e18 plus gas (3e18 sent, the rest refunded); B0 and the 0.97 to the owner.
    BigInteger gas = Rpc.quantity(receipt.get("gasUsed")).multiply(Rpc.quantity(receipt.get("effectiveGasPrice")));
    assertEquals(buyerBefore.subtract(COST).subtract(gas), rpc.balance(buyer.getAddress(), "latest"));
    assertEquals(ownerBefore.add(E18.multiply(BigInteger.TWO)), rpc.balance(owner.getAddress(), "latest"));
    assertEquals(BigInteger.ZERO, rpc.balance(BOOK, "latest"), "the order book keeps no coins");
    assertEquals(new BigInteger("970000000000000000"), balanceOf(token, owner.getAddress()));
    assertEquals(BigInteger.ZERO, balanceOf(token, buyer.getAddress()), "the bought datatoken was spent on the order");
  }

  @Test
  void oneSignedTransactionDispensesAndOrders() {
    Credentials owner = DevAccounts.credentials(6);
    Credentials user = DevAccounts.credentials(7);
    String token = publish(owner, "Free tides", "FTD");
    mined(owner, DISPENSER, FunctionEncoder.encode(new Function("create", List.of(new Address(token), new Uint256(E18),
        new Uint256(E18), new Bool(true), new Address(ZERO)), List.of())));
    String data = FunctionEncoder.encode(new Function("dispenseAndOrder", List.of(new Address(token), new Address(CONSUMER),
        new Uint256(1), providerFee(), noConsumeFee()), List.of()));
    JsonNode receipt = mined(user, BOOK, data);
    Abi.Args o = order(receipt.get("transactionHash").asText());
    assertEquals(user.getAddress().toLowerCase(Locale.ROOT), o.address(3).toHex().toLowerCase(Locale.ROOT));
    assertEquals(1, o.uint(4).toLong(), "serviceIndex");
    assertEquals(new BigInteger("970000000000000000"), balanceOf(token, owner.getAddress()));
  }

  private static String publish(Credentials owner, String name, String symbol) {
    JsonNode r1 = mined(owner, FACTORY, FunctionEncoder.encode(new Function("createAsset",
        List.of(new Utf8String(name), new Utf8String(symbol)), List.of())));
    byte[] assetId = Numeric.hexStringToByteArray(r1.get("logs").get(0).get("topics").get(1).asText());
    JsonNode r2 = mined(owner, FACTORY, FunctionEncoder.encode(new Function("createDatatoken",
        List.of(new Bytes32(assetId), new Utf8String(name + " DT"), new Utf8String(symbol),
            new Uint256(E18.multiply(BigInteger.valueOf(1000))), new Address(owner.getAddress())), List.of())));
    return "0x" + r2.get("logs").get(0).get("topics").get(1).asText().substring(26);
  }

  private static Abi.Args order(String txHash) {
    String out = rpc.call("eth_call", Rpc.callObject(ZERO, BOOK,
        Abi.call("getOrder(bytes32)", org.apache.tuweni.bytes.Bytes32.fromHexString(txHash)).toHexString()), "latest").asText();
    return Abi.args(org.apache.tuweni.bytes.Bytes.fromHexString(out), 0);
  }

  private static long isValid(String txHash) {
    String out = rpc.call("eth_call", Rpc.callObject(ZERO, BOOK, Abi.call("isOrderValid(bytes32,address)",
        org.apache.tuweni.bytes.Bytes32.fromHexString(txHash), org.mercato.state.types.Address.fromHex(CONSUMER)).toHexString()),
        "latest").asText();
    return Numeric.toBigInt(out).longValueExact();
  }

  private static BigInteger balanceOf(String token, String holder) {
    return Numeric.toBigInt(rpc.call("eth_call", Rpc.callObject(holder, token, FunctionEncoder.encode(
        new Function("balanceOf", List.of(new Address(holder)), List.of()))), "latest").asText());
  }

  private static JsonNode mined(Credentials sender, String to, String data) {
    return rpc.mined(sender, CHAIN_ID, to, data, GAS, MINE);
  }
}
