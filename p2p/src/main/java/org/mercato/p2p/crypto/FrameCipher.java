package org.mercato.p2p.crypto;

import java.security.GeneralSecurityException;
import java.security.NoSuchAlgorithmException;
import java.security.NoSuchProviderException;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.NoSuchPaddingException;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * ChaCha20-Poly1305 (RFC 8439) of one direction's key, through the JDK's own SunJCE provider,
 * named explicitly so that a provider registered later cannot replace it. SunJCE rather than
 * BouncyCastle's {@code ChaCha20Poly1305}: on this project's machine it seals and opens a 4 KiB
 * frame in about half the time (docs/benchmarks.md "Frame cipher"), and the netty threads spend
 * most of their time here. Not thread-safe: one event loop owns it.
 */
final class FrameCipher {
  private final Cipher cipher;
  private final SecretKeySpec key;

  FrameCipher(byte[] key) {
    if (key.length != 32) {
      throw new IllegalArgumentException("key must be 32 bytes");
    }
    try {
      this.cipher = Cipher.getInstance("ChaCha20-Poly1305", "SunJCE");
    } catch (NoSuchAlgorithmException | NoSuchProviderException | NoSuchPaddingException e) {
      throw new IllegalStateException("this JDK has no SunJCE ChaCha20-Poly1305 (Java 11 and later have it)", e);
    }
    this.key = new SecretKeySpec(key, "ChaCha20");
  }

  /**
   * Encrypts {@code in[inOff .. inOff+inLen)} into {@code out} at {@code outOff}, ciphertext then
   * the 16-byte tag, authenticating {@code aad[aadOff .. aadOff+aadLen)} too.
   */
  void seal(byte[] nonce, byte[] aad, int aadOff, int aadLen, byte[] in, int inOff, int inLen, byte[] out, int outOff) {
    try {
      cipher.init(Cipher.ENCRYPT_MODE, key, new IvParameterSpec(nonce));
      cipher.updateAAD(aad, aadOff, aadLen);
      cipher.doFinal(in, inOff, inLen, out, outOff);
    } catch (GeneralSecurityException e) {
      // Only a reused nonce or a short buffer, both bugs of the caller.
      throw new IllegalStateException("sealing failed", e);
    }
  }

  /**
   * Decrypts {@code in[inOff .. inOff+inLen)} (ciphertext then tag) into {@code out} at {@code outOff}.
   *
   * @return false if the tag does not authenticate the ciphertext and the associated data
   */
  boolean open(byte[] nonce, byte[] aad, int aadOff, int aadLen, byte[] in, int inOff, int inLen, byte[] out, int outOff) {
    try {
      cipher.init(Cipher.DECRYPT_MODE, key, new IvParameterSpec(nonce));
      cipher.updateAAD(aad, aadOff, aadLen);
      cipher.doFinal(in, inOff, inLen, out, outOff);
      return true;
    } catch (AEADBadTagException e) {
      return false;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("opening failed", e);
    }
  }
}
