package org.mercato.market.data.fre;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.List;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mercato.market.data.DataMarketAddresses;
import org.mercato.market.data.MarketChain;
import org.mercato.market.data.abi.Abi;
import org.mercato.market.data.factory.DataAssetFactory;
import org.mercato.market.data.token.DatatokenContract;
import org.mercato.state.block.Log;
import org.mercato.state.block.Receipt;
import org.mercato.state.crypto.KeyPair;
import org.mercato.state.types.Address;
import org.mercato.state.types.Wei;

/**
 * The exchange's fee table, sells, token base and admin over a real chain (docs/spec/data-market.md §Fixed-rate
 * exchange). Every money movement is checked to the wei on the accounts that receive it.
 */
class FixedRateExchangeTradingTest {
  private static final KeyPair ALICE = MarketChain.key(0); // publisher of the datatoken on sale
  private static final KeyPair BOB = MarketChain.key(1);   // trader
  private static final KeyPair CAROL = MarketChain.key(2); // publisher of the base datatoken; outsider
  private static final Address MARKET = Address.fromHex("0x00000000000000000000000000000000000000c1");
  private static final Address CONSUME = Address.fromHex("0x00000000000000000000000000000000000000c2");
  private static final Address FRE = DataMarketAddresses.FIXED_RATE_EXCHANGE;
  private static final Address COMMUNITY = DataMarketAddresses.COMMUNITY_FEE_COLLECTOR;
  private static final BigInteger E18 = MarketChain.E18;
  private static final BigInteger CAP = E18.multiply(BigInteger.valueOf(1_000_000));
  private static final BigInteger RATE = E18.multiply(BigInteger.TWO);
  private static final BigInteger MARKET_FEE = BigInteger.TEN.pow(16);
  private static final BigInteger CONSUME_FEE = BigInteger.valueOf(5).multiply(BigInteger.TEN.pow(15));

  @TempDir Path dir;
  private MarketChain mc;

  @BeforeEach
  void open() {
    mc = new MarketChain(dir, 4, new DataAssetFactory(), new FixedRateExchange());
  }

  @AfterEach
  void close() {
    mc.close();
  }

  private static BigInteger n(String s) {
    return new BigDecimal(s).toBigIntegerExact();
  }

  private Bytes32 create(KeyPair owner, Address dt, Address base, BigInteger rate, BigInteger fee, boolean withMint) {
    mc.ok(owner, FRE, Abi.call("createFixedRate(address,address,uint256,uint256,address,bool,address)", dt, base, rate,
        fee, MARKET, withMint, Address.ZERO));
    return FixedRateExchange.exchangeId(base, dt);
  }

  private static Bytes buyDT(Bytes32 id, BigInteger d, BigInteger maxBase, BigInteger consumeFee) {
    return Abi.call("buyDT(bytes32,uint256,uint256,address,uint256)", id, d, maxBase, CONSUME, consumeFee);
  }

  private static Bytes sellDT(Bytes32 id, BigInteger d, BigInteger minBase, BigInteger consumeFee) {
    return Abi.call("sellDT(bytes32,uint256,uint256,address,uint256)", id, d, minBase, CONSUME, consumeFee);
  }

  /** Base balance of {@code holder}: coins for the native base, else units of {@code base}. */
  private BigInteger bal(Address base, Address holder) {
    return base.equals(Address.ZERO) ? mc.coins(holder) : mc.dt(base, holder);
  }

  /** A base datatoken published by CAROL, with {@code amount} of it held by BOB. */
  private Address baseTokenHeldByBob(BigInteger amount) {
    Address base = mc.datatoken(CAROL, "BASE", CAP);
    mc.ok(CAROL, base, Abi.call("mint(address,uint256)", BOB.address(), amount));
    return base;
  }

