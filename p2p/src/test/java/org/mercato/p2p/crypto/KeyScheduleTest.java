package org.mercato.p2p.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class KeyScheduleTest {
  private static EphemeralKey fixed(int fill) {
    byte[] scalar = new byte[32];
    Arrays.fill(scalar, (byte) fill);
    return EphemeralKey.fromPrivate(scalar);
  }

  @Test
  void bothSidesDeriveTheSameKeysWithDirectionsSwapped() {
    EphemeralKey a = fixed(0x11);
    EphemeralKey b = fixed(0x22);
    SessionKeys ka = KeySchedule.derive(a, b.publicKey()).orElseThrow();
    SessionKeys kb = KeySchedule.derive(b, a.publicKey()).orElseThrow();

    assertArrayEquals(ka.challenge(), kb.challenge());
    assertArrayEquals(ka.sendKey(), kb.receiveKey());
    assertArrayEquals(ka.receiveKey(), kb.sendKey());
    assertFalse(Arrays.equals(ka.sendKey(), ka.receiveKey()), "the two directions have different keys");
    assertFalse(Arrays.equals(ka.sendKey(), ka.challenge()));
  }

  @Test
  void derivationIsPinned() {
    // Regression vector for docs/spec/p2p.md §2.2 (fixed X25519 scalars 0x11.. and 0x22..).
    SessionKeys k = KeySchedule.derive(fixed(0x11), fixed(0x22).publicKey()).orElseThrow();
    String all = HexFormat.of().formatHex(k.sendKey()) + HexFormat.of().formatHex(k.receiveKey())
        + HexFormat.of().formatHex(k.challenge());
    assertEquals(PINNED, all);
  }

  static final String PINNED = "17e55f1c561769e81c80cd21378f3ec8cff106f0323586d9855d9307df3ee57e"
      + "f9dacca7f92d27de16871dadec8aa0760a9c18bb4bd3797b6c655776201ad449"
      + "74050a7b72976c964709536a880b13d1a8dc68719c5e1bde1f429f7e908bb1e6";

  @Test
  void matchesTheSpecComputedIndependently() throws Exception {
    // docs/spec/p2p.md §2.2 recomputed with the JDK's SHA-256 and HMAC (RFC 5869 by hand).
    byte[] privA = new byte[32];
    Arrays.fill(privA, (byte) 0x11);
    EphemeralKey a = fixed(0x11);
    EphemeralKey b = fixed(0x22);
    byte[] dh = new byte[32];
    assertTrue(org.bouncycastle.math.ec.rfc7748.X25519.calculateAgreement(privA, 0, b.publicKey(), 0, dh, 0));
    boolean aIsLo = Arrays.compareUnsigned(a.publicKey(), b.publicKey()) < 0;
    byte[] lo = aIsLo ? a.publicKey() : b.publicKey();
    byte[] hi = aIsLo ? b.publicKey() : a.publicKey();
    java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
    sha.update("mercato-p2p-v1/transcript".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    sha.update(lo);
    sha.update(hi);
    byte[] salt = sha.digest();
    byte[] prk = hmac(salt, dh);
    byte[] info = "mercato-p2p-v1/keys".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    byte[] t1 = hmac(prk, concat(info, new byte[] {1}));
    byte[] t2 = hmac(prk, concat(t1, info, new byte[] {2}));
    byte[] t3 = hmac(prk, concat(t2, info, new byte[] {3}));

    SessionKeys ka = KeySchedule.derive(a, b.publicKey()).orElseThrow();
    assertArrayEquals(aIsLo ? t1 : t2, ka.sendKey(), "keyLo encrypts what the lo side sends");
    assertArrayEquals(aIsLo ? t2 : t1, ka.receiveKey());
    assertArrayEquals(t3, ka.challenge());
  }

  private static byte[] hmac(byte[] key, byte[] data) throws Exception {
    javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
    mac.init(new javax.crypto.spec.SecretKeySpec(key, "HmacSHA256"));
    return mac.doFinal(data);
  }

  private static byte[] concat(byte[]... parts) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  @Test
  void reflectedOrSmallOrderKeysAreRefused() {
    EphemeralKey a = fixed(0x11);
    assertTrue(KeySchedule.derive(a, a.publicKey()).isEmpty(), "our own key reflected back");
    assertTrue(KeySchedule.derive(a, new byte[32]).isEmpty(), "u = 0 gives an all-zero secret");
    byte[] one = new byte[32];
    one[0] = 1;
    assertTrue(KeySchedule.derive(a, one).isEmpty(), "u = 1 is a small-order point");
    assertTrue(KeySchedule.derive(a, new byte[31]).isEmpty());
  }

  @Test
  void freshEphemeralKeysDiffer() {
    java.security.SecureRandom r = new java.security.SecureRandom();
    assertFalse(Arrays.equals(EphemeralKey.generate(r).publicKey(), EphemeralKey.generate(r).publicKey()));
  }
}
