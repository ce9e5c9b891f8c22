package org.mercato.p2p.handshake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.Optional;
import org.mercato.p2p.crypto.EphemeralKey;
import org.mercato.p2p.crypto.FrameSealer;
import org.mercato.p2p.crypto.KeySchedule;
import org.mercato.p2p.crypto.NodeId;
import org.mercato.p2p.crypto.NodeKey;
import org.mercato.p2p.crypto.SessionKeys;
import org.mercato.p2p.peer.DisconnectReason;
import org.mercato.p2p.wire.AuthMessage;
import org.mercato.p2p.wire.Hello;
import org.mercato.p2p.wire.WireResult;
import org.junit.jupiter.api.Test;

class HandshakeTest {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final long NET = 31337;
  private final NodeKey alice = NodeKey.random(RANDOM);
  private final NodeKey bob = NodeKey.random(RANDOM);

  private record Both(WireResult<Session> dialer, WireResult<Session> listener) {}

  private static Both run(Handshake dialer, Handshake listener) {
    byte[] authD = dialer.onHello(listener.hello()).value();
    byte[] authL = listener.onHello(dialer.hello()).value();
    return new Both(dialer.onAuthFrame(authL), listener.onAuthFrame(authD));
  }

  @Test
  void bothSidesLearnTheOthersIdAndShareWorkingKeys() {
    Both r = run(new Handshake(alice, NET, Optional.of(bob.id()), RANDOM), new Handshake(bob, NET, Optional.empty(), RANDOM));
    Session a = r.dialer().value();
    Session b = r.listener().value();
    assertEquals(bob.id(), a.remoteId());
    assertEquals(alice.id(), b.remoteId());
    assertEquals(1, a.sealer().counter(), "the auth frame used counter 0");
    byte[] frame = a.sealer().seal(new byte[] {1, 2, 3});
    assertEquals(3, b.opener().open(frame).orElseThrow().length);
    byte[] back = b.sealer().seal(new byte[] {9});
    assertEquals(9, a.opener().open(back).orElseThrow()[0]);
  }

  @Test
  void dialerRefusesAnUnexpectedNodeId() {
    NodeId someoneElse = NodeKey.random(RANDOM).id();
    Both r = run(new Handshake(alice, NET, Optional.of(someoneElse), RANDOM), new Handshake(bob, NET, Optional.empty(), RANDOM));
    assertEquals(DisconnectReason.UNEXPECTED_NODE_ID, r.dialer().reason());
  }

  @Test
  void anotherNetworkIsRefused() {
    Both r = run(new Handshake(alice, NET, Optional.empty(), RANDOM), new Handshake(bob, NET + 1, Optional.empty(), RANDOM));
    assertEquals(DisconnectReason.NETWORK_MISMATCH, r.dialer().reason());
    assertEquals(DisconnectReason.NETWORK_MISMATCH, r.listener().reason());
  }

  @Test
  void connectingToOurselvesIsRefused() {
    Both r = run(new Handshake(alice, NET, Optional.empty(), RANDOM), new Handshake(alice, NET, Optional.empty(), RANDOM));
    assertEquals(DisconnectReason.SELF_CONNECTION, r.dialer().reason());
  }

  @Test
  void aSignatureByAnotherKeyThanClaimedIsRefused() {
    Handshake honest = new Handshake(bob, NET, Optional.empty(), RANDOM);
    EphemeralKey eph = EphemeralKey.generate(RANDOM);
    honest.onHello(new Hello(eph.publicKey()).write());
    SessionKeys keys = KeySchedule.derive(eph, Hello.read(honest.hello()).value().ephemeralPublicKey()).orElseThrow();
    NodeKey mallory = NodeKey.random(RANDOM);
    // Claims alice's key, signs with mallory's.
    AuthMessage forged = new AuthMessage(NET, alice.publicKey(), mallory.sign(Handshake.signedHash(NET, keys.challenge())));
    byte[] frame = new FrameSealer(keys.sendKey()).seal(forged.write());
    assertEquals(DisconnectReason.HANDSHAKE_BAD_SIGNATURE, honest.onAuthFrame(frame).reason());
  }

  @Test
  void aSignatureOverAnotherChallengeIsRefused() {
    Handshake honest = new Handshake(bob, NET, Optional.empty(), RANDOM);
    EphemeralKey eph = EphemeralKey.generate(RANDOM);
    honest.onHello(new Hello(eph.publicKey()).write());
    SessionKeys keys = KeySchedule.derive(eph, Hello.read(honest.hello()).value().ephemeralPublicKey()).orElseThrow();
    AuthMessage replayed = new AuthMessage(NET, alice.publicKey(), alice.sign(Handshake.signedHash(NET, new byte[32])));
    byte[] frame = new FrameSealer(keys.sendKey()).seal(replayed.write());
    assertEquals(DisconnectReason.HANDSHAKE_BAD_SIGNATURE, honest.onAuthFrame(frame).reason());
  }

  @Test
  void anAuthFrameUnderTheWrongKeyFailsDecryption() {
    Handshake honest = new Handshake(bob, NET, Optional.empty(), RANDOM);
    honest.onHello(new Hello(EphemeralKey.generate(RANDOM).publicKey()).write());
    byte[] frame = new FrameSealer(new byte[32]).seal(new byte[138]);
    assertEquals(DisconnectReason.DECRYPTION_FAILED, honest.onAuthFrame(frame).reason());
  }

  @Test
  void garbageOrReflectedHellosAreMalformed() {
    Handshake h = new Handshake(bob, NET, Optional.empty(), RANDOM);
    assertEquals(DisconnectReason.HANDSHAKE_MALFORMED, h.onHello("GET / HTTP/1.1\r\nHost: x\r\n\r\n1234567890".getBytes()).reason());
    Handshake h2 = new Handshake(bob, NET, Optional.empty(), RANDOM);
    assertEquals(DisconnectReason.HANDSHAKE_MALFORMED, h2.onHello(h2.hello()).reason());
    Handshake h3 = new Handshake(bob, NET, Optional.empty(), RANDOM);
    assertEquals(DisconnectReason.HANDSHAKE_MALFORMED, h3.onHello(new Hello(new byte[32]).write()).reason());
  }

  @Test
  void stepsCannotBeSkipped() {
    Handshake h = new Handshake(bob, NET, Optional.empty(), RANDOM);
    assertThrows(IllegalStateException.class, () -> h.onAuthFrame(new byte[158]));
  }

  @Test
  void helloLayout() {
    byte[] hello = new Handshake(bob, NET, Optional.empty(), RANDOM).hello();
    assertEquals(37, hello.length);
    assertEquals("MRCP", new String(hello, 0, 4, java.nio.charset.StandardCharsets.US_ASCII));
    assertEquals(1, hello[4]);
    assertTrue(Hello.read(hello).isOk());
  }
}
