package org.mercato.market.data.order;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mercato.market.data.MarketChain.E18;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.units.bigints.UInt256;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mercato.market.data.DataMarketAddresses;
import org.mercato.market.data.MarketChain;
import org.mercato.market.data.abi.Abi;
import org.mercato.market.data.dispenser.Dispenser;
import org.mercato.market.data.factory.DataAssetFactory;
import org.mercato.market.data.fre.FixedRateExchange;
import org.mercato.market.data.token.DatatokenContract;
import org.mercato.state.block.Log;
import org.mercato.state.block.Receipt;
import org.mercato.state.crypto.KeyPair;
import org.mercato.state.tx.IntrinsicGas;
import org.mercato.state.types.Address;
import org.mercato.state.types.Hash;
import org.mercato.state.types.Wei;

/**
 * The one-call order paths over a real chain (docs/spec/data-market.md §Orders, "One call"): buy-and-order with the DM§7
 * vector to the wei, atomic failures, dispense-and-order under the dispenser's limits, and a random mix with plain buys
 * and orders conserving coins and datatokens.
 */
class OneCallOrderChainTest {
  private static final KeyPair ALICE = MarketChain.key(0); // publisher: datatoken owner, payment collector
  private static final KeyPair BOB = MarketChain.key(1);   // buyer
  private static final KeyPair PROVIDER = MarketChain.key(2);
  private static final KeyPair CAROL = MarketChain.key(3);
  private static final Address DAVE = Address.fromHex("0x00000000000000000000000000000000000000d4"); // consumer
  private static final Address MARKET = Address.fromHex("0x00000000000000000000000000000000000000c1");
  private static final Address CONSUME = Address.fromHex("0x00000000000000000000000000000000000000c2");
  private static final Address BOOK = DataMarketAddresses.ORDER_BOOK;
  private static final Address FRE = DataMarketAddresses.FIXED_RATE_EXCHANGE;
  private static final Address DISPENSER = DataMarketAddresses.DISPENSER;
  private static final Address COMMUNITY = DataMarketAddresses.COMMUNITY_FEE_COLLECTOR;
  private static final Address FACTORY = DataMarketAddresses.ASSET_FACTORY;
  private static final BigInteger RATE = E18.multiply(BigInteger.TWO);
  private static final BigInteger MARKET_FEE = BigInteger.TEN.pow(16);
  private static final BigInteger SWAP_FEE = BigInteger.valueOf(5).multiply(BigInteger.TEN.pow(15));
  private static final BigInteger COST = new BigInteger("2032000000000000000"); // DM§7
  private static final BigInteger COLLECTOR_SHARE = new BigInteger("970000000000000000");
  private static final BigInteger COMMUNITY_CUT = new BigInteger("30000000000000000");
  private static final Bytes DATA = Bytes.wrap("{\"id\":\"svc0\"}".getBytes(StandardCharsets.UTF_8));

  @TempDir Path dir;
  private MarketChain mc;

  @BeforeEach
  void open() {
    mc = new MarketChain(dir, 4, new DataAssetFactory(), new FixedRateExchange(), new Dispenser(), new OrderBook());
  }

  @AfterEach
  void close() {
    mc.close();
  }

  private static ProviderFee fee() {
    return ProviderFee.sign(PROVIDER, Address.ZERO, UInt256.ZERO, UInt256.ZERO, DATA);
  }

  private Bytes32 exchange(Address dt, boolean withMint) {
    mc.ok(ALICE, FRE, Abi.call("createFixedRate(address,uint256,uint256,address,bool)", dt, RATE, MARKET_FEE, MARKET, withMint));
    return FixedRateExchange.exchangeId(Address.ZERO, dt);
  }

  private static Bytes buyAndOrder(Bytes32 id, BigInteger maxBase, Address consumer) {
    return OrderCalls.buyFromFreAndOrder(id, maxBase, CONSUME, SWAP_FEE, consumer, 0, fee(), ConsumeMarketFee.NONE);
  }

