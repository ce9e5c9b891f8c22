package org.mercato.market.data.provider;

/** A check's outcome: granted with a value, or refused with a typed reason and a detail for the client. */
public sealed interface Verdict<T> {
  record Granted<T>(T value) implements Verdict<T> {}

  record Refused<T>(Refusal reason, String detail) implements Verdict<T> {}

  static <T> Verdict<T> granted(T value) {
    return new Granted<>(value);
  }

  static <T> Verdict<T> refused(Refusal reason, String detail) {
    return new Refused<>(reason, detail);
  }
}