  /**
   * The reference table (data-market.md §7) on chain, for both kinds of base: the native coin (OPC 1e15, Ocean's
   * approved base) and a datatoken of this chain (OPC 2e15, non-approved). Quotes by eth_call, then a real buy and a
   * real sell, each fee landing on its collector to the wei. The 6-decimal rows have no on-chain case (every base here
   * has 18 decimals); FixedRateMathTest covers them.
   */
  @ParameterizedTest
  @CsvSource({
      "native, 1e18, 2e18, 1e16, 5e15, 2e18, 2e15, 2e16, 1e16, 2032000000000000000, 1968000000000000000",
      "native, 333333333333333333, 2e18, 1e16, 5e15, 666666666666666666, 666666666666666, 6666666666666666, 3333333333333333, 677333333333333331, 656000000000000001",
      "native, 1, 1e10, 1e16, 5e15, 0, 0, 0, 0, 0, 0",
      "token, 1e18, 2e18, 1e16, 5e15, 2e18, 4e15, 2e16, 1e16, 2034000000000000000, 1966000000000000000",
      "token, 3e18, 1.5e18, 0, 0, 4.5e18, 9e15, 0, 0, 4509000000000000000, 4491000000000000000",
      "token, 333333333333333333, 2e18, 1e16, 5e15, 666666666666666666, 1333333333333333, 6666666666666666, 3333333333333333, 677999999999999998, 655333333333333334",
  })
  void feeTableOnChain(String kind, String d, String rate, String mf, String cf, String b0, String fOpc, String fPub,
      String fCons, String buy, String sell) {
    boolean nativeBase = kind.equals("native");
    Address base = nativeBase ? Address.ZERO : baseTokenHeldByBob(E18.multiply(BigInteger.valueOf(100)));
    Address dt = mc.datatoken(ALICE, "DT", CAP);
    Bytes32 id = create(ALICE, dt, base, n(rate), n(mf), true);
    BigInteger fee = n(cf);
    assertEquals(Abi.encode(n(buy), n(fOpc), n(fPub), n(fCons)),
        mc.view(FRE, Abi.call("calcBaseInGivenOutDT(bytes32,uint256,uint256)", id, n(d), fee)));
    assertEquals(Abi.encode(n(sell), n(fOpc), n(fPub), n(fCons)),
        mc.view(FRE, Abi.call("calcBaseOutGivenInDT(bytes32,uint256,uint256)", id, n(d), fee)));

    // Buy: BOB pays exactly `buy`; B0 to ALICE (the payment collector), each fee to its collector.
    BigInteger bob = bal(base, BOB.address());
    BigInteger alice = bal(base, ALICE.address());
    BigInteger gas = mc.gasFees();
    Wei value = nativeBase ? new Wei(n(buy)) : Wei.ZERO;
    mc.ok(BOB, FRE, value, buyDT(id, n(d), n(buy), fee));
    BigInteger bobGas = nativeBase ? mc.gasFees().subtract(gas) : BigInteger.ZERO;
    assertEquals(bob.subtract(n(buy)).subtract(bobGas), bal(base, BOB.address()), "buyer pays the cost");
    BigInteger aliceAfterBuy = bal(base, ALICE.address());
    assertEquals(alice.add(n(b0)), aliceAfterBuy, "B0 to the payment collector");
    assertEquals(n(fPub), bal(base, MARKET));
    assertEquals(n(fOpc), bal(base, COMMUNITY));
    assertEquals(n(fCons), bal(base, CONSUME));
    assertEquals(n(d), mc.dt(dt, BOB.address()));

    // Sell it back: ALICE funds the reserve with exactly B0, BOB receives `sell`; the fees land again.
    Wei deposit = nativeBase ? new Wei(n(b0)) : Wei.ZERO;
    if (n(b0).signum() > 0) {
      mc.ok(ALICE, FRE, deposit, Abi.call("depositBT(bytes32,uint256)", id, n(b0)));
    }
    bob = bal(base, BOB.address());
    gas = mc.gasFees();
    mc.ok(BOB, FRE, sellDT(id, n(d), n(sell), fee));
    bobGas = nativeBase ? mc.gasFees().subtract(gas) : BigInteger.ZERO;
    assertEquals(bob.add(n(sell)).subtract(bobGas), bal(base, BOB.address()), "seller gets the proceeds");
    assertEquals(n(fPub).multiply(BigInteger.TWO), bal(base, MARKET));
    assertEquals(n(fOpc).multiply(BigInteger.TWO), bal(base, COMMUNITY));
    assertEquals(n(fCons).multiply(BigInteger.TWO), bal(base, CONSUME));
    assertEquals(BigInteger.ZERO, bal(base, FRE), "the reserve paid out exactly B0");
    assertEquals(BigInteger.ZERO, ExchangeStore.find(mc.state(), id).orElseThrow().btBalance());
    assertEquals(BigInteger.ZERO, mc.dt(dt, BOB.address()));
    assertEquals(n(d), ExchangeStore.stock(mc.state(), dt), "the sold datatokens are the exchange's stock");
  }