  private List<Address> everyone() {
    return List.of(ALICE.address(), BOB.address(), PROVIDER.address(), CAROL.address(), DAVE, MARKET, CONSUME, BOOK, FRE,
        DISPENSER, COMMUNITY, FACTORY);
  }

  private BigInteger totalCoins() {
    return everyone().stream().map(mc::coins).reduce(BigInteger.ZERO, BigInteger::add);
  }

  private BigInteger totalDatatokens(Address dt) {
    return everyone().stream().map(a -> mc.dt(dt, a)).reduce(BigInteger.ZERO, BigInteger::add);
  }

  private static Bytes32 topic0(Log l) {
    return l.topics().get(0);
  }

  @Test
  void buyFromFreAndOrderPaysTheVectorRefundsTheRestAndRecordsTheOrder() {
    Address dt = mc.datatoken(ALICE, "ONE", E18.multiply(BigInteger.valueOf(1_000)));
    Bytes32 id = exchange(dt, true);
    BigInteger coins = totalCoins();
    BigInteger fees = mc.gasFees();
    BigInteger bob = mc.coins(BOB.address());
    BigInteger alice = mc.coins(ALICE.address());

    Bytes data = buyAndOrder(id, COST, DAVE);
    Wei sent = new Wei(E18.multiply(BigInteger.valueOf(3)));
    Hash txHash = sendAndHash(BOB, BOOK, sent, data);
    Receipt r = lastReceipt;
    BigInteger gas = mc.gasFees().subtract(fees);

    // Coins: DM§7 vector, every fee on its collector, 3e18 − 2.032e18 back to the buyer, nothing left in 0x…1004.
    assertEquals(bob.subtract(COST).subtract(gas), mc.coins(BOB.address()), "the buyer pays exactly 2.032e18 plus gas");
    assertEquals(alice.add(RATE), mc.coins(ALICE.address()), "B0 to the payment collector");
    assertEquals(BigInteger.TWO.multiply(BigInteger.TEN.pow(16)), mc.coins(MARKET), "1% market fee");
    assertEquals(BigInteger.TWO.multiply(BigInteger.TEN.pow(15)), mc.coins(COMMUNITY), "0.1% community (OPC) fee");
    assertEquals(BigInteger.TEN.pow(16), mc.coins(CONSUME), "0.5% consume-market swap fee");
    assertEquals(BigInteger.ZERO, mc.coins(BOOK));
    assertEquals(BigInteger.ZERO, mc.coins(FRE));
    assertEquals(coins, totalCoins().add(gas), "coins before = after + gas fees");

    // Datatokens: 1e18 minted and spent at once, 0.97 / 0.03.
    assertEquals(E18, mc.supply(dt));
    assertEquals(BigInteger.ZERO, mc.dt(dt, BOB.address()));
    assertEquals(COLLECTOR_SHARE, mc.dt(dt, ALICE.address()));
    assertEquals(COMMUNITY_CUT, mc.dt(dt, COMMUNITY));
    assertEquals(mc.supply(dt), totalDatatokens(dt));

    // The ledger by transaction hash: the caller paid, the consumer is served.
    Order o = OrderBook.find(mc.state(), txHash).orElseThrow();
    assertEquals(dt, o.datatoken());
    assertEquals(BOB.address(), o.payer());
    assertEquals(DAVE, o.consumer());
    assertEquals(1, OrderBook.orderCount(mc.state()));

    // Events: the exchange's (mint Transfer, ConsumeMarketFee, Swapped), then the order's.
    List<Log> logs = r.logs();
    assertEquals(List.of(DatatokenContract.TRANSFER_TOPIC, FixedRateExchange.CONSUME_MARKET_FEE_TOPIC,
        FixedRateExchange.SWAPPED_TOPIC, Orders.ORDER_STARTED_TOPIC, Orders.PROVIDER_FEE_TOPIC, DatatokenContract.TRANSFER_TOPIC,
        DatatokenContract.TRANSFER_TOPIC), logs.stream().map(OneCallOrderChainTest::topic0).toList());
    assertEquals(List.of(dt, FRE, FRE, dt, dt, dt, dt), logs.stream().map(Log::address).toList());
    assertEquals(Bytes32.leftPad(BOB.address().bytes()), logs.get(2).topics().get(2), "the caller is the buyer of record");
    // One call: mint (3 writes, log), 4 coin credits, 2 exchange logs, the refund credit, then startOrder's 74,000.
    assertEquals(IntrinsicGas.of(data, List.of()) + 2_100 + 16_000 + 4 * 5_000 + 2 * 1_000 + 5_000 + 74_000,
        r.cumulativeGasUsed());

    // The exact value needs no refund; the book still keeps nothing.
    Hash second = sendAndHash(BOB, BOOK, new Wei(COST), buyAndOrder(id, COST, DAVE));
    assertTrue(OrderBook.find(mc.state(), second).isPresent());
    assertEquals(BigInteger.ZERO, mc.coins(BOOK));
    assertEquals(2, OrderBook.consumerOrderCount(mc.state(), DAVE));
  }

