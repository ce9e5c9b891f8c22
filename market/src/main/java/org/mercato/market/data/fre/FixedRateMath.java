package org.mercato.market.data.fre;

import java.math.BigInteger;

/**
 * The fixed-rate exchange's price arithmetic, exactly as Ocean's {@code FixedRateExchange.calcBaseInGivenOutDT} and
 * {@code calcBaseOutGivenInDT} compute it (docs/spec/data-market.md §Fixed-rate exchange arithmetic): uint256,
 * evaluated left to right, every division truncating, each fee truncated separately. Pure; no floating point.
 * Overflow of any intermediate value past 2^256 − 1 throws {@link ArithmeticException} (Solidity 0.8 reverts).
 */
public final class FixedRateMath {
  public static final BigInteger BASE = BigInteger.TEN.pow(18);
  public static final BigInteger MIN_FEE = BigInteger.TEN.pow(14);
  public static final BigInteger MAX_FEE = BigInteger.valueOf(5).multiply(BigInteger.TEN.pow(17));
  public static final BigInteger MIN_RATE = BigInteger.TEN.pow(10);
  /** Router swap fee for approved base tokens (0.1%) and for others (0.2%). */
  public static final BigInteger OPC_FEE_APPROVED = BigInteger.TEN.pow(15);
  public static final BigInteger OPC_FEE_OTHER = BigInteger.TWO.multiply(BigInteger.TEN.pow(15));
  private static final BigInteger MAX_UINT256 = BigInteger.ONE.shiftLeft(256).subtract(BigInteger.ONE);

  private FixedRateMath() {}

  /** The parameters of one exchange that the price depends on. Fees are fractions × 1e18. */
  public record Exchange(BigInteger rate, int btDecimals, int dtDecimals, BigInteger marketFee, BigInteger opcFee) {
    public Exchange {
      requireUint(rate, "rate");
      requireUint(marketFee, "marketFee");
      requireUint(opcFee, "opcFee");
      if (btDecimals < 0 || btDecimals > 77 || dtDecimals < 0 || dtDecimals > 77) {
        throw new IllegalArgumentException("decimals out of range");
      }
    }
  }

  /**
   * A quote: {@code baseAmount} is the buyer's total cost (buy) or the seller's net proceeds (sell); {@code base} is B0,
   * the amount before fees. Field order of the fees follows Ocean's return tuple (OPC, publish market, consume market).
   */
  public record Quote(BigInteger baseAmount, BigInteger base, BigInteger oceanFee, BigInteger marketFee, BigInteger consumeMarketFee) {
    public BigInteger totalFees() {
      return oceanFee.add(marketFee).add(consumeMarketFee);
    }
  }

  /** B0 = d · rate · 10^btDec ÷ 10^dtDec ÷ 1e18. */
  public static BigInteger baseBeforeFees(Exchange ex, BigInteger dtAmount) {
    requireUint(dtAmount, "dtAmount");
    BigInteger p = mul(mul(dtAmount, ex.rate()), BigInteger.TEN.pow(ex.btDecimals()));
    return p.divide(BigInteger.TEN.pow(ex.dtDecimals())).divide(BASE);
  }

  /** Base tokens the buyer pays for {@code dtAmount} datatokens: B0 + fPub + fOPC + fCons. */
  public static Quote calcBaseInGivenOutDT(Exchange ex, BigInteger dtAmount, BigInteger consumeMarketFee) {
    requireUint(consumeMarketFee, "consumeMarketFee");
    BigInteger b0 = baseBeforeFees(ex, dtAmount);
    BigInteger opc = fee(b0, ex.opcFee());
    BigInteger pub = fee(b0, ex.marketFee());
    BigInteger cons = fee(b0, consumeMarketFee);
    BigInteger cost = add(add(add(b0, pub), opc), cons);
    return new Quote(cost, b0, opc, pub, cons);
  }

  /** Base tokens the seller receives for {@code dtAmount} datatokens: B0 − fPub − fOPC − fCons. */
  public static Quote calcBaseOutGivenInDT(Exchange ex, BigInteger dtAmount, BigInteger consumeMarketFee) {
    requireUint(consumeMarketFee, "consumeMarketFee");
    BigInteger b0 = baseBeforeFees(ex, dtAmount);
    BigInteger opc = fee(b0, ex.opcFee());
    BigInteger pub = fee(b0, ex.marketFee());
    BigInteger cons = fee(b0, consumeMarketFee);
    BigInteger proceeds = sub(sub(sub(b0, pub), opc), cons);
    return new Quote(proceeds, b0, opc, pub, cons);
  }

  /** Whether a swap fee is allowed: 0 or within [MIN_FEE, MAX_FEE]. */
  public static boolean validSwapFee(BigInteger fee) {
    return fee.signum() == 0 || (fee.compareTo(MIN_FEE) >= 0 && fee.compareTo(MAX_FEE) <= 0);
  }

  private static BigInteger fee(BigInteger b0, BigInteger fee) {
    return mul(b0, fee).divide(BASE);
  }

  private static BigInteger mul(BigInteger a, BigInteger b) {
    return checked(a.multiply(b));
  }

  private static BigInteger add(BigInteger a, BigInteger b) {
    return checked(a.add(b));
  }

  private static BigInteger sub(BigInteger a, BigInteger b) {
    return checked(a.subtract(b));
  }

  private static BigInteger checked(BigInteger v) {
    if (v.signum() < 0 || v.compareTo(MAX_UINT256) > 0) {
      throw new ArithmeticException("uint256 overflow");
    }
    return v;
  }

  private static void requireUint(BigInteger v, String what) {
    if (v == null || v.signum() < 0 || v.compareTo(MAX_UINT256) > 0) {
      throw new IllegalArgumentException(what + " is not a uint256: " + v);
    }
  }
}
