package org.mercato.node.cli.data;

import java.io.PrintWriter;

/** How every {@code mercato data} command reports what it did: one line per transaction, then "key: value" lines. */
final class TxReport {
  private final PrintWriter out;

  TxReport(PrintWriter out) {
    this.out = out;
  }

  /** {@code <action>: tx <hash> block <n> gas <used> fee <coins> coins}. */
  void tx(String action, Receipt r) {
    out.printf("%s: tx %s block %d gas %d fee %s coins%n", action, r.hash(), r.block(), r.gasUsed(), TokenAmount.format(r.fee()));
  }

  void value(String key, Object value) {
    out.printf("%s: %s%n", key, value);
  }

  void flush() {
    out.flush();
  }
}