  private Receipt lastReceipt;

  private Hash sendAndHash(KeyPair from, Address to, Wei value, Bytes data) {
    lastReceipt = mc.ok(from, to, value, data);
    return mc.lastTxHash();
  }

  @Test
  void aFailedBuyOrOrderLeavesNoOrderAndMovesNothingButGas() {
    Address dt = mc.datatoken(ALICE, "ATM", E18.multiply(BigInteger.valueOf(1_000)));
    Bytes32 id = exchange(dt, true);
    BigInteger coins = totalCoins();
    BigInteger fees = mc.gasFees();

    mc.refused(BOB, BOOK, new Wei(E18.multiply(BigInteger.TEN)), buyAndOrder(id, COST.subtract(BigInteger.ONE), DAVE),
        "FixedRateExchange: Too many base tokens");
    mc.refused(BOB, BOOK, new Wei(COST.subtract(BigInteger.ONE)), buyAndOrder(id, COST, DAVE),
        "FixedRateExchange: not enough native coin sent");
    // The buy succeeds inside the call, then the order fails: the buy is undone with it.
    mc.refused(BOB, BOOK, new Wei(COST), buyAndOrder(id, COST, Address.ZERO), "OrderBook: zero consumer");
    ProviderFee forged = new ProviderFee(CAROL.address(), Address.ZERO, UInt256.ZERO, fee().v(), fee().r(), fee().s(),
        UInt256.ZERO, DATA);
    mc.refused(BOB, BOOK, new Wei(COST), OrderCalls.buyFromFreAndOrder(id, COST, CONSUME, SWAP_FEE, DAVE, 0, forged,
        ConsumeMarketFee.NONE), "OrderBook: Invalid provider fee signature");
    mc.refused(BOB, BOOK, new Wei(COST), buyAndOrder(Bytes32.fromHexString("0x42"), COST, DAVE),
        "FixedRateExchange: Exchange does not exist");
    // The asset stops taking orders (state 4, temporarily disabled): the buy would work, the order does not.
    mc.ok(ALICE, FACTORY, Abi.call("setMetadataState(bytes32,uint8)", UInt256.ONE.toBytes(), 4L));
    mc.refused(BOB, BOOK, new Wei(COST), buyAndOrder(id, COST, DAVE), "OrderBook: asset does not take orders in state 4 (TEMPORARILY_DISABLED)");

    assertEquals(BigInteger.ZERO, mc.supply(dt), "no datatoken was minted");
    assertEquals(BigInteger.ZERO, mc.dt(dt, BOB.address()));
    assertEquals(0, OrderBook.orderCount(mc.state()), "no order");
    assertEquals(BigInteger.ZERO, mc.coins(BOOK));
    assertEquals(BigInteger.ZERO, mc.coins(MARKET).add(mc.coins(CONSUME)).add(mc.coins(COMMUNITY)), "no fee was paid");
    assertEquals(coins, totalCoins().add(mc.gasFees().subtract(fees)), "failures cost only gas");
  }

