package org.mercato.state.chain;

import java.util.Objects;
import java.util.Optional;

/** The result of {@link CommitVerifier#verify}: valid, or invalid with a typed defect and a detail. */
public record CommitVerification(Optional<CommitDefect> defect, String detail) {
  private static final CommitVerification VALID = new CommitVerification(Optional.empty(), "");

  public CommitVerification {
    Objects.requireNonNull(defect);
    Objects.requireNonNull(detail);
  }

  public static CommitVerification valid() {
    return VALID;
  }

  public static CommitVerification invalid(CommitDefect defect, String detail) {
    return new CommitVerification(Optional.of(defect), detail);
  }

  public boolean isValid() {
    return defect.isEmpty();
  }

  @Override
  public String toString() {
    return isValid() ? "valid" : defect.get() + (detail.isEmpty() ? "" : ": " + detail);
  }
}