  @Test
  void sellPaysFromTheDepositedReserveWithSlippageAndReserveBounds() {
    Address dt = mc.datatoken(ALICE, "SEL", CAP);
    Bytes32 id = create(ALICE, dt, Address.ZERO, RATE, MARKET_FEE, true);
    mc.ok(BOB, FRE, new Wei(E18.multiply(BigInteger.TEN)), buyDT(id, E18.multiply(BigInteger.valueOf(3)),
        E18.multiply(BigInteger.TEN), CONSUME_FEE));
    BigInteger proceeds = n("1968000000000000000");

    mc.refused(BOB, FRE, sellDT(id, E18, proceeds, CONSUME_FEE), "FixedRateExchange: Not enough base tokens");
    mc.refused(ALICE, FRE, new Wei(E18), Abi.call("depositBT(bytes32,uint256)", id, E18.multiply(BigInteger.TWO)),
        "FixedRateExchange: msg.value must equal the deposit");
    Receipt dep = mc.ok(ALICE, FRE, new Wei(E18.multiply(BigInteger.valueOf(3))),
        Abi.call("depositBT(bytes32,uint256)", id, E18.multiply(BigInteger.valueOf(3))));
    assertEquals(List.of(FixedRateExchange.BASE_DEPOSITED_TOPIC, id, Bytes32.leftPad(ALICE.address().bytes())),
        dep.logs().get(0).topics());
    mc.refused(BOB, FRE, sellDT(id, E18, proceeds.add(BigInteger.ONE), CONSUME_FEE), "FixedRateExchange: Too few base tokens");
    mc.refused(CAROL, FRE, sellDT(id, E18, BigInteger.ZERO, CONSUME_FEE), "FixedRateExchange: not enough datatokens");
    mc.refused(BOB, FRE, sellDT(id, BigInteger.ZERO, BigInteger.ZERO, CONSUME_FEE), "FixedRateExchange: zero datatoken amount");

    BigInteger bob = mc.coins(BOB.address());
    BigInteger gas = mc.gasFees();
    Receipt r = mc.ok(BOB, FRE, sellDT(id, E18, proceeds, CONSUME_FEE));
    assertEquals(bob.add(proceeds).subtract(mc.gasFees().subtract(gas)), mc.coins(BOB.address()));
    assertEquals(E18, mc.coins(FRE), "3 deposited − B0 2");
    assertEquals(E18, ExchangeStore.find(mc.state(), id).orElseThrow().btBalance());
    assertEquals(E18, ExchangeStore.reserved(mc.state(), Address.ZERO));
    Log swapped = r.logs().get(r.logs().size() - 1);
    assertEquals(new Log(FRE, List.of(FixedRateExchange.SWAPPED_TOPIC, id, Bytes32.leftPad(BOB.address().bytes())),
        Abi.encode(proceeds, E18, Address.ZERO, n("2e16"), n("2e15"), n("1e16"))), swapped, "tokenOut = the base");
    assertEquals(new Log(FRE, List.of(FixedRateExchange.CONSUME_MARKET_FEE_TOPIC, id),
        Abi.encode(CONSUME, Address.ZERO, n("1e16"))), r.logs().get(r.logs().size() - 2));

    // Next buy of 1 comes from that stock: no mint.
    BigInteger supply = mc.supply(dt);
    mc.ok(CAROL, FRE, new Wei(E18.multiply(BigInteger.valueOf(3))), buyDT(id, E18, E18.multiply(BigInteger.valueOf(3)), BigInteger.ZERO));
    assertEquals(supply, mc.supply(dt));
    assertEquals(BigInteger.ZERO, ExchangeStore.stock(mc.state(), dt));

    // Collect the reserve's rest to the payment collector (ALICE), by anyone; over the balance refused.
    mc.refused(CAROL, FRE, Abi.call("collectBT(bytes32,uint256)", id, E18.add(BigInteger.ONE)), "FixedRateExchange: Amount too high");
    BigInteger alice = mc.coins(ALICE.address());
    Receipt c = mc.ok(CAROL, FRE, Abi.call("collectBT(bytes32,uint256)", id, E18));
    assertEquals(alice.add(E18), mc.coins(ALICE.address()));
    assertEquals(BigInteger.ZERO, mc.coins(FRE));
    assertEquals(new Log(FRE, List.of(FixedRateExchange.TOKEN_COLLECTED_TOPIC, id, Bytes32.leftPad(ALICE.address().bytes()),
        Bytes32.ZERO), Abi.encode(E18)), c.logs().get(c.logs().size() - 1));
  }