  @Test
  void buyFromATokenBasedExchangeMovesTheCallersBaseTokensAndTakesNoValue() {
    Address base = mc.datatoken(CAROL, "BASE", E18.multiply(BigInteger.valueOf(1_000)));
    Address dt = mc.datatoken(ALICE, "TOK", E18.multiply(BigInteger.valueOf(1_000)));
    mc.ok(ALICE, FRE, Abi.call("createFixedRate(address,address,uint256,uint256,address,bool,address)", dt, base, RATE,
        MARKET_FEE, MARKET, true, Address.ZERO));
    Bytes32 id = FixedRateExchange.exchangeId(base, dt);
    mc.ok(CAROL, base, Abi.call("mint(address,uint256)", BOB.address(), E18.multiply(BigInteger.valueOf(3))));
    BigInteger cost = new BigInteger("2034000000000000000"); // B0 2e18 + 1% market + 0.2% OPC (non-approved) + 0.5% swap
    BigInteger coins = totalCoins();
    BigInteger fees = mc.gasFees();

    mc.refused(BOB, BOOK, new Wei(BigInteger.ONE), buyAndOrder(id, cost, DAVE), "OrderBook: not payable for a token-based exchange");
    mc.refused(BOB, BOOK, buyAndOrder(id, cost.subtract(BigInteger.ONE), DAVE), "FixedRateExchange: Too many base tokens");
    mc.ok(BOB, BOOK, buyAndOrder(id, cost, DAVE));
    assertEquals(E18.multiply(BigInteger.valueOf(3)).subtract(cost), mc.dt(base, BOB.address()), "the base left the caller");
    assertEquals(RATE, mc.dt(base, ALICE.address()), "B0 in base tokens to the payment collector");
    assertEquals(new BigInteger("4000000000000000"), mc.dt(base, COMMUNITY), "0.2% community fee for a token base");
    assertEquals(COLLECTOR_SHARE, mc.dt(dt, ALICE.address()));
    assertEquals(BOB.address(), OrderBook.find(mc.state(), mc.lastTxHash()).orElseThrow().payer());
    assertEquals(mc.supply(base), totalDatatokens(base));
    assertEquals(coins, totalCoins().add(mc.gasFees().subtract(fees)), "no coin moves but gas");
    // allowedSwapper is checked on the caller.
    mc.ok(ALICE, FRE, Abi.call("setAllowedSwapper(bytes32,address)", id, CAROL.address()));
    mc.refused(BOB, BOOK, buyAndOrder(id, cost, DAVE), "FixedRateExchange: This address is not allowed to swap");
  }

