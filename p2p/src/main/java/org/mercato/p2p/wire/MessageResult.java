package org.mercato.p2p.wire;

import java.util.Objects;

/** A decoded channel message, or the typed reason it was refused. Exactly one of the two is set. */
public final class MessageResult<T> {
  private final T message;
  private final MessageError error;
  private final String detail;

  private MessageResult(T message, MessageError error, String detail) {
    this.message = message;
    this.error = error;
    this.detail = detail;
  }

  public static <T> MessageResult<T> ok(T message) {
    return new MessageResult<>(Objects.requireNonNull(message), null, "");
  }

  public static <T> MessageResult<T> fail(MessageError error, String detail) {
    return new MessageResult<>(null, Objects.requireNonNull(error), Objects.requireNonNull(detail));
  }

  public boolean isOk() {
    return error == null;
  }

  /** The message; throws IllegalStateException on a failure. */
  public T message() {
    if (error != null) {
      throw new IllegalStateException("no message: " + this);
    }
    return message;
  }

  /** The error; throws IllegalStateException on success. */
  public MessageError error() {
    if (error == null) {
      throw new IllegalStateException("not a failure");
    }
    return error;
  }

  public String detail() {
    return detail;
  }

  @Override
  public String toString() {
    return error == null ? "ok(" + message + ")" : "fail(" + error + (detail.isEmpty() ? "" : ": " + detail) + ")";
  }
}
