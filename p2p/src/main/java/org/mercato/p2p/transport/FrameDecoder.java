package org.mercato.p2p.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;
import org.mercato.p2p.crypto.FrameFormat;
import org.mercato.p2p.peer.DisconnectReason;

/**
 * Splits the byte stream into whole frames (docs/spec/p2p.md §3), emitting each as a byte[] with
 * its length prefix. The prefix is checked as soon as its 4 bytes arrive: an oversized or too-short
 * frame fails at once, before its body is read or any buffer is sized for it.
 */
final class FrameDecoder extends ByteToMessageDecoder {
  private boolean failed;

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    if (failed) {
      in.skipBytes(in.readableBytes());
      return;
    }
    while (in.readableBytes() >= FrameFormat.LENGTH_PREFIX) {
      long sealed = in.getUnsignedInt(in.readerIndex());
      if (sealed > FrameFormat.MAX_SEALED) {
        fail(in, DisconnectReason.FRAME_OVERSIZED);
      }
      if (sealed < FrameFormat.TAG_SIZE) {
        fail(in, DisconnectReason.FRAME_MALFORMED);
      }
      int total = FrameFormat.LENGTH_PREFIX + (int) sealed;
      if (in.readableBytes() < total) {
        return;
      }
      byte[] frame = new byte[total];
      in.readBytes(frame);
      out.add(frame);
    }
  }

  private void fail(ByteBuf in, DisconnectReason reason) {
    failed = true;
    in.skipBytes(in.readableBytes());
    throw new ProtocolViolation(reason);
  }
}
