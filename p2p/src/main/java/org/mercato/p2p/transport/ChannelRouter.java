package org.mercato.p2p.transport;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.mercato.p2p.peer.DisconnectReason;
import org.mercato.p2p.peer.Peer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one {@link P2pListener} a transport takes, fanned out to the channels' owners: messages go to
 * the owner of their channel, connects and disconnects to every owner (in registration order). A
 * failing owner is logged and does not affect the others.
 */
public final class ChannelRouter implements P2pListener {
  private static final Logger LOG = LoggerFactory.getLogger(ChannelRouter.class);
  private final Map<Integer, P2pListener> byChannel = new ConcurrentHashMap<>();
  private final List<P2pListener> owners = new CopyOnWriteArrayList<>();

  /** Registers {@code owner} for {@code channelId}; an owner of several channels is told of peers once. */
  public ChannelRouter route(int channelId, P2pListener owner) {
    if (byChannel.putIfAbsent(channelId, owner) != null) {
      throw new IllegalArgumentException("channel " + channelId + " already routed");
    }
    if (!owners.contains(owner)) {
      owners.add(owner);
    }
    return this;
  }

  @Override
  public void peerConnected(Peer peer) {
    for (P2pListener l : owners) {
      try {
        l.peerConnected(peer);
      } catch (RuntimeException e) {
        LOG.warn("p2p: channel owner failed on connect of {}", peer.id(), e);
      }
    }
  }

  @Override
  public void messageReceived(Peer peer, int channelId, byte[] payload) {
    P2pListener l = byChannel.get(channelId);
    if (l != null) {
      l.messageReceived(peer, channelId, payload);
    }
  }

  @Override
  public void peerDisconnected(Peer peer, DisconnectReason reason) {
    for (P2pListener l : owners) {
      try {
        l.peerDisconnected(peer, reason);
      } catch (RuntimeException e) {
        LOG.warn("p2p: channel owner failed on disconnect of {}", peer.id(), e);
      }
    }
  }

  @Override
  public void connectionFailed(InetSocketAddress remote, boolean outbound, DisconnectReason reason) {
    for (P2pListener l : owners) {
      l.connectionFailed(remote, outbound, reason);
    }
  }
}
