package org.mercato.market.data.fre;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.file.Path;
import java.util.List;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mercato.market.data.DataMarketAddresses;
import org.mercato.market.data.MarketChain;
import org.mercato.market.data.abi.Abi;
import org.mercato.market.data.factory.DataAssetFactory;
import org.mercato.state.block.Log;
import org.mercato.state.block.Receipt;
import org.mercato.state.crypto.KeyPair;
import org.mercato.state.types.Address;
import org.mercato.state.types.Wei;

/** The exchange's admin functions: who may call them, what they change, their events (data-market.md §Fixed-rate exchange). */
class FixedRateExchangeAdminTest {
  private static final KeyPair ALICE = MarketChain.key(0); // datatoken owner
  private static final KeyPair BOB = MarketChain.key(1);   // buyer
  private static final KeyPair MALLORY = MarketChain.key(2);
  private static final KeyPair MARKET = MarketChain.key(3); // the publish market: a key, since it administers its fee
  private static final Address FRE = DataMarketAddresses.FIXED_RATE_EXCHANGE;
  private static final BigInteger E18 = MarketChain.E18;
  private static final BigInteger RATE = E18.multiply(BigInteger.TWO);
  private static final BigInteger FEE = BigInteger.TEN.pow(16);
  private static final Wei TEN = new Wei(E18.multiply(BigInteger.TEN));

  @TempDir Path dir;
  private MarketChain mc;
  private Address dt;
  private Bytes32 id;

  @BeforeEach
  void open() {
    mc = new MarketChain(dir, 4, new DataAssetFactory(), new FixedRateExchange());
    dt = mc.datatoken(ALICE, "ADM", E18.multiply(BigInteger.valueOf(1_000)));
    mc.ok(ALICE, FRE, Abi.call("createFixedRate(address,address,uint256,uint256,address,bool,address)", dt, Address.ZERO,
        RATE, FEE, MARKET.address(), true, Address.ZERO));
    id = FixedRateExchange.exchangeId(Address.ZERO, dt);
  }

  @AfterEach
  void close() {
    mc.close();
  }

  private Bytes buy(BigInteger d) {
    return Abi.call("buyDT(bytes32,uint256,uint256,address,uint256)", id, d, TEN.value(), Address.ZERO, BigInteger.ZERO);
  }

  private static Bytes32 w(Address a) {
    return Bytes32.leftPad(a.bytes());
  }

  private BigInteger quote() {
    return Abi.args(mc.view(FRE, Abi.call("calcBaseInGivenOutDT(bytes32,uint256,uint256)", id, E18, BigInteger.ZERO)), 0)
        .uint(0).toBigInteger();
  }

  @Test
  void onlyTheDatatokenOwnerAdministersTheExchange() {
    String reason = "FixedRateExchange: invalid exchange owner";
    mc.refused(MALLORY, FRE, Abi.call("setRate(bytes32,uint256)", id, E18), reason);
    mc.refused(MALLORY, FRE, Abi.call("toggleMintState(bytes32,bool)", id, false), reason);
    mc.refused(MALLORY, FRE, Abi.call("toggleExchangeState(bytes32)", id), reason);
    mc.refused(MALLORY, FRE, Abi.call("setAllowedSwapper(bytes32,address)", id, MALLORY.address()), reason);
    mc.refused(MARKET, FRE, Abi.call("setRate(bytes32,uint256)", id, E18), reason);
    mc.refused(ALICE, FRE, Abi.call("setRate(bytes32,uint256)", id, FixedRateMath.MIN_RATE.subtract(BigInteger.ONE)),
        "FixedRateExchange: Invalid exchange rate value");
    mc.refused(ALICE, FRE, new Wei(BigInteger.ONE), Abi.call("setRate(bytes32,uint256)", id, E18), "FixedRateExchange: not payable");
    Bytes32 none = FixedRateExchange.exchangeId(Address.ZERO, MALLORY.address());
    mc.refused(ALICE, FRE, Abi.call("setRate(bytes32,uint256)", none, E18), "FixedRateExchange: Exchange does not exist");
    assertEquals(RATE, ExchangeStore.find(mc.state(), id).orElseThrow().rate(), "refusals change nothing");
  }

