package org.mercato.consensus.codec;

import java.util.Objects;

/** A decoded value, or a typed reason it could not be decoded. */
public sealed interface DecodeOutcome<T> {
  record Ok<T>(T value) implements DecodeOutcome<T> {
    public Ok {
      Objects.requireNonNull(value);
    }
  }

  record Failed<T>(CodecError error, String detail) implements DecodeOutcome<T> {
    public Failed {
      Objects.requireNonNull(error);
      Objects.requireNonNull(detail);
    }
  }

  default boolean isOk() {
    return this instanceof Ok<T>;
  }

  /** The value; throws IllegalStateException on a failure (for tests and callers that checked). */
  default T orElseThrow() {
    if (this instanceof Ok<T> ok) {
      return ok.value();
    }
    Failed<T> f = (Failed<T>) this;
    throw new IllegalStateException(f.error() + ": " + f.detail());
  }
}
