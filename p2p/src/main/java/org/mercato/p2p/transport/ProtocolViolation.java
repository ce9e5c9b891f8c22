package org.mercato.p2p.transport;

import io.netty.handler.codec.DecoderException;
import org.mercato.p2p.peer.DisconnectReason;

/** Thrown by a decoder to close the connection with a reason; carries no stack trace. */
final class ProtocolViolation extends DecoderException {
  private static final long serialVersionUID = 1L;
  private final DisconnectReason reason;

  ProtocolViolation(DisconnectReason reason) {
    super(reason.description(), null);
    this.reason = reason;
  }

  DisconnectReason reason() {
    return reason;
  }

  @Override
  public synchronized Throwable fillInStackTrace() {
    return this;
  }
}
