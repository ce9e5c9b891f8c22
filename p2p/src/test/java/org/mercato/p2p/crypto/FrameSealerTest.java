package org.mercato.p2p.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FrameSealerTest {
  private static byte[] key(int fill) {
    byte[] k = new byte[32];
    Arrays.fill(k, (byte) fill);
    return k;
  }

  private static final byte[] MSG = "a vote, say".getBytes(StandardCharsets.US_ASCII);

  @Test
  void nonceIsFourZeroBytesThenTheBigEndianCounter() {
    assertEquals("000000000000000000000000", HexFormat.of().formatHex(FrameSealer.nonce(0)));
    assertEquals("000000000000000000000102", HexFormat.of().formatHex(FrameSealer.nonce(0x0102)));
    assertEquals("000000007fffffffffffffff", HexFormat.of().formatHex(FrameSealer.nonce(Long.MAX_VALUE)));
  }

  @Test
  void everyFrameUsesAFreshNonce() {
    FrameSealer s = new FrameSealer(key(1));
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 100; i++) {
      assertEquals(i, s.counter());
      byte[] frame = s.seal(MSG);
      assertTrue(seen.add(HexFormat.of().formatHex(frame)), "same plaintext, different ciphertext each time");
    }
  }

  @Test
  void framesOpenInOrderWithTheRightKey() {
    FrameSealer s = new FrameSealer(key(1));
    FrameOpener o = new FrameOpener(key(1));
    for (int i = 0; i < 5; i++) {
      byte[] frame = s.seal(MSG);
      assertEquals(4 + MSG.length + 16, frame.length);
      assertEquals(MSG.length + 16, ((frame[0] & 0xFF) << 24) | ((frame[1] & 0xFF) << 16) | ((frame[2] & 0xFF) << 8) | (frame[3] & 0xFF));
      assertArrayEquals(MSG, o.open(frame).orElseThrow());
    }
    assertArrayEquals(new byte[0], o.open(s.seal(new byte[0])).orElseThrow());
  }

  @Test
  void wrongKeyFails() {
    byte[] frame = new FrameSealer(key(1)).seal(MSG);
    assertTrue(new FrameOpener(key(2)).open(frame).isEmpty());
  }

  @Test
  void replayedReorderedOrTamperedFramesFail() {
    FrameSealer s = new FrameSealer(key(1));
    byte[] f0 = s.seal(MSG);
    byte[] f1 = s.seal(MSG);

    FrameOpener o = new FrameOpener(key(1));
    assertTrue(o.open(f1).isEmpty(), "frame 1 where frame 0 is due");

    FrameOpener replay = new FrameOpener(key(1));
    assertTrue(replay.open(f0).isPresent());
    assertTrue(replay.open(f0).isEmpty(), "frame 0 again");

    for (int i = 4; i < f0.length; i++) {
      byte[] t = f0.clone();
      t[i] ^= 0x01;
      assertTrue(new FrameOpener(key(1)).open(t).isEmpty(), "flipped byte " + i);
    }
  }

  @Test
  void theLengthPrefixIsAuthenticated() {
    byte[] frame = new FrameSealer(key(1)).seal(MSG);
    byte[] tampered = frame.clone();
    tampered[3] ^= 0x01; // claims a different length
    assertTrue(new FrameOpener(key(1)).open(tampered).isEmpty());
    assertTrue(new FrameOpener(key(1)).open(tampered, 0, tampered.length).isEmpty(), "AAD differs even if the caller trusts it");
  }

  @Test
  void theSealerStopsBeforeTheCounterWraps() {
    FrameSealer s = new FrameSealer(key(1), FrameSealer.COUNTER_LIMIT - 1);
    assertFalse(s.exhausted());
    s.seal(MSG);
    assertTrue(s.exhausted());
    assertThrows(FrameSealer.NonceExhaustedException.class, () -> s.seal(MSG));
  }

  @Test
  void plaintextAboveTheLimitIsRefused() {
    FrameSealer s = new FrameSealer(key(1));
    assertThrows(IllegalArgumentException.class, () -> s.seal(new byte[FrameFormat.MAX_PLAINTEXT + 1]));
    assertEquals(4 + FrameFormat.MAX_SEALED, s.seal(new byte[FrameFormat.MAX_PLAINTEXT]).length);
  }
}
