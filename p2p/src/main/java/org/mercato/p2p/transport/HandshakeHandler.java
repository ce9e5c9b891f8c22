package org.mercato.p2p.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.mercato.p2p.crypto.FrameFormat;
import org.mercato.p2p.handshake.Handshake;
import org.mercato.p2p.handshake.Session;
import org.mercato.p2p.peer.DisconnectReason;
import org.mercato.p2p.wire.WireFormat;
import org.mercato.p2p.wire.WireResult;

/**
 * Runs the {@link Handshake} on a fresh connection (docs/spec/p2p.md §2): sends our hello, reads
 * theirs (checking the magic byte by byte, so garbage fails early), sends our auth frame, reads
 * theirs (exactly 154 sealed bytes, nothing larger is ever buffered), then hands the session to
 * the host, which installs the session pipeline and removes this handler; bytes that arrived
 * behind the auth frame go on to the frame decoder.
 */
final class HandshakeHandler extends ByteToMessageDecoder {
  /** The host's side of a handshake. */
  interface Outcome {
    /** Admits the session (installing the session handlers) or returns why not. */
    DisconnectReason admit(ChannelHandlerContext ctx, Session session);

    void failed(ChannelHandlerContext ctx, DisconnectReason reason);
  }

  private static final int AUTH_SEALED = WireFormat.AUTH_SIZE + FrameFormat.TAG_SIZE;

  private final Handshake handshake;
  private final Duration timeout;
  private final Outcome outcome;
  private ScheduledFuture<?> timer;
  private boolean helloDone;
  private boolean admitted;
  private DisconnectReason failure;

  HandshakeHandler(Handshake handshake, Duration timeout, Outcome outcome) {
    this.handshake = handshake;
    this.timeout = timeout;
    this.outcome = outcome;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) throws Exception {
    ctx.writeAndFlush(Unpooled.wrappedBuffer(handshake.hello()));
    timer = ctx.executor().schedule(() -> fail(ctx, DisconnectReason.HANDSHAKE_TIMEOUT),
        timeout.toMillis(), TimeUnit.MILLISECONDS);
    super.channelActive(ctx);
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    if (failure != null || admitted || !ctx.channel().isActive()) {
      in.skipBytes(in.readableBytes());
      return;
    }
    if (!helloDone && !readHello(ctx, in)) {
      return;
    }
    if (in.readableBytes() < FrameFormat.LENGTH_PREFIX) {
      return;
    }
    if (in.getUnsignedInt(in.readerIndex()) != AUTH_SEALED) {
      fail(ctx, DisconnectReason.HANDSHAKE_MALFORMED);
      return;
    }
    if (in.readableBytes() < FrameFormat.LENGTH_PREFIX + AUTH_SEALED) {
      return;
    }
    byte[] frame = new byte[FrameFormat.LENGTH_PREFIX + AUTH_SEALED];
    in.readBytes(frame);
    WireResult<Session> session = handshake.onAuthFrame(frame);
    if (!session.isOk()) {
      fail(ctx, session.reason());
      return;
    }
    cancelTimer();
    DisconnectReason refused = outcome.admit(ctx, session.value());
    if (refused != null) {
      fail(ctx, refused);
      return;
    }
    admitted = true;
    ctx.pipeline().remove(this);
  }

  private boolean readHello(ChannelHandlerContext ctx, ByteBuf in) {
    int check = Math.min(in.readableBytes(), 5);
    for (int i = 0; i < check; i++) {
      byte want = i < 4 ? WireFormat.MAGIC[i] : WireFormat.HANDSHAKE_VERSION;
      if (in.getByte(in.readerIndex() + i) != want) {
        fail(ctx, DisconnectReason.HANDSHAKE_MALFORMED);
        return false;
      }
    }
    if (in.readableBytes() < WireFormat.HELLO_SIZE) {
      return false;
    }
    byte[] hello = new byte[WireFormat.HELLO_SIZE];
    in.readBytes(hello);
    WireResult<byte[]> auth = handshake.onHello(hello);
    if (!auth.isOk()) {
      fail(ctx, auth.reason());
      return false;
    }
    ctx.writeAndFlush(Unpooled.wrappedBuffer(auth.value()));
    helloDone = true;
    return true;
  }

  private void fail(ChannelHandlerContext ctx, DisconnectReason reason) {
    if (failure != null || admitted) {
      return;
    }
    failure = reason;
    cancelTimer();
    ctx.close();
  }

  private void cancelTimer() {
    if (timer != null) {
      timer.cancel(false);
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    fail(ctx, cause instanceof IOException ? DisconnectReason.IO_ERROR : DisconnectReason.HANDSHAKE_MALFORMED);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    cancelTimer();
    if (!admitted) {
      outcome.failed(ctx, failure != null ? failure : DisconnectReason.REMOTE_CLOSED);
    }
    super.channelInactive(ctx);
  }
}
