package org.mercato.market.data.fre;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mercato.market.data.fre.FixedRateMath.Exchange;
import org.mercato.market.data.fre.FixedRateMath.Quote;

/** FRE arithmetic against the wei vectors of the reference (data-market.md §7) and its money properties. */
class FixedRateMathTest {
  private static BigInteger n(String s) {
    return new BigDecimal(s).toBigIntegerExact();
  }

  @Test
  void referenceVectorBuyAndSell() {
    Exchange ex = new Exchange(n("2e18"), 18, 18, n("1e16"), n("1e15"));
    Quote buy = FixedRateMath.calcBaseInGivenOutDT(ex, n("1e18"), n("5e15"));
    assertEquals(new BigInteger("2032000000000000000"), buy.baseAmount());
    assertEquals(n("2e18"), buy.base());
    assertEquals(n("2e15"), buy.oceanFee());
    assertEquals(n("2e16"), buy.marketFee());
    assertEquals(n("1e16"), buy.consumeMarketFee());
    Quote sell = FixedRateMath.calcBaseOutGivenInDT(ex, n("1e18"), n("5e15"));
    assertEquals(new BigInteger("1968000000000000000"), sell.baseAmount());
    assertEquals(buy.totalFees(), sell.totalFees());
  }

  /** The table of data-market.md §7: d, rate, btDec, marketFee, consumeFee, opc → B0, fOPC, fPub, fCons, buy, sell. */
  @ParameterizedTest
  @CsvSource({
      "1e18, 2e18, 18, 1e16, 5e15, 1e15, 2e18, 2e15, 2e16, 1e16, 2032000000000000000, 1968000000000000000",
      "333333333333333333, 2e18, 18, 1e16, 5e15, 1e15, 666666666666666666, 666666666666666, 6666666666666666, 3333333333333333, 677333333333333331, 656000000000000001",
      "1e18, 2e18, 6, 1e16, 5e15, 1e15, 2000000, 2000, 20000, 10000, 2032000, 1968000",
      "1e18, 2e18, 6, 1e16, 5e15, 2e15, 2000000, 4000, 20000, 10000, 2034000, 1966000",
      "3e18, 1.5e18, 18, 0, 0, 2e15, 4.5e18, 9e15, 0, 0, 4509000000000000000, 4491000000000000000",
      "1, 1e10, 18, 1e16, 5e15, 1e15, 0, 0, 0, 0, 0, 0",
      // zero fees: price is exactly B0 both ways
      "7e18, 3e18, 18, 0, 0, 0, 21e18, 0, 0, 0, 21e18, 21e18",
      // tiny: B0 = 1, every fee truncates to 0
      "1, 1e18, 18, 5e17, 5e17, 1e15, 1, 0, 0, 0, 1, 1",
      // tiny: B0 = 999, fees at 50% and 0.01% truncate separately
      "999, 1e18, 18, 5e17, 1e14, 1e15, 999, 0, 499, 0, 1498, 500",
      // dtDecimals below btDecimals: d = 1 unit of a 0-decimal token at rate 1.5 in an 18-decimal base
      "1, 1.5e18, 18, 1e16, 0, 1e15, 1.5e18, 1.5e15, 1.5e16, 0, 1516500000000000000, 1483500000000000000",
  })
  void referenceTable(String d, String rate, int btDec, String mf, String cf, String opc, String b0, String fOpc, String fPub,
      String fCons, String buy, String sell) {
    int dtDec = d.equals("1") && rate.equals("1.5e18") ? 0 : 18;
    Exchange ex = new Exchange(n(rate), btDec, dtDec, n(mf), n(opc));
    Quote q = FixedRateMath.calcBaseInGivenOutDT(ex, n(d), n(cf));
    assertEquals(n(b0), q.base(), "B0");
    assertEquals(n(fOpc), q.oceanFee(), "fOPC");
    assertEquals(n(fPub), q.marketFee(), "fPub");
    assertEquals(n(fCons), q.consumeMarketFee(), "fCons");
    assertEquals(n(buy), q.baseAmount(), "buy");
    assertEquals(n(sell), FixedRateMath.calcBaseOutGivenInDT(ex, n(d), n(cf)).baseAmount(), "sell");
  }

