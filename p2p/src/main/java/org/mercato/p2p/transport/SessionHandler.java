package org.mercato.p2p.transport;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.io.IOException;
import java.util.Optional;
import org.mercato.p2p.peer.DisconnectReason;
import org.mercato.p2p.wire.Control;
import org.mercato.p2p.wire.Envelope;
import org.mercato.p2p.wire.WireResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * After the handshake: opens each frame, reads its envelope, checks the channel and hands the
 * payload to the listener (docs/spec/p2p.md §3, §4); every opened frame is a sign of life and
 * control messages go to the keep-alive (§7.2). Any violation closes with its reason.
 */
final class SessionHandler extends ChannelInboundHandlerAdapter {
  private static final Logger LOG = LoggerFactory.getLogger(SessionHandler.class);
  private final PeerConnection peer;
  private final OutboundQueues channels;
  private final P2pListener listener;
  private final Runnable onInactive;

  SessionHandler(PeerConnection peer, OutboundQueues channels, P2pListener listener, Runnable onInactive) {
    this.peer = peer;
    this.channels = channels;
    this.listener = listener;
    this.onInactive = onInactive;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!peer.isOpen()) {
      return;
    }
    byte[] frame = (byte[]) msg;
    Optional<byte[]> plain = peer.session().opener().open(frame, 0, frame.length);
    if (plain.isEmpty()) {
      peer.close(DisconnectReason.DECRYPTION_FAILED);
      return;
    }
    peer.keepAlive().frameReceived();
    WireResult<Envelope> env = Envelope.read(plain.get());
    if (!env.isOk()) {
      peer.close(env.reason());
      return;
    }
    int channelId = env.value().channelId();
    if (channelId == Control.CHANNEL) {
      WireResult<Control> control = Control.read(env.value().payload());
      if (control.isOk()) {
        peer.keepAlive().controlReceived(control.value());
      } else {
        peer.close(control.reason());
      }
      return;
    }
    if (!channels.hasChannel(channelId)) {
      peer.close(DisconnectReason.UNKNOWN_CHANNEL);
      return;
    }
    try {
      listener.messageReceived(peer, channelId, env.value().payload());
    } catch (RuntimeException e) {
      LOG.warn("p2p listener failed on a message from {}", peer.id(), e);
    }
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    if (ctx.channel().isWritable()) {
      peer.drain();
    }
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (cause instanceof ProtocolViolation v) {
      peer.close(v.reason());
    } else if (cause instanceof IOException) {
      peer.close(DisconnectReason.IO_ERROR);
    } else {
      LOG.warn("p2p: unexpected error on {}", peer, cause);
      peer.close(DisconnectReason.IO_ERROR);
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    peer.markClosedByRemote();
    onInactive.run();
    ctx.fireChannelInactive();
  }
}
