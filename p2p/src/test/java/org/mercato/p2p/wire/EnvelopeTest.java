package org.mercato.p2p.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import org.mercato.p2p.crypto.NodeKey;
import org.mercato.p2p.peer.DisconnectReason;
import org.mercato.state.types.Hash;

class EnvelopeTest {
  @Test
  void layoutAndRoundTrip() {
    byte[] w = new Envelope(2, new byte[] {7, 8}).write();
    assertArrayEquals(new byte[] {1, 2, 7, 8}, w);
    assertEquals(new Envelope(2, new byte[] {7, 8}), Envelope.read(w).value());
    assertEquals(new Envelope(255, new byte[0]), Envelope.read(new byte[] {1, (byte) 255}).value());
  }

  @Test
  void refusals() {
    assertEquals(DisconnectReason.FRAME_MALFORMED, Envelope.read(new byte[] {1}).reason());
    assertEquals(DisconnectReason.FRAME_MALFORMED, Envelope.read(new byte[0]).reason());
    assertEquals(DisconnectReason.UNSUPPORTED_VERSION, Envelope.read(new byte[] {2, 0, 5}).reason());
    assertThrows(IllegalArgumentException.class, () -> new Envelope(0, new byte[WireFormat.MAX_PAYLOAD + 1]));
    assertThrows(IllegalArgumentException.class, () -> new Envelope(256, new byte[0]));
  }

  @Test
  void authMessageRoundTrip() {
    NodeKey k = NodeKey.random(new SecureRandom());
    AuthMessage m = new AuthMessage(0x0102030405060708L, k.publicKey(), k.sign(Hash.ZERO));
    byte[] w = m.write();
    assertEquals(138, w.length);
    assertEquals(1, w[0]);
    assertEquals(8, w[8]);
    AuthMessage back = AuthMessage.read(w).value();
    assertEquals(m.networkId(), back.networkId());
    assertEquals(m.publicKey(), back.publicKey());
    assertEquals(m.signature(), back.signature());
    w[137] = 2;
    assertEquals(DisconnectReason.HANDSHAKE_BAD_SIGNATURE, AuthMessage.read(w).reason());
    assertEquals(DisconnectReason.HANDSHAKE_MALFORMED, AuthMessage.read(new byte[137]).reason());
  }
}
