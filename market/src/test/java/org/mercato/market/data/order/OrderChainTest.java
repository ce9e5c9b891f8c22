package org.mercato.market.data.order;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mercato.market.data.MarketTestChain.ONE;
import static org.mercato.market.data.MarketTestChain.intrinsic;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.units.bigints.UInt256;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mercato.market.data.DataMarketAddresses;
import org.mercato.market.data.MarketTestChain;
import org.mercato.market.data.abi.Abi;
import org.mercato.market.data.factory.DataAssetFactory;
import org.mercato.market.data.token.DatatokenContract;
import org.mercato.state.block.Log;
import org.mercato.state.block.Receipt;
import org.mercato.state.crypto.KeyPair;
import org.mercato.state.testing.TestChain;
import org.mercato.state.tx.Transaction;
import org.mercato.state.types.Address;
import org.mercato.state.types.Hash;
import org.mercato.state.world.WorldView;

/** Orders over a real chain: the 0.97/0.03 split, the ledger and its lookups, fee legs, refusals, reuse, restart. */
class OrderChainTest {
  private static final KeyPair ALICE = TestChain.KEYS.get(0);    // publisher, payment collector by default
  private static final KeyPair BOB = TestChain.KEYS.get(1);      // buyer (payer)
  private static final KeyPair PROVIDER = TestChain.KEYS.get(2); // signs provider fees
  private static final KeyPair DAVE = TestChain.KEYS.get(3);     // consumer
  private static final KeyPair MALLORY = TestChain.KEYS.get(4);
  private static final Address FACTORY = DataMarketAddresses.ASSET_FACTORY;
  private static final Address BOOK = DataMarketAddresses.ORDER_BOOK;
  private static final Address COMMUNITY = DataMarketAddresses.COMMUNITY_FEE_COLLECTOR;
  private static final Address MARKET = Address.fromHex("0x00000000000000000000000000000000000000c2");
  private static final long DURATION = 3_600;
  private static final Bytes DATA = Bytes.wrap("{\"environment\":null,\"dt\":\"x\",\"id\":\"svc0\"}".getBytes(StandardCharsets.UTF_8));

  @TempDir Path dir;
  private MarketTestChain mc;
  private Bytes32 asset;
  private Address dt;

  @BeforeEach
  void open() {
    mc = new MarketTestChain(dir, 5, new DataAssetFactory(), new OrderBook());
    mc.ok(ALICE, FACTORY, Abi.call("createAssetWithMetadata(string,string,string,string[],string,string,uint256,bytes32,uint256,uint8)",
        "Weather", "WX", "hourly", List.of("weather"), "CC0", "text/csv", 10L, Bytes32.fromHexString("0x01"), DURATION, 0L));
    asset = UInt256.ONE.toBytes();
    dt = mc.createDatatoken(ALICE, asset, "WXA", ONE.multiply(100), ALICE.address());
    mc.ok(ALICE, dt, Abi.call("mint(address,uint256)", BOB.address(), ONE.multiply(5)));
  }

  @AfterEach
  void close() {
    mc.close();
  }

  private static ProviderFee freeFee() {
    return ProviderFee.sign(PROVIDER, Address.ZERO, UInt256.ZERO, UInt256.ZERO, DATA);
  }

  private UInt256 bal(Address token, Address holder) {
    return DatatokenContract.balanceOf(mc.state(), token, holder);
  }

  /** Sends one transaction in its own block; returns its hash (the order key) after checking it succeeded. */
  private Hash order(KeyPair payer, Address to, Bytes data) {
    Transaction tx = mc.tx(payer, to, data);
    Receipt r = mc.block(List.of(tx)).get(0);
    assertTrue(r.success(), () -> "order failed: " + mc.ethCall(payer.address(), to, data).revertReason());
    return tx.hash();
  }

