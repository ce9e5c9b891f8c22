package org.mercato.state.tx;

import java.util.Objects;
import java.util.Optional;

/** Either a decoded transaction or the reason it was refused, with a human detail (which field, what value). */
public record DecodeResult(Optional<Transaction> transaction, Optional<TransactionRejection> rejection, String detail) {
  public DecodeResult {
    Objects.requireNonNull(detail);
    if (transaction.isPresent() == rejection.isPresent()) {
      throw new IllegalArgumentException("exactly one of transaction and rejection");
    }
  }

  public static DecodeResult ok(Transaction tx) {
    return new DecodeResult(Optional.of(tx), Optional.empty(), "");
  }

  public static DecodeResult rejected(TransactionRejection reason, String detail) {
    return new DecodeResult(Optional.empty(), Optional.of(reason), detail);
  }

  public boolean isOk() {
    return transaction.isPresent();
  }

  /** The message a wallet sees: the reason's geth-compatible text, then the detail if any. */
  public String errorMessage() {
    return rejection.map(r -> detail.isEmpty() ? r.message() : r.message() + ": " + detail).orElse("");
  }
}
