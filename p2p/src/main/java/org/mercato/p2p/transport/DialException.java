package org.mercato.p2p.transport;

import java.io.IOException;
import org.mercato.p2p.peer.DisconnectReason;

/** Why a dial did not produce a peer. */
public final class DialException extends IOException {
  private static final long serialVersionUID = 1L;
  private final DisconnectReason reason;

  public DialException(DisconnectReason reason, Throwable cause) {
    super(reason.description(), cause);
    this.reason = reason;
  }

  public DisconnectReason reason() {
    return reason;
  }
}