  @Test
  void startOrderSplitsExactlyOneDatatokenAndRecordsTheOrder() {
    UInt256 supply = DatatokenContract.totalSupply(mc.state(), dt);
    BigInteger coinsBefore = mc.coins(MarketTestChain.addresses(List.of(ALICE, BOB, PROVIDER, DAVE)));
    BigInteger feesBefore = mc.gasFees();
    ProviderFee fee = freeFee();
    Bytes data = OrderCalls.startOrder(DAVE.address(), 0, fee, ConsumeMarketFee.NONE);
    Transaction tx = mc.tx(BOB, dt, data);
    Receipt r = mc.block(List.of(tx)).get(0);
    assertTrue(r.success());

    // Exactly 1e18 leaves the payer: 0.97e18 to the collector (the owner), 0.03e18 to the community, to the unit.
    assertEquals(ONE.multiply(4), bal(dt, BOB.address()));
    assertEquals(UInt256.valueOf(new BigInteger("970000000000000000")), bal(dt, ALICE.address()));
    assertEquals(UInt256.valueOf(new BigInteger("30000000000000000")), bal(dt, COMMUNITY));
    assertEquals(supply, DatatokenContract.totalSupply(mc.state(), dt), "orders never burn nor mint");
    assertEquals(coinsBefore, mc.coins(MarketTestChain.addresses(List.of(ALICE, BOB, PROVIDER, DAVE))).add(mc.gasFees().subtract(feesBefore)),
        "coins before = after + gas fees");

    // Events in Ocean's order, emitted by the datatoken.
    long now = mc.time();
    long block = mc.chain().chain().head().number();
    assertEquals(List.of(
        new Log(dt, List.of(Orders.ORDER_STARTED_TOPIC, Bytes32.leftPad(DAVE.address().bytes()), Bytes32.ZERO),
            Abi.encode(BOB.address(), ONE, 0L, now, block)),
        new Log(dt, List.of(Orders.PROVIDER_FEE_TOPIC), Abi.encode(PROVIDER.address(), Address.ZERO, UInt256.ZERO, DATA,
            (long) fee.v(), fee.r(), fee.s(), UInt256.ZERO)),
        transfer(dt, BOB.address(), ALICE.address(), Orders.COLLECTOR_SHARE),
        transfer(dt, BOB.address(), COMMUNITY, Orders.COMMUNITY_CUT)), r.logs());
    // 2 transfers (4 slots), 4 logs, 5 order slots + 2 index pushes (4 slots) + count
    assertEquals(intrinsic(data) + 2_100 + 4 * 5_000 + 4 * 1_000 + 10 * 5_000, r.cumulativeGasUsed());

    // The ledger, by tx hash, through Java and the ABI.
    Order expected = new Order(tx.hash(), asset, dt, DAVE.address(), BOB.address(), 0, now, block, now + DURATION);
    assertEquals(Optional.of(expected), OrderBook.find(mc.state(), tx.hash()));
    assertEquals(Abi.encode(asset, dt, DAVE.address(), BOB.address(), 0L, now, block, now + DURATION),
        mc.read(BOOK, Abi.call("getOrder(bytes32)", tx.hash().bytes())));
    assertEquals(Optional.of(new OrderProviderFee(PROVIDER.address(), Address.ZERO, UInt256.ZERO)),
        OrderBook.providerFee(mc.state(), tx.hash()));
    assertEquals(List.of(expected), OrderBook.ordersOfConsumer(mc.state(), DAVE.address(), 0, 10));
    assertEquals(List.of(expected), OrderBook.ordersOfAsset(mc.state(), asset, 0, 10));
    assertEquals(List.of(), OrderBook.ordersOfConsumer(mc.state(), BOB.address(), 0, 10), "indexed by consumer, not payer");
    assertEquals(1, OrderBook.orderCount(mc.state()));
    assertEquals(UInt256.ONE, mc.uint(BOOK, "isOrderValid(bytes32,address)", tx.hash().bytes(), DAVE.address()));
    assertEquals(UInt256.ZERO, mc.uint(BOOK, "isOrderValid(bytes32,address)", tx.hash().bytes(), BOB.address()));
    assertTrue(expected.validAt(now + DURATION));
    assertFalse(expected.validAt(now + DURATION + 1));
    assertEquals(Optional.of("OrderBook: no such order"),
        mc.ethCall(ALICE.address(), BOOK, Abi.call("getOrder(bytes32)", Bytes32.fromHexString("0x1234"))).revertReason());

    // Survives a restart.
    mc.reopen();
    assertEquals(Optional.of(expected), OrderBook.find(mc.state(), tx.hash()));
    assertEquals(List.of(expected), OrderBook.ordersOfAsset(mc.state(), asset, 0, 10));
  }

