package org.mercato.p2p.handshake;

import org.apache.tuweni.bytes.Bytes;
import org.mercato.p2p.crypto.FrameOpener;
import org.mercato.p2p.crypto.FrameSealer;
import org.mercato.p2p.crypto.NodeId;

/**
 * A completed handshake: the proven remote identity and the record layer of both directions, their
 * counters already past the auth frames.
 */
public record Session(NodeId remoteId, Bytes remotePublicKey, FrameSealer sealer, FrameOpener opener) {
  @Override
  public String toString() {
    return "Session[" + remoteId + "]";
  }
}
