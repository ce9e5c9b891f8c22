package org.mercato.p2p.transport;

import java.net.InetSocketAddress;
import org.mercato.p2p.peer.DisconnectReason;
import org.mercato.p2p.peer.Peer;

/**
 * What the transport tells its owner. Callbacks run on the connection's netty event loop, several
 * at once: implementations must be thread-safe, only hand the bytes over (enqueue) and return,
 * never block (docs/spec/p2p.md §8).
 */
public interface P2pListener {
  /** A handshake completed and the peer was admitted; comes before any of its messages. */
  default void peerConnected(Peer peer) {}

  /** One message; the array is the listener's to keep. Per channel, in the order sent. */
  void messageReceived(Peer peer, int channelId, byte[] payload);

  /** The peer's connection closed; called once per connected peer. */
  default void peerDisconnected(Peer peer, DisconnectReason reason) {}

  /** A connection closed before it became a peer (handshake failure, ban, limits, dial failure). */
  default void connectionFailed(InetSocketAddress remote, boolean outbound, DisconnectReason reason) {}
}