  private static Log transfer(Address token, Address from, Address to, UInt256 v) {
    return new Log(token, List.of(DatatokenContract.TRANSFER_TOPIC, Bytes32.leftPad(from.bytes()), Bytes32.leftPad(to.bytes())),
        v.toBytes());
  }

  @Test
  void paymentCollectorForeverAccessAndTheOrderBookEntryPoint() {
    Address vault = Address.fromHex("0x00000000000000000000000000000000000000b7");
    mc.ok(ALICE, dt, Abi.call("setPaymentCollector(address)", vault));
    mc.ok(ALICE, FACTORY, Abi.call("setMetadata(bytes32,string,string[],string,string,uint256,bytes32,uint256)", asset, "d",
        List.of(), "", "", 1L, Bytes32.fromHexString("0x02"), 0L));
    Bytes data = OrderCalls.startOrderOnBook(dt, DAVE.address(), 7, freeFee(), ConsumeMarketFee.NONE);
    assertEquals(Bytes32.ZERO, Bytes32.wrap(mc.ethCall(BOB.address(), BOOK, data).output()), "eth_call: no transaction hash");
    Hash h = order(BOB, BOOK, data);
    assertEquals(Orders.COLLECTOR_SHARE, bal(dt, vault));
    assertEquals(UInt256.ZERO, bal(dt, ALICE.address()));
    Order o = OrderBook.find(mc.state(), h).orElseThrow();
    assertEquals(0, o.validUntil(), "accessDuration 0 = forever");
    assertEquals(7, o.serviceIndex());
    assertTrue(o.validAt(Long.MAX_VALUE));
  }

  @Test
  void feeLegsArePaidInDatatokensOfTheChainOrSkipped() {
    Address feeToken = mc.createDatatoken(ALICE, asset, "FEE", ONE.multiply(100), ALICE.address());
    mc.ok(ALICE, feeToken, Abi.call("mint(address,uint256)", BOB.address(), ONE.multiply(10)));
    UInt256 providerAmount = UInt256.valueOf(123_456_789L);
    UInt256 marketAmount = UInt256.valueOf(5_000L);
    ProviderFee paid = ProviderFee.sign(PROVIDER, feeToken, providerAmount, UInt256.ZERO, DATA);
    Bytes data = OrderCalls.startOrder(DAVE.address(), 0, paid, new ConsumeMarketFee(MARKET, feeToken, marketAmount));
    Transaction tx = mc.tx(BOB, dt, data);
    Receipt r = mc.block(List.of(tx)).get(0);
    assertTrue(r.success());
    assertEquals(ONE.multiply(10).subtract(providerAmount).subtract(marketAmount), bal(feeToken, BOB.address()));
    assertEquals(providerAmount, bal(feeToken, PROVIDER.address()));
    assertEquals(marketAmount, bal(feeToken, MARKET));
    assertEquals(ONE.multiply(4), bal(dt, BOB.address()));
    // OrderStarted, Transfer(fee token) + ConsumeMarketFee, ProviderFee + Transfer(fee token), two order transfers
    assertEquals(7, r.logs().size());
    assertEquals(transfer(feeToken, BOB.address(), MARKET, marketAmount), r.logs().get(1));
    assertEquals(new Log(dt, List.of(Orders.CONSUME_MARKET_FEE_TOPIC), Abi.encode(MARKET, feeToken, marketAmount)), r.logs().get(2));
    assertEquals(Orders.PROVIDER_FEE_TOPIC, r.logs().get(3).topics().get(0));
    assertEquals(transfer(feeToken, BOB.address(), PROVIDER.address(), providerAmount), r.logs().get(4));
    assertEquals(Optional.of(new OrderProviderFee(PROVIDER.address(), feeToken, providerAmount)),
        OrderBook.providerFee(mc.state(), tx.hash()));

    // A zero amount (or token, or address) skips the leg; a non-datatoken fee token is refused.
    Receipt skipped = mc.ok(BOB, dt, OrderCalls.startOrder(DAVE.address(), 0, freeFee(), new ConsumeMarketFee(MARKET, feeToken,
        UInt256.ZERO)));
    assertEquals(4, skipped.logs().size());
    mc.fails(BOB, dt, OrderCalls.startOrder(DAVE.address(), 0, freeFee(), new ConsumeMarketFee(MARKET, MARKET, UInt256.ONE)),
        "OrderBook: consume market fee token is not a datatoken of this chain");
    mc.fails(BOB, dt, OrderCalls.startOrder(DAVE.address(), 0, ProviderFee.sign(PROVIDER, MARKET, UInt256.ONE, UInt256.ZERO, DATA),
        ConsumeMarketFee.NONE), "OrderBook: provider fee token is not a datatoken of this chain");
  }