  @Test
  void datatokenBaseMovesTheBuyersTokensWithoutAnApproval() {
    Address base = baseTokenHeldByBob(E18.multiply(BigInteger.TEN));
    Address dt = mc.datatoken(ALICE, "TOK", CAP);
    mc.refused(ALICE, FRE, Abi.call("createFixedRate(address,address,uint256,uint256,address,bool,address)", dt, dt, RATE,
        MARKET_FEE, MARKET, true, Address.ZERO), "FixedRateExchange: Invalid datatoken, equals baseToken");
    mc.refused(ALICE, FRE, Abi.call("createFixedRate(address,address,uint256,uint256,address,bool,address)", dt, MARKET,
        RATE, MARKET_FEE, MARKET, true, Address.ZERO), "FixedRateExchange: Invalid baseToken, not the native coin or a datatoken");
    mc.refused(ALICE, FRE, Abi.call("createFixedRate(address,address,uint256,uint256,address,bool,address)", dt, base,
        RATE, MARKET_FEE, Address.ZERO, true, Address.ZERO), "FixedRateExchange: zero market fee collector with a non-zero fee");
    Bytes32 id = create(ALICE, dt, base, RATE, MARKET_FEE, true);
    assertEquals(BigInteger.ZERO, DatatokenContract.allowance(mc.state(), base, BOB.address(), FRE).toBigInteger());

    mc.refused(BOB, FRE, new Wei(BigInteger.ONE), buyDT(id, E18, E18.multiply(BigInteger.TEN), CONSUME_FEE),
        "FixedRateExchange: not payable for a token-based exchange");
    mc.refused(BOB, FRE, buyDT(id, E18.multiply(BigInteger.valueOf(5)), E18.multiply(BigInteger.valueOf(11)), CONSUME_FEE),
        "FixedRateExchange: not enough base tokens");
    mc.refused(BOB, FRE, buyDT(id, E18, n("2034000000000000000").subtract(BigInteger.ONE), CONSUME_FEE),
        "FixedRateExchange: Too many base tokens");

    BigInteger coins = mc.coins(BOB.address());
    BigInteger gas = mc.gasFees();
    Receipt r = mc.ok(BOB, FRE, buyDT(id, E18, n("2034000000000000000"), CONSUME_FEE));
    assertEquals(coins.subtract(mc.gasFees().subtract(gas)), mc.coins(BOB.address()), "no coins but gas");
    assertEquals(E18.multiply(BigInteger.TEN).subtract(n("2034000000000000000")), mc.dt(base, BOB.address()));
    assertEquals(RATE, mc.dt(base, ALICE.address()));
    assertEquals(n("4e15"), mc.dt(base, COMMUNITY), "OPC 0.2% for a non-native base");
    // Every base movement is an ERC-20 Transfer of the base token, from the buyer.
    List<Log> baseTransfers = r.logs().stream().filter(l -> l.address().equals(base)).toList();
    assertEquals(4, baseTransfers.size());
    assertTrue(baseTransfers.stream().allMatch(l -> l.topics().get(0).equals(DatatokenContract.TRANSFER_TOPIC)
        && l.topics().get(1).equals(Bytes32.leftPad(BOB.address().bytes()))));
    assertEquals(E18, mc.dt(dt, BOB.address()));

    // The exchange's own holding of the base token is reserve, not stock of that token for its own exchanges.
    Bytes32 baseEx = create(CAROL, base, Address.ZERO, RATE, BigInteger.ZERO, false);
    mc.ok(BOB, FRE, Abi.call("depositBT(bytes32,uint256)", id, E18));
    assertEquals(E18, mc.dt(base, FRE));
    assertEquals(BigInteger.ZERO, ExchangeStore.stock(mc.state(), base));
    mc.refused(BOB, FRE, new Wei(E18.multiply(BigInteger.TEN)), buyDT(baseEx, E18, E18.multiply(BigInteger.TEN), BigInteger.ZERO),
        "FixedRateExchange: No available datatokens");
    mc.refused(BOB, FRE, Abi.call("collectDT(bytes32,uint256)", baseEx, BigInteger.ONE), "FixedRateExchange: Amount too high");
  }

