package org.mercato.p2p.wire;

import java.util.Objects;
import org.mercato.p2p.peer.DisconnectReason;

/** A value read from the wire, or the reason it was refused. Exactly one of the two is set. */
public final class WireResult<T> {
  private final T value;
  private final DisconnectReason reason;

  private WireResult(T value, DisconnectReason reason) {
    this.value = value;
    this.reason = reason;
  }

  public static <T> WireResult<T> ok(T value) {
    return new WireResult<>(Objects.requireNonNull(value), null);
  }

  public static <T> WireResult<T> fail(DisconnectReason reason) {
    return new WireResult<>(null, Objects.requireNonNull(reason));
  }

  public boolean isOk() {
    return reason == null;
  }

  /** The value; throws IllegalStateException on a failure. */
  public T value() {
    if (reason != null) {
      throw new IllegalStateException("no value: " + reason);
    }
    return value;
  }

  /** The reason; throws IllegalStateException on success. */
  public DisconnectReason reason() {
    if (reason == null) {
      throw new IllegalStateException("not a failure");
    }
    return reason;
  }

  @Override
  public String toString() {
    return reason == null ? "ok(" + value + ")" : "fail(" + reason + ")";
  }
}
