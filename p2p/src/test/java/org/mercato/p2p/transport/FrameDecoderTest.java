package org.mercato.p2p.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;
import org.mercato.p2p.crypto.FrameFormat;
import org.mercato.p2p.crypto.FrameSealer;
import org.mercato.p2p.peer.DisconnectReason;

class FrameDecoderTest {
  @Test
  void splitsFramesAcrossArbitraryChunks() {
    FrameSealer s = new FrameSealer(new byte[32]);
    byte[] a = s.seal(new byte[] {1, 2, 3});
    byte[] b = s.seal(new byte[100]);
    byte[] stream = new byte[a.length + b.length];
    System.arraycopy(a, 0, stream, 0, a.length);
    System.arraycopy(b, 0, stream, a.length, b.length);
    EmbeddedChannel ch = new EmbeddedChannel(new FrameDecoder());
    for (int i = 0; i < stream.length; i += 7) {
      ch.writeInbound(Unpooled.wrappedBuffer(stream, i, Math.min(7, stream.length - i)));
    }
    assertArrayEquals(a, (byte[]) ch.readInbound());
    assertArrayEquals(b, (byte[]) ch.readInbound());
    assertNull(ch.readInbound());
  }

  @Test
  void anOversizedPrefixFailsOnItsFourBytes() {
    EmbeddedChannel ch = new EmbeddedChannel(new FrameDecoder());
    ProtocolViolation v = assertThrows(ProtocolViolation.class,
        () -> ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {0x7F, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF})));
    assertEquals(DisconnectReason.FRAME_OVERSIZED, v.reason());
    int justOver = FrameFormat.MAX_SEALED + 1;
    EmbeddedChannel ch2 = new EmbeddedChannel(new FrameDecoder());
    ProtocolViolation v2 = assertThrows(ProtocolViolation.class, () -> ch2.writeInbound(Unpooled.buffer(4).writeInt(justOver)));
    assertEquals(DisconnectReason.FRAME_OVERSIZED, v2.reason());
  }

  @Test
  void aPrefixBelowTheTagSizeIsMalformed() {
    EmbeddedChannel ch = new EmbeddedChannel(new FrameDecoder());
    ProtocolViolation v = assertThrows(ProtocolViolation.class, () -> ch.writeInbound(Unpooled.buffer(4).writeInt(15)));
    assertEquals(DisconnectReason.FRAME_MALFORMED, v.reason());
  }
}
