package org.mercato.node.cli;

import java.time.Duration;
import picocli.CommandLine;

/** Parses "1s", "500ms", "2" (seconds) or "0.25" (seconds) into a Duration. */
public final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
  @Override
  public Duration convert(String value) {
    String v = value.trim().toLowerCase(java.util.Locale.ROOT);
    try {
      if (v.endsWith("ms")) {
        return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2).trim()));
      }
      if (v.endsWith("s")) {
        v = v.substring(0, v.length() - 1).trim();
      }
      return Duration.ofMillis(new java.math.BigDecimal(v).movePointRight(3).longValueExact());
    } catch (NumberFormatException | ArithmeticException e) {
      throw new CommandLine.TypeConversionException("not a duration: '" + value + "' (examples: 1s, 500ms, 2, 0.25)");
    }
  }
}