  @Test
  void largeAmountsNear2To128() {
    BigInteger d = BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE);
    Exchange ex = new Exchange(n("2e18"), 18, 18, n("1e16"), n("1e15"));
    Quote buy = FixedRateMath.calcBaseInGivenOutDT(ex, d, n("5e15"));
    BigInteger b0 = d.multiply(BigInteger.TWO);
    assertEquals(b0, buy.base());
    assertEquals(b0.multiply(n("1e15")).divide(n("1e18")), buy.oceanFee());
    assertEquals(b0.add(buy.totalFees()), buy.baseAmount());
    Quote sell = FixedRateMath.calcBaseOutGivenInDT(ex, d, n("5e15"));
    assertEquals(b0.subtract(sell.totalFees()), sell.baseAmount());
  }

  @Test
  void overflowPast2To256Throws() {
    BigInteger d = BigInteger.ONE.shiftLeft(200);
    Exchange ex = new Exchange(n("1e30"), 18, 18, BigInteger.ZERO, BigInteger.ZERO);
    assertThrows(ArithmeticException.class, () -> FixedRateMath.calcBaseInGivenOutDT(ex, d, BigInteger.ZERO));
    // fees summing past B0 on a sell would underflow: a revert in Solidity
    Exchange greedy = new Exchange(n("1e18"), 18, 18, n("5e17"), n("5e17"));
    assertThrows(ArithmeticException.class, () -> FixedRateMath.calcBaseOutGivenInDT(greedy, n("1e18"), n("5e17")));
    assertThrows(IllegalArgumentException.class, () -> FixedRateMath.calcBaseInGivenOutDT(ex, BigInteger.valueOf(-1), BigInteger.ZERO));
  }

  @Test
  void swapFeeBounds() {
    assertTrue(FixedRateMath.validSwapFee(BigInteger.ZERO));
    assertTrue(FixedRateMath.validSwapFee(n("1e14")));
    assertTrue(FixedRateMath.validSwapFee(n("5e17")));
    assertFalse(FixedRateMath.validSwapFee(n("99999999999999")));
    assertFalse(FixedRateMath.validSwapFee(n("500000000000000001")));
  }

  /** Random amounts, rates, decimals and valid fees: truncation never creates money. */
  @Test
  void roundingNeverCreatesMoney() {
    SplittableRandom rnd = new SplittableRandom(42);
    BigInteger[] fees = {BigInteger.ZERO, n("1e14"), n("1e15"), n("2e15"), n("5e15"), n("1e16"), n("123456789012345"), n("1e17")};
    for (int i = 0; i < 20_000; i++) {
      BigInteger d = new BigInteger(1 + rnd.nextInt(128), new java.util.Random(rnd.nextLong()));
      BigInteger rate = FixedRateMath.MIN_RATE.add(new BigInteger(1 + rnd.nextInt(66), new java.util.Random(rnd.nextLong())));
      int btDec = rnd.nextInt(19);
      int dtDec = rnd.nextInt(19);
      BigInteger mf = fees[rnd.nextInt(fees.length)];
      BigInteger opc = fees[rnd.nextInt(fees.length)];
      BigInteger cf = fees[rnd.nextInt(fees.length)];
      Exchange ex = new Exchange(rate, btDec, dtDec, mf, opc);
      Quote buy = FixedRateMath.calcBaseInGivenOutDT(ex, d, cf);
      Quote sell = FixedRateMath.calcBaseOutGivenInDT(ex, d, cf);
      BigInteger b0 = buy.base();
      // exact price as a rational: num / den
      BigInteger num = d.multiply(rate).multiply(BigInteger.TEN.pow(btDec));
      BigInteger den = BigInteger.TEN.pow(dtDec).multiply(FixedRateMath.BASE);
      assertTrue(b0.multiply(den).compareTo(num) <= 0, "B0 never above the exact price");
      assertTrue(b0.add(BigInteger.ONE).multiply(den).compareTo(num) > 0, "B0 short of the exact price by under one unit");
      assertTrue(buy.baseAmount().compareTo(b0) >= 0, "the buyer pays at least B0");
      assertEquals(buy.baseAmount(), b0.add(buy.totalFees()), "buy: fees + net == gross");
      assertEquals(b0, sell.baseAmount().add(sell.totalFees()), "sell: fees + net == gross");
      assertTrue(sell.baseAmount().compareTo(b0) <= 0);
      for (BigInteger[] f : new BigInteger[][] {{buy.oceanFee(), opc}, {buy.marketFee(), mf}, {buy.consumeMarketFee(), cf}}) {
        assertTrue(f[0].multiply(FixedRateMath.BASE).compareTo(b0.multiply(f[1])) <= 0, "each fee at most its exact value");
      }
    }
  }
}