  @Test
  void dispenseAndOrderAppliesTheDispenserLimitsToTheCaller() {
    Address dt = mc.datatoken(ALICE, "FREE", E18.multiply(BigInteger.valueOf(10)));
    mc.ok(ALICE, DISPENSER, Abi.call("create(address,uint256,uint256,bool,address)", dt, E18, E18, true, Address.ZERO));
    BigInteger coins = totalCoins();
    BigInteger fees = mc.gasFees();

    Bytes data = OrderCalls.dispenseAndOrder(dt, DAVE, 3, fee(), ConsumeMarketFee.NONE);
    Receipt r = mc.ok(BOB, BOOK, data);
    Order o = OrderBook.ordersOfConsumer(mc.state(), DAVE, 0, 10).get(0);
    assertEquals(BOB.address(), o.payer());
    assertEquals(3, o.serviceIndex());
    assertEquals(E18, mc.supply(dt), "the dispenser minted exactly the shortfall, 1e18");
    assertEquals(BigInteger.ZERO, mc.dt(dt, BOB.address()));
    assertEquals(COLLECTOR_SHARE, mc.dt(dt, ALICE.address()));
    assertEquals(COMMUNITY_CUT, mc.dt(dt, COMMUNITY));
    assertEquals(List.of(DatatokenContract.TRANSFER_TOPIC, Dispenser.DISPENSED_TOPIC, DatatokenContract.TRANSFER_TOPIC,
        Orders.ORDER_STARTED_TOPIC, Orders.PROVIDER_FEE_TOPIC, DatatokenContract.TRANSFER_TOPIC, DatatokenContract.TRANSFER_TOPIC),
        r.logs().stream().map(OneCallOrderChainTest::topic0).toList());
    assertEquals(List.of(dt, DISPENSER, dt, dt, dt, dt, dt), r.logs().stream().map(Log::address).toList());
    // mint 11,000, TokensDispensed 1,000, transfer 11,000, then startOrder's 74,000
    assertEquals(IntrinsicGas.of(data, List.of()) + 2_100 + 11_000 + 1_000 + 11_000 + 74_000, r.cumulativeGasUsed());

    // The order spent the dispensed token, so the holder's balance is back under maxBalance: it may order again.
    mc.ok(BOB, BOOK, data);
    assertEquals(2, OrderBook.orderCount(mc.state()));
    // A holder at maxBalance is refused, and nothing moves.
    mc.ok(ALICE, dt, Abi.call("mint(address,uint256)", CAROL.address(), E18));
    mc.refused(CAROL, BOOK, data, "Dispenser: Caller balance too high");
    // Per-request cap below one datatoken.
    mc.ok(ALICE, DISPENSER, Abi.call("activate(address,uint256,uint256)", dt, E18.divide(BigInteger.TWO), E18));
    mc.refused(BOB, BOOK, data, "Dispenser: Amount too high");
    // allowedSwapper restricts the caller (the one who gets and spends the datatoken).
    mc.ok(ALICE, DISPENSER, Abi.call("activate(address,uint256,uint256)", dt, E18, E18));
    mc.ok(ALICE, DISPENSER, Abi.call("setAllowedSwapper(address,address)", dt, PROVIDER.address()));
    mc.refused(BOB, BOOK, data, "Dispenser: This address is not allowed to request DT");
    mc.ok(PROVIDER, BOOK, data);
    mc.ok(ALICE, DISPENSER, Abi.call("deactivate(address)", dt));
    mc.refused(PROVIDER, BOOK, data, "Dispenser: Dispenser not active");
    // Not payable; an order failure after the dispense undoes the dispense.
    mc.ok(ALICE, DISPENSER, Abi.call("activate(address,uint256,uint256)", dt, E18, E18));
    mc.refused(PROVIDER, BOOK, new Wei(BigInteger.ONE), data, "OrderBook: not payable");
    BigInteger supply = mc.supply(dt);
    mc.refused(PROVIDER, BOOK, OrderCalls.dispenseAndOrder(dt, Address.ZERO, 0, fee(), ConsumeMarketFee.NONE),
        "OrderBook: zero consumer");
    assertEquals(supply, mc.supply(dt));
    assertEquals(BigInteger.ZERO, mc.dt(dt, PROVIDER.address()));

    assertEquals(3, OrderBook.orderCount(mc.state()));
    assertEquals(mc.supply(dt), totalDatatokens(dt));
    assertEquals(coins, totalCoins().add(mc.gasFees().subtract(fees)), "coins before = after + gas fees");
  }