  @Test
  void setRateRepricesAndLogs() {
    assertEquals(new BigInteger("2022000000000000000"), quote());
    Receipt r = mc.ok(ALICE, FRE, Abi.call("setRate(bytes32,uint256)", id, E18.multiply(BigInteger.valueOf(3))));
    assertEquals(List.of(new Log(FRE, List.of(FixedRateExchange.RATE_CHANGED_TOPIC, id, w(ALICE.address())),
        Abi.encode(E18.multiply(BigInteger.valueOf(3))))), r.logs());
    assertEquals(new BigInteger("3033000000000000000"), quote(), "3 + 1% + 0.1%");
  }

  @Test
  void deactivatedExchangeRefusesTradesUntilReactivated() {
    Receipt off = mc.ok(ALICE, FRE, Abi.call("toggleExchangeState(bytes32)", id));
    assertEquals(List.of(new Log(FRE, List.of(FixedRateExchange.DEACTIVATED_TOPIC, id, w(ALICE.address())), Bytes.EMPTY)),
        off.logs());
    assertEquals(Abi.encode(false), mc.view(FRE, Abi.call("isActive(bytes32)", id)));
    mc.refused(BOB, FRE, TEN, buy(E18), "FixedRateExchange: Exchange is not active");
    mc.refused(BOB, FRE, Abi.call("sellDT(bytes32,uint256,uint256,address,uint256)", id, E18, BigInteger.ZERO,
        Address.ZERO, BigInteger.ZERO), "FixedRateExchange: Exchange is not active");
    mc.refused(ALICE, FRE, Abi.call("createFixedRate(address,uint256,uint256,address,bool)", dt, RATE, FEE,
        MARKET.address(), false), "FixedRateExchange: Exchange already exists");
    Receipt on = mc.ok(ALICE, FRE, Abi.call("toggleExchangeState(bytes32)", id));
    assertEquals(FixedRateExchange.ACTIVATED_TOPIC, on.logs().get(0).topics().get(0));
    mc.ok(BOB, FRE, TEN, buy(E18));
    assertEquals(E18, mc.dt(dt, BOB.address()));
  }

  @Test
  void mintStateDecidesWhetherAnEmptyStockMints() {
    Receipt r = mc.ok(ALICE, FRE, Abi.call("toggleMintState(bytes32,bool)", id, false));
    assertEquals(List.of(new Log(FRE, List.of(FixedRateExchange.MINT_STATE_CHANGED_TOPIC, id, w(ALICE.address())),
        Abi.encode(false))), r.logs());
    mc.refused(BOB, FRE, TEN, buy(E18), "FixedRateExchange: No available datatokens");
    mc.ok(ALICE, FRE, Abi.call("toggleMintState(bytes32,bool)", id, true));
    mc.ok(BOB, FRE, TEN, buy(E18));
    assertEquals(E18, mc.supply(dt));
  }