  @Test
  void refusals() {
    ProviderFee fee = freeFee();
    // Balance below 1e18.
    mc.ok(BOB, dt, Abi.call("transfer(address,uint256)", MALLORY.address(), ONE.subtract(UInt256.ONE)));
    Bytes data = OrderCalls.startOrder(DAVE.address(), 0, fee, ConsumeMarketFee.NONE);
    Receipt poor = mc.fails(MALLORY, dt, data, "OrderBook: Not enough datatokens to start Order");
    assertEquals(intrinsic(data) + 2_100, poor.cumulativeGasUsed(), "checks come first: only the call gas");
    assertEquals(ONE.subtract(UInt256.ONE), bal(dt, MALLORY.address()));

    // Bad provider signatures: another signer, a tampered amount, a zero provider address.
    ProviderFee wrongSigner = ProviderFee.sign(MALLORY, Address.ZERO, UInt256.ZERO, UInt256.ZERO, DATA);
    ProviderFee claimed = new ProviderFee(PROVIDER.address(), Address.ZERO, UInt256.ZERO, wrongSigner.v(), wrongSigner.r(),
        wrongSigner.s(), UInt256.ZERO, DATA);
    mc.fails(BOB, dt, OrderCalls.startOrder(DAVE.address(), 0, claimed, ConsumeMarketFee.NONE), "OrderBook: Invalid provider fee signature");
    ProviderFee tampered = new ProviderFee(fee.address(), fee.token(), UInt256.ONE, fee.v(), fee.r(), fee.s(), fee.validUntil(), DATA);
    mc.fails(BOB, dt, OrderCalls.startOrder(DAVE.address(), 0, tampered, ConsumeMarketFee.NONE), "OrderBook: Invalid provider fee signature");
    ProviderFee zero = new ProviderFee(Address.ZERO, Address.ZERO, UInt256.ZERO, 27, Bytes32.ZERO, Bytes32.ZERO, UInt256.ZERO, DATA);
    mc.fails(BOB, dt, OrderCalls.startOrder(DAVE.address(), 0, zero, ConsumeMarketFee.NONE), "OrderBook: zero provider fee address");
    ProviderFee expired = ProviderFee.sign(PROVIDER, Address.ZERO, UInt256.ZERO, UInt256.valueOf(mc.time()), DATA);
    mc.fails(BOB, dt, OrderCalls.startOrder(DAVE.address(), 0, expired, ConsumeMarketFee.NONE), "OrderBook: provider fee expired");
    mc.fails(BOB, dt, OrderCalls.startOrder(Address.ZERO, 0, fee, ConsumeMarketFee.NONE), "OrderBook: zero consumer");

    // Metadata states 1..4 refuse orders; 5 (unlisted) takes them.
    for (long state = 1; state <= 4; state++) {
      mc.ok(ALICE, FACTORY, Abi.call("setMetadataState(bytes32,uint8)", asset, state));
      assertEquals(Optional.of("OrderBook: asset does not take orders in state " + state + " ("
          + org.mercato.market.data.factory.MetadataState.name((int) state) + ")"), mc.ethCall(BOB.address(), dt, data).revertReason());
    }
    mc.fails(BOB, dt, data, "OrderBook: asset does not take orders in state 4 (TEMPORARILY_DISABLED)");
    mc.ok(ALICE, FACTORY, Abi.call("setMetadataState(bytes32,uint8)", asset, 5L));
    order(BOB, dt, data);

    // Nothing recorded by the refusals; the book refuses non-datatokens.
    assertEquals(1, OrderBook.orderCount(mc.state()));
    assertEquals(ONE.multiply(3).add(UInt256.ONE), bal(dt, BOB.address()));
    mc.fails(BOB, BOOK, OrderCalls.startOrderOnBook(MARKET, DAVE.address(), 0, fee, ConsumeMarketFee.NONE),
        "OrderBook: not a datatoken of the asset factory");
  }

