package org.mercato.p2p.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.mercato.p2p.peer.DisconnectReason;

/** Keep-alive messages (docs/spec/p2p.md §7.2). */
class ControlTest {
  @Test
  void pingAndPongAreNineBytePayloadsOnTheReservedChannel() {
    byte[] ping = Control.ping(0x0102030405060708L).envelope();
    assertArrayEquals(new byte[] {1, (byte) 0xFF, 1, 1, 2, 3, 4, 5, 6, 7, 8}, ping);
    Envelope env = Envelope.read(ping).value();
    assertEquals(Control.CHANNEL, env.channelId());
    assertEquals(Control.ping(0x0102030405060708L), Control.read(env.payload()).value());

    byte[] pong = Control.pong(-1L).envelope(); // u64 max
    assertEquals(Control.pong(-1L), Control.read(Envelope.read(pong).value().payload()).value());
    assertEquals(2, pong[2]);
  }

  @Test
  void anythingElseIsMalformed() {
    byte[] ok = Arrays.copyOfRange(Control.ping(7).envelope(), 2, 11);
    assertEquals(DisconnectReason.MALFORMED_MESSAGE, Control.read(new byte[0]).reason());
    assertEquals(DisconnectReason.MALFORMED_MESSAGE, Control.read(Arrays.copyOf(ok, 8)).reason());
    assertEquals(DisconnectReason.MALFORMED_MESSAGE, Control.read(Arrays.copyOf(ok, 10)).reason());
    for (int type : new int[] {0x00, 0x03, 0xFF}) {
      byte[] other = ok.clone();
      other[0] = (byte) type;
      assertEquals(DisconnectReason.MALFORMED_MESSAGE, Control.read(other).reason(), "type " + type);
    }
  }
}
