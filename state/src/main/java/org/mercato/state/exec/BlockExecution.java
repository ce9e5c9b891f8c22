package org.mercato.state.exec;

import java.util.List;
import java.util.Optional;
import org.mercato.state.block.Receipt;
import org.mercato.state.tx.Transaction;
import org.mercato.state.tx.TransactionRejection;
import org.mercato.state.types.Wei;
import org.mercato.state.world.StateChanges;

/** The outcome of executing a block body: receipts, state changes, and (when validating) why it is invalid. */
public record BlockExecution(
    List<Transaction> included,
    List<Receipt> receipts,
    long gasUsed,
    Wei burned,
    Wei tips,
    StateChanges changes,
    List<Skipped> skipped,
    Skipped invalidBecause) {

  public BlockExecution {
    included = List.copyOf(included);
    receipts = List.copyOf(receipts);
    skipped = List.copyOf(skipped);
  }

  /** A transaction that could not be included, with its typed reason. */
  public record Skipped(Transaction transaction, TransactionRejection reason, String detail) {}

  static BlockExecution invalid(Skipped why) {
    return new BlockExecution(List.of(), List.of(), 0, Wei.ZERO, Wei.ZERO, StateChanges.empty(), List.of(), why);
  }

  public Optional<Skipped> invalidity() {
    return Optional.ofNullable(invalidBecause);
  }
}