  @Test
  void randomOneCallAndPlainOrdersConserveCoinsAndDatatokens() {
    Random rnd = new Random(20261128);
    Address dtA = mc.datatoken(ALICE, "RA", E18.multiply(BigInteger.valueOf(1_000)));
    Address dtB = mc.datatoken(ALICE, "RB", E18.multiply(BigInteger.valueOf(1_000)));
    Bytes32 idA = exchange(dtA, true);
    mc.ok(ALICE, DISPENSER, Abi.call("create(address,uint256,uint256,bool,address)", dtB, E18, E18.multiply(BigInteger.TWO),
        true, Address.ZERO));
    List<KeyPair> buyers = List.of(BOB, CAROL, PROVIDER);
    BigInteger coins = totalCoins();
    BigInteger fees = mc.gasFees();
    long orders = 0;
    BigInteger minted = BigInteger.ZERO;

    for (int step = 0; step < 80; step++) {
      KeyPair who = buyers.get(rnd.nextInt(buyers.size()));
      BigInteger supplyA = mc.supply(dtA);
      BigInteger supplyB = mc.supply(dtB);
      Receipt r;
      boolean orders1;
      switch (rnd.nextInt(5)) {
        case 0 -> { // one call, value around the cost (some too short, some slippage-bounded)
          BigInteger value = COST.add(BigInteger.valueOf(rnd.nextInt(2_000_001) - 1_000_000).multiply(BigInteger.TEN.pow(9)));
          BigInteger max = rnd.nextInt(4) == 0 ? COST.subtract(BigInteger.ONE) : COST;
          r = mc.send(who, BOOK, new Wei(value), buyAndOrder(idA, max, DAVE));
          orders1 = true;
        }
        case 1 -> { // plain buy of a random amount
          BigInteger d = E18.multiply(BigInteger.valueOf(rnd.nextInt(3))).add(BigInteger.valueOf(rnd.nextInt(1_000)));
          r = mc.send(who, FRE, new Wei(COST.multiply(BigInteger.valueOf(4))),
              Abi.call("buyDT(bytes32,uint256,uint256,address,uint256)", idA, d, COST.multiply(BigInteger.valueOf(4)), CONSUME,
                  SWAP_FEE));
          orders1 = false;
        }
        case 2 -> { // plain order on the datatoken (fails without 1e18)
          r = mc.send(who, dtA, Wei.ZERO, OrderCalls.startOrder(DAVE, 1, fee(), ConsumeMarketFee.NONE));
          orders1 = true;
        }
        case 3 -> { // dispense and order
          r = mc.send(who, BOOK, Wei.ZERO, OrderCalls.dispenseAndOrder(dtB, who.address(), 0, fee(), ConsumeMarketFee.NONE));
          orders1 = true;
        }
        default -> { // a transfer of some datatokens A to another buyer
          KeyPair to = buyers.get(rnd.nextInt(buyers.size()));
          BigInteger amount = mc.dt(dtA, who.address()).divide(BigInteger.TWO);
          r = mc.send(who, dtA, Wei.ZERO, Abi.call("transfer(address,uint256)", to.address(), amount));
          orders1 = false;
        }
      }
      if (orders1 && r.success()) {
        orders++;
      }
      // Supply grows only by logged mints (from address 0).
      BigInteger mintedNow = BigInteger.ZERO;
      for (Log l : r.logs()) {
        if (topic0(l).equals(DatatokenContract.TRANSFER_TOPIC) && l.topics().get(1).isZero()) {
          mintedNow = mintedNow.add(UInt256.fromBytes(Bytes32.wrap(l.data())).toBigInteger());
        }
      }
      assertEquals(supplyA.add(supplyB).add(mintedNow), mc.supply(dtA).add(mc.supply(dtB)), "step " + step);
      minted = minted.add(mintedNow);
      assertEquals(coins, totalCoins().add(mc.gasFees().subtract(fees)), "coins before = after + gas fees, step " + step);
      assertEquals(mc.supply(dtA), totalDatatokens(dtA), "Σ balances = supply A, step " + step);
      assertEquals(mc.supply(dtB), totalDatatokens(dtB), "Σ balances = supply B, step " + step);
      assertEquals(orders, OrderBook.orderCount(mc.state()), "one ledger record per successful order, step " + step);
      assertEquals(BigInteger.ZERO, mc.coins(BOOK), "the book keeps no coins, step " + step);
    }
    assertEquals(minted, mc.supply(dtA).add(mc.supply(dtB)));
    assertTrue(orders > 10, "the sequence made orders: " + orders);
    assertFalse(OrderBook.ordersOfConsumer(mc.state(), DAVE, 0, 1).isEmpty());
    // Each order moved 0.03e18 to the community: Σ of its balances across both tokens matches the ledger.
    BigInteger community = mc.dt(dtA, COMMUNITY).add(mc.dt(dtB, COMMUNITY));
    assertEquals(COMMUNITY_CUT.multiply(BigInteger.valueOf(orders)), community);
    assertEquals(Optional.empty(), OrderBook.find(mc.state(), new Hash(Bytes32.ZERO)));
  }
}
