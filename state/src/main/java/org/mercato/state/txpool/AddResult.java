package org.mercato.state.txpool;

import java.util.Objects;
import java.util.Optional;
import org.mercato.state.tx.Transaction;
import org.mercato.state.tx.TransactionRejection;

/**
 * What {@link TransactionPool#add} did: the transaction is pending (executable now), queued (waits
 * for a lower nonce), or rejected with a reason. {@code replaced} is the transaction it displaced.
 */
public record AddResult(Status status, Optional<TransactionRejection> rejection, String detail, Optional<Transaction> replaced) {
  public enum Status { PENDING, QUEUED, REJECTED }

  public AddResult {
    Objects.requireNonNull(status);
    Objects.requireNonNull(detail);
    Objects.requireNonNull(replaced);
    if ((status == Status.REJECTED) != rejection.isPresent()) {
      throw new IllegalArgumentException("a rejection reason goes with REJECTED only");
    }
  }

  static AddResult accepted(Status status, Optional<Transaction> replaced) {
    return new AddResult(status, Optional.empty(), "", replaced);
  }

  static AddResult rejected(TransactionRejection reason, String detail) {
    return new AddResult(Status.REJECTED, Optional.of(reason), detail, Optional.empty());
  }

  public boolean isAccepted() {
    return status != Status.REJECTED;
  }

  /** The message a wallet sees: the reason's geth-compatible text, then the detail if any. */
  public String errorMessage() {
    return rejection.map(r -> detail.isEmpty() ? r.message() : r.message() + ": " + detail).orElse("");
  }
}
