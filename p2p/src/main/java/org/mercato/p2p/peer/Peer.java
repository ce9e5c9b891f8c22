package org.mercato.p2p.peer;

import java.net.InetSocketAddress;
import org.mercato.p2p.crypto.NodeId;

/** An authenticated connection to another node. Thread-safe. */
public interface Peer {
  NodeId id();

  InetSocketAddress remoteAddress();

  /** True if we dialled it. */
  boolean outbound();

  /**
   * Queues an opaque message on a channel; never blocks. The bytes are copied. Messages of one
   * channel arrive in order; higher-priority channels overtake queued lower-priority ones.
   */
  SendResult send(int channelId, byte[] payload);

  /** Messages waiting in this peer's queue for the channel (not yet handed to the socket). */
  int queuedMessages(int channelId);

  boolean isOpen();

  /** Closes the connection with {@link DisconnectReason#LOCAL_CLOSE}. */
  void disconnect();

  /**
   * Closes the connection with {@code reason} (a channel owner's verdict, e.g. {@code INVALID_BLOCK});
   * a {@link DisconnectReason#misbehaviour()} reason bans the node id. A no-op once closing.
   */
  void disconnect(DisconnectReason reason);
}
