package org.mercato.p2p.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.modes.ChaCha20Poly1305;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;
import org.junit.jupiter.api.Test;

/**
 * The frame cipher is RFC 8439's AEAD: the RFC's own test vector, and frames that open with, and
 * are opened by, BouncyCastle's independent implementation (which sealed frames before: nodes of
 * both versions talk to each other).
 */
class FrameCipherTest {
  private static final HexFormat HEX = HexFormat.of();

  @Test
  void rfc8439Section282Vector() {
    byte[] key = new byte[32];
    for (int i = 0; i < 32; i++) {
      key[i] = (byte) (0x80 + i);
    }
    byte[] nonce = HEX.parseHex("070000004041424344454647");
    byte[] aad = HEX.parseHex("50515253c0c1c2c3c4c5c6c7");
    byte[] plain = ("Ladies and Gentlemen of the class of '99: If I could offer you only one tip for the future, "
        + "sunscreen would be it.").getBytes(StandardCharsets.US_ASCII);
    byte[] sealed = new byte[plain.length + 16];
    new FrameCipher(key).seal(nonce, aad, 0, aad.length, plain, 0, plain.length, sealed, 0);

    assertEquals("d31a8d34648e60db7b86afbc53ef7ec2a4aded51296e08fea9e2b5a736ee62d63dbea45e8ca9671282fafb69da92728b"
        + "1a71de0a9e060b2905d6a5b67ecd3b3692ddbd7f2d778b8c9803aee328091b58fab324e4fad675945585808b4831d7bc3ff4def08e"
        + "4b7a9de576d26586cec64b6116", HEX.formatHex(sealed, 0, plain.length));
    assertEquals("1ae10b594f09e26a7e902ecbd0600691", HEX.formatHex(sealed, plain.length, sealed.length));

    byte[] opened = new byte[plain.length];
    assertTrue(new FrameCipher(key).open(nonce, aad, 0, aad.length, sealed, 0, sealed.length, opened, 0));
    assertArrayEquals(plain, opened);
  }

  @Test
  void framesAgreeWithBouncyCastleBothWays() throws InvalidCipherTextException {
    Random random = new Random(42);
    byte[] key = new byte[32];
    random.nextBytes(key);
    for (int size : new int[] {0, 1, 63, 64, 65, 200, 4096, 70_001}) {
      byte[] plain = new byte[size];
      random.nextBytes(plain);
      byte[] nonce = FrameSealer.nonce(size);
      byte[] aad = {0, 0, 1, 2};

      byte[] ours = new byte[size + 16];
      new FrameCipher(key).seal(nonce, aad, 0, 4, plain, 0, size, ours, 0);
      assertArrayEquals(bouncyCastle(true, key, nonce, aad, plain), ours, "sealed " + size + " bytes");

      byte[] theirs = bouncyCastle(true, key, nonce, aad, plain);
      byte[] opened = new byte[size];
      assertTrue(new FrameCipher(key).open(nonce, aad, 0, 4, theirs, 0, theirs.length, opened, 0));
      assertArrayEquals(plain, opened);
    }
  }

  @Test
  void aFlippedBitAnywhereFailsAuthentication() {
    byte[] key = new byte[32];
    byte[] nonce = FrameSealer.nonce(7);
    byte[] aad = {0, 0, 0, 21};
    byte[] plain = "five bytes and more".getBytes(StandardCharsets.US_ASCII);
    byte[] sealed = new byte[plain.length + 16];
    new FrameCipher(key).seal(nonce, aad, 0, 4, plain, 0, plain.length, sealed, 0);
    // A fresh cipher per attempt: the JDK refuses to initialise one twice in a row with the same nonce,
    // which FrameOpener never does (its counter advances on every frame, opened or not).
    byte[] out = new byte[plain.length];
    for (int i = 0; i < sealed.length; i++) {
      byte[] t = sealed.clone();
      t[i] ^= 0x40;
      assertFalse(new FrameCipher(key).open(nonce, aad, 0, 4, t, 0, t.length, out, 0), "byte " + i);
    }
    byte[] otherAad = aad.clone();
    otherAad[3] = 22;
    assertFalse(new FrameCipher(key).open(nonce, otherAad, 0, 4, sealed, 0, sealed.length, out, 0), "associated data");
    assertFalse(new FrameCipher(key).open(FrameSealer.nonce(8), aad, 0, 4, sealed, 0, sealed.length, out, 0), "nonce");
    assertTrue(new FrameCipher(key).open(nonce, aad, 0, 4, sealed, 0, sealed.length, out, 0), "the untouched frame opens");
    assertArrayEquals(plain, Arrays.copyOf(out, plain.length));
  }

  private static byte[] bouncyCastle(boolean encrypt, byte[] key, byte[] nonce, byte[] aad, byte[] in)
      throws InvalidCipherTextException {
    ChaCha20Poly1305 c = new ChaCha20Poly1305();
    c.init(encrypt, new ParametersWithIV(new KeyParameter(key), nonce));
    c.processAADBytes(aad, 0, aad.length);
    byte[] out = new byte[c.getOutputSize(in.length)];
    int n = c.processBytes(in, 0, in.length, out, 0);
    c.doFinal(out, n);
    return out;
  }
}