  @Test
  void reuseOrderIsValidatedOnChainAndExtendsNothing() {
    Hash h = order(BOB, dt, OrderCalls.startOrder(DAVE.address(), 0, freeFee(), ConsumeMarketFee.NONE));
    Order before = OrderBook.find(mc.state(), h).orElseThrow();
    Bytes reuse = OrderCalls.reuseOrder(h, freeFee());
    Receipt r = mc.ok(DAVE, dt, reuse);
    assertEquals(new Log(dt, List.of(Orders.ORDER_REUSED_TOPIC), Abi.encode(h.bytes(), DAVE.address(), mc.time(),
        mc.chain().chain().head().number())), r.logs().get(0));
    assertEquals(Orders.PROVIDER_FEE_TOPIC, r.logs().get(1).topics().get(0));
    assertEquals(2, r.logs().size(), "no datatoken moves");
    assertEquals(intrinsic(reuse) + 2_100 + 2 * 1_000, r.cumulativeGasUsed());
    mc.ok(BOB, BOOK, reuse); // the payer may too, and through the book
    assertEquals(Optional.of(before), OrderBook.find(mc.state(), h), "reuse extends nothing");

    mc.fails(MALLORY, dt, reuse, "OrderBook: not the order's payer or consumer");
    mc.fails(DAVE, dt, OrderCalls.reuseOrder(new Hash(Bytes32.fromHexString("0x42")), freeFee()), "OrderBook: no such order");
    Address other = mc.createDatatoken(ALICE, asset, "OTH", ONE, ALICE.address());
    mc.fails(DAVE, other, reuse, "OrderBook: order is of another datatoken");
    mc.ok(ALICE, FACTORY, Abi.call("setMetadataState(bytes32,uint8)", asset, 3L));
    mc.fails(DAVE, dt, reuse, "OrderBook: asset does not take orders in state 3 (REVOKED)");
  }

  @Test
  void lookupsByConsumerAndAssetArePaged() {
    Bytes32 asset2 = mc.createAsset(ALICE, "Second", "S");
    Address dt2 = mc.createDatatoken(ALICE, asset2, "S", ONE.multiply(100), ALICE.address());
    mc.ok(ALICE, dt2, Abi.call("mint(address,uint256)", BOB.address(), ONE.multiply(5)));
    List<Hash> first = new java.util.ArrayList<>();
    for (int i = 0; i < 5; i++) {
      KeyPair consumer = i % 2 == 0 ? DAVE : MALLORY;
      Address token = i < 3 ? dt : dt2;
      first.add(order(BOB, token, OrderCalls.startOrder(consumer.address(), i, freeFee(), ConsumeMarketFee.NONE)));
    }
    WorldView s = mc.state();
    assertEquals(5, OrderBook.orderCount(s));
    assertEquals(3, OrderBook.assetOrderCount(s, asset));
    assertEquals(2, OrderBook.assetOrderCount(s, asset2));
    assertEquals(3, OrderBook.consumerOrderCount(s, DAVE.address()));
    assertEquals(List.of(first.get(0), first.get(2), first.get(4)),
        OrderBook.ordersOfConsumer(s, DAVE.address(), 0, 10).stream().map(Order::orderTx).toList());
    assertEquals(List.of(first.get(2)), OrderBook.ordersOfConsumer(s, DAVE.address(), 1, 1).stream().map(Order::orderTx).toList());
    assertEquals(List.of(first.get(1), first.get(2)), OrderBook.ordersOfAsset(s, asset, 1, 5).stream().map(Order::orderTx).toList());
    assertEquals(List.of(), OrderBook.ordersOfAsset(s, asset2, 2, 5));
    assertEquals(asset2, OrderBook.ordersOfAsset(s, asset2, 0, 1).get(0).assetId());
    assertEquals(UInt256.valueOf(2), mc.uint(BOOK, "assetOrderCount(bytes32)", asset2));
    assertEquals(first.get(4).bytes(), Bytes32.wrap(mc.read(BOOK, Abi.call("consumerOrderAt(address,uint256)", DAVE.address(), 2L))));
    assertEquals(Optional.of("OrderBook: index out of range"),
        mc.ethCall(BOB.address(), BOOK, Abi.call("consumerOrderAt(address,uint256)", DAVE.address(), 3L)).revertReason());
  }
}