  @Test
  void allowedSwapperRestrictsBuyAndSellAndZeroReopens() {
    Receipt r = mc.ok(ALICE, FRE, Abi.call("setAllowedSwapper(bytes32,address)", id, BOB.address()));
    assertEquals(List.of(new Log(FRE, List.of(FixedRateExchange.ALLOWED_SWAPPER_CHANGED_TOPIC, id, w(BOB.address())),
        Bytes.EMPTY)), r.logs());
    mc.refused(MALLORY, FRE, TEN, buy(E18), "FixedRateExchange: This address is not allowed to swap");
    mc.ok(BOB, FRE, TEN, buy(E18.multiply(BigInteger.TWO)));
    mc.ok(BOB, dt, Abi.call("transfer(address,uint256)", MALLORY.address(), E18));
    mc.ok(ALICE, FRE, new Wei(E18.multiply(BigInteger.TEN)), Abi.call("depositBT(bytes32,uint256)", id, E18.multiply(BigInteger.TEN)));
    Bytes sell = Abi.call("sellDT(bytes32,uint256,uint256,address,uint256)", id, E18, BigInteger.ZERO, Address.ZERO, BigInteger.ZERO);
    mc.refused(MALLORY, FRE, sell, "FixedRateExchange: This address is not allowed to swap");
    mc.ok(BOB, FRE, sell);
    assertEquals(Abi.encode(BOB.address()), mc.view(FRE, Abi.call("getAllowedSwapper(bytes32)", id)));
    mc.ok(ALICE, FRE, Abi.call("setAllowedSwapper(bytes32,address)", id, Address.ZERO));
    mc.ok(MALLORY, FRE, sell);
    assertEquals(BigInteger.ZERO, mc.dt(dt, MALLORY.address()));
  }

  @Test
  void onlyTheMarketFeeCollectorChangesTheMarketFee() {
    mc.refused(ALICE, FRE, Abi.call("updateMarketFee(bytes32,uint256)", id, BigInteger.ZERO),
        "FixedRateExchange: not marketFeeCollector");
    mc.refused(MALLORY, FRE, Abi.call("updateMarketFeeCollector(bytes32,address)", id, MALLORY.address()),
        "FixedRateExchange: not marketFeeCollector");
    mc.refused(MARKET, FRE, Abi.call("updateMarketFee(bytes32,uint256)", id, BigInteger.TEN.pow(14).subtract(BigInteger.ONE)),
        "FixedRateExchange: Invalid market fee");
    mc.refused(MARKET, FRE, Abi.call("updateMarketFee(bytes32,uint256)", id, FixedRateMath.MAX_FEE.add(BigInteger.ONE)),
        "FixedRateExchange: Invalid market fee");
    mc.refused(MARKET, FRE, Abi.call("updateMarketFeeCollector(bytes32,address)", id, Address.ZERO),
        "FixedRateExchange: zero market fee collector with a non-zero fee");

    BigInteger newFee = BigInteger.valueOf(5).multiply(BigInteger.TEN.pow(16));
    Receipt r = mc.ok(MARKET, FRE, Abi.call("updateMarketFee(bytes32,uint256)", id, newFee));
    assertEquals(List.of(new Log(FRE, List.of(FixedRateExchange.MARKET_FEE_CHANGED_TOPIC, id),
        Abi.encode(MARKET.address(), MARKET.address(), newFee))), r.logs());
    assertEquals(new BigInteger("2102000000000000000"), quote(), "2 + 5% + 0.1%");

    Receipt moved = mc.ok(MARKET, FRE, Abi.call("updateMarketFeeCollector(bytes32,address)", id, MALLORY.address()));
    assertEquals(Abi.encode(MARKET.address(), MALLORY.address(), newFee), moved.logs().get(0).data());
    mc.refused(MARKET, FRE, Abi.call("updateMarketFee(bytes32,uint256)", id, BigInteger.ZERO), "FixedRateExchange: not marketFeeCollector");
    BigInteger mallory = mc.coins(MALLORY.address());
    mc.ok(BOB, FRE, TEN, buy(E18));
    assertEquals(mallory.add(new BigInteger("100000000000000000")), mc.coins(MALLORY.address()), "5% of B0 to the new collector");
    assertTrue(ExchangeStore.find(mc.state(), id).orElseThrow().active());
    assertFalse(mc.ethCall(BOB.address(), FRE, Wei.ZERO, Abi.call("getRate(bytes32)",
        FixedRateExchange.exchangeId(Address.ZERO, MALLORY.address()))).success());
  }
}