  @Test
  void getExchangeAndViewsReportTheStoredState() {
    Address dt = mc.datatoken(ALICE, "VIEW", CAP);
    Bytes32 id = create(ALICE, dt, Address.ZERO, RATE, MARKET_FEE, true);
    mc.ok(ALICE, FRE, new Wei(E18), Abi.call("depositBT(bytes32,uint256)", id, E18));
    assertEquals(Abi.encode(ALICE.address(), dt, 18L, Address.ZERO, 18L, RATE, true, CAP, E18, BigInteger.ZERO, E18, true),
        mc.view(FRE, Abi.call("getExchange(bytes32)", id)));
    assertEquals(Abi.encode(true), mc.view(FRE, Abi.call("isActive(bytes32)", id)));
    assertEquals(Abi.encode(MARKET_FEE, MARKET, n("1e15"), 0L, 0L), mc.view(FRE, Abi.call("getFeesInfo(bytes32)", id)));
    Bytes32 none = FixedRateExchange.exchangeId(Address.ZERO, MARKET);
    assertEquals(Abi.encode(false), mc.view(FRE, Abi.call("isActive(bytes32)", none)));
    assertEquals(Abi.encode(Address.ZERO, Address.ZERO, 0L, Address.ZERO, 0L, 0L, false, 0L, 0L, 0L, 0L, false),
        mc.view(FRE, Abi.call("getExchange(bytes32)", none)));
    mc.ok(ALICE, FRE, Abi.call("toggleExchangeState(bytes32)", id));
    assertEquals(Abi.encode(ALICE.address(), dt, 18L, Address.ZERO, 18L, RATE, false, 0L, 0L, BigInteger.ZERO, E18, true),
        mc.view(FRE, Abi.call("getExchange(bytes32)", id)), "inactive: nothing on offer");
    assertFalse(mc.ethCall(BOB.address(), FRE, Wei.ZERO,
        Abi.call("calcBaseInGivenOutDT(bytes32,uint256,uint256)", id, E18, BigInteger.ZERO)).success());
  }
}
