package org.mercato.state.tx;

import java.util.Objects;
import java.util.Optional;

/** Accepted, or the reason a transaction was refused, with a human detail (which value, which limit). */
public record ValidationResult(Optional<TransactionRejection> rejection, String detail) {
  private static final ValidationResult OK = new ValidationResult(Optional.empty(), "");

  public ValidationResult {
    Objects.requireNonNull(rejection);
    Objects.requireNonNull(detail);
  }

  public static ValidationResult ok() {
    return OK;
  }

  public static ValidationResult rejected(TransactionRejection reason, String detail) {
    return new ValidationResult(Optional.of(reason), detail);
  }

  public boolean isOk() {
    return rejection.isEmpty();
  }

  /** The message a wallet sees: the reason's geth-compatible text, then the detail if any. */
  public String errorMessage() {
    return rejection.map(r -> detail.isEmpty() ? r.message() : r.message() + ": " + detail).orElse("");
  }
}
