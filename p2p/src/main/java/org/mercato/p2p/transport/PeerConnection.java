package org.mercato.p2p.transport;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.mercato.p2p.crypto.FrameSealer;
import org.mercato.p2p.crypto.NodeId;
import org.mercato.p2p.handshake.Session;
import org.mercato.p2p.peer.DisconnectReason;
import org.mercato.p2p.peer.Peer;
import org.mercato.p2p.peer.SendResult;
import org.mercato.p2p.wire.Control;

/**
 * An admitted peer: its queues and the writer that drains them into the socket, highest priority
 * first and only while netty reports the channel writable (docs/spec/p2p.md §5), keep-alive frames
 * (§7.2) ahead of all channels. The sealer and the control slots are only touched on the channel's
 * event loop.
 */
final class PeerConnection implements Peer {
  private final Channel channel;
  private final Session session;
  private final boolean outbound;
  private final OutboundQueues queues;
  private final AtomicBoolean drainScheduled = new AtomicBoolean();
  private final AtomicReference<DisconnectReason> closeReason = new AtomicReference<>();
  private final CloseObserver observer;
  private final KeepAlive keepAlive;
  /** Keep-alive frames waiting for the socket: at most one Pong and one Ping (§7.2). Event loop only. */
  private byte[] queuedPong;
  private byte[] queuedPing;

  /** Told once about the first reason a connection is closed for (logging and bans). */
  interface CloseObserver {
    void closing(PeerConnection peer, DisconnectReason reason);
  }

  PeerConnection(Channel channel, Session session, boolean outbound, OutboundQueues queues, CloseObserver observer,
      Scheduler scheduler, KeepAliveConfig keepAliveConfig, Clock clock, TransportStats stats) {
    this.channel = channel;
    this.session = session;
    this.outbound = outbound;
    this.queues = queues;
    this.observer = observer;
    this.keepAlive = new KeepAlive(this, scheduler, keepAliveConfig, clock, stats);
  }

  KeepAlive keepAlive() {
    return keepAlive;
  }

  /** Queues a Pong ahead of everything; false if our previous Pong has not left yet (§7.2). Event loop only. */
  boolean queuePong(long nonce) {
    if (queuedPong != null) {
      return false;
    }
    queuedPong = Control.pong(nonce).envelope();
    drain();
    return true;
  }

  /** Queues our Ping ahead of the channels (§7.2). Event loop only. */
  void queuePing(long nonce) {
    queuedPing = Control.ping(nonce).envelope();
    drain();
  }

  private byte[] nextPlaintext() {
    byte[] next = queuedPong;
    if (next != null) {
      queuedPong = null;
      return next;
    }
    next = queuedPing;
    if (next != null) {
      queuedPing = null;
      return next;
    }
    return queues.poll();
  }

  @Override
  public NodeId id() {
    return session.remoteId();
  }

  @Override
  public InetSocketAddress remoteAddress() {
    return (InetSocketAddress) channel.remoteAddress();
  }

  @Override
  public boolean outbound() {
    return outbound;
  }

  Session session() {
    return session;
  }

  Channel channel() {
    return channel;
  }

  @Override
  public SendResult send(int channelId, byte[] payload) {
    if (!isOpen()) {
      return SendResult.CLOSED;
    }
    SendResult r = queues.offer(channelId, payload);
    if (r == SendResult.QUEUED) {
      scheduleDrain();
    }
    return r;
  }

  @Override
  public int queuedMessages(int channelId) {
    return queues.size(channelId);
  }

  @Override
  public boolean isOpen() {
    return closeReason.get() == null && channel.isActive();
  }

  @Override
  public void disconnect() {
    close(DisconnectReason.LOCAL_CLOSE);
  }

  @Override
  public void disconnect(DisconnectReason reason) {
    close(java.util.Objects.requireNonNull(reason));
  }

  /** Closes with the given reason unless a reason was already recorded. */
  void close(DisconnectReason reason) {
    if (closeReason.compareAndSet(null, reason)) {
      observer.closing(this, reason);
      queues.clear();
      channel.close();
    }
  }

  /** The recorded reason, or REMOTE_CLOSED if the other side (or the network) closed first. */
  DisconnectReason closeReason() {
    DisconnectReason r = closeReason.get();
    return r == null ? DisconnectReason.REMOTE_CLOSED : r;
  }

  void markClosedByRemote() {
    if (closeReason.compareAndSet(null, DisconnectReason.REMOTE_CLOSED)) {
      observer.closing(this, DisconnectReason.REMOTE_CLOSED);
    }
  }

  void scheduleDrain() {
    if (channel.eventLoop().inEventLoop()) {
      drain();
    } else if (drainScheduled.compareAndSet(false, true)) {
      channel.eventLoop().execute(this::drain);
    }
  }

  /** Moves queued messages into the socket while it is writable. Event loop only. */
  void drain() {
    drainScheduled.set(false);
    FrameSealer sealer = session.sealer();
    boolean wrote = false;
    while (closeReason.get() == null && channel.isWritable()) {
      byte[] plaintext = nextPlaintext();
      if (plaintext == null) {
        break;
      }
      if (sealer.exhausted()) {
        close(DisconnectReason.NONCE_EXHAUSTED);
        return;
      }
      channel.write(Unpooled.wrappedBuffer(sealer.seal(plaintext)), channel.voidPromise());
      wrote = true;
    }
    if (wrote) {
      // A flush that empties the buffer fires channelWritabilityChanged, which drains again.
      channel.flush();
      if (channel.isWritable() && !queues.isEmpty() && drainScheduled.compareAndSet(false, true)) {
        channel.eventLoop().execute(this::drain);
      }
    }
  }

  @Override
  public String toString() {
    return "Peer[" + id() + (outbound ? " out " : " in ") + channel.remoteAddress() + "]";
  }
}
