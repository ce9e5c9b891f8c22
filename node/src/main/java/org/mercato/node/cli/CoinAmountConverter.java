package org.mercato.node.cli;

import java.math.BigDecimal;
import org.mercato.state.types.Wei;
import picocli.CommandLine;

/** Parses a coin amount ("10000", "0.5") into wei: non-negative, at most 18 decimals. */
public final class CoinAmountConverter implements CommandLine.ITypeConverter<Wei> {
  @Override
  public Wei convert(String value) {
    try {
      return new Wei(new BigDecimal(value.trim()).movePointRight(18).toBigIntegerExact());
    } catch (NumberFormatException | ArithmeticException e) {
      throw new CommandLine.TypeConversionException(
          "not a non-negative coin amount with at most 18 decimals: '" + value + "'");
    }
  }
}
