package org.mercato.p2p.crypto;


/**
 * Seals the frames of one direction (docs/spec/p2p.md §3): {@code L ‖ ChaCha20-Poly1305(plaintext)}
 * with nonce {@code 0^4 ‖ counter}, the 4 length bytes as associated data. The counter starts at 0
 * and increases by one per frame; it is never reused. Not thread-safe: one event loop owns it.
 */
public final class FrameSealer {
  /** The sealer refuses to seal once its counter reaches this value. */
  public static final long COUNTER_LIMIT = Long.MAX_VALUE;

  private final FrameCipher cipher;
  private long counter;

  public FrameSealer(byte[] key) {
    this(key, 0);
  }

  /** Starts at a given counter: tests of exhaustion. */
  FrameSealer(byte[] key, long firstCounter) {
    this.cipher = new FrameCipher(key);
    this.counter = firstCounter;
  }

  /** The counter the next frame will use. */
  public long counter() {
    return counter;
  }

  public boolean exhausted() {
    return counter >= COUNTER_LIMIT;
  }

  /**
   * The whole frame: 4-byte length prefix then ciphertext and tag.
   *
   * @throws NonceExhaustedException if the counter reached {@link #COUNTER_LIMIT}
   * @throws IllegalArgumentException if the plaintext is longer than the protocol allows
   */
  public byte[] seal(byte[] plaintext) {
    if (plaintext.length > FrameFormat.MAX_PLAINTEXT) {
      throw new IllegalArgumentException("plaintext of " + plaintext.length + " bytes exceeds the frame limit");
    }
    if (exhausted()) {
      throw new NonceExhaustedException();
    }
    int sealedLength = plaintext.length + FrameFormat.TAG_SIZE;
    byte[] frame = new byte[FrameFormat.LENGTH_PREFIX + sealedLength];
    putInt(frame, sealedLength);
    byte[] nonce = nonce(counter);
    counter++;
    cipher.seal(nonce, frame, 0, FrameFormat.LENGTH_PREFIX, plaintext, 0, plaintext.length, frame, FrameFormat.LENGTH_PREFIX);
    return frame;
  }

  static byte[] nonce(long counter) {
    byte[] n = new byte[FrameFormat.NONCE_SIZE];
    for (int i = 0; i < 8; i++) {
      n[4 + i] = (byte) (counter >>> (56 - 8 * i));
    }
    return n;
  }

  static void putInt(byte[] out, int v) {
    out[0] = (byte) (v >>> 24);
    out[1] = (byte) (v >>> 16);
    out[2] = (byte) (v >>> 8);
    out[3] = (byte) v;
  }

  /** The direction's counter is used up; the connection must close (§3). */
  public static final class NonceExhaustedException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    NonceExhaustedException() {
      super("frame counter exhausted; the connection must be closed");
    }
  }
}
