package org.mercato.node.cli.data;

import java.math.BigDecimal;
import java.math.BigInteger;
import picocli.CommandLine;

/**
 * Amounts of coins and datatokens on the command line and in output: both have 18 decimals, so "1.5" is
 * 1.5 × 10^18 base units, exactly (no rounding: more than 18 decimals is an error).
 */
public final class TokenAmount implements CommandLine.ITypeConverter<BigInteger> {
  private static final int DECIMALS = 18;

  @Override
  public BigInteger convert(String value) {
    try {
      BigInteger units = new BigDecimal(value.trim()).movePointRight(DECIMALS).toBigIntegerExact();
      if (units.signum() < 0) {
        throw new ArithmeticException("negative");
      }
      return units;
    } catch (NumberFormatException | ArithmeticException e) {
      throw new CommandLine.TypeConversionException("not a non-negative amount with at most 18 decimals: '" + value + "'");
    }
  }

  /** Base units as a decimal amount without trailing zeros: 2032000000000000000 → "2.032". */
  public static String format(BigInteger units) {
    BigDecimal d = new BigDecimal(units).movePointLeft(DECIMALS).stripTrailingZeros();
    return d.scale() < 0 ? d.setScale(0).toPlainString() : d.toPlainString();
  }
}
