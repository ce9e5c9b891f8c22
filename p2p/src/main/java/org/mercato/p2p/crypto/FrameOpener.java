package org.mercato.p2p.crypto;

import java.util.Optional;

/**
 * Opens the frames of one direction (docs/spec/p2p.md §3), keeping its own counter: a replayed,
 * reordered or injected frame fails. Not thread-safe: one event loop owns it.
 */
public final class FrameOpener {
  private final FrameCipher cipher;
  private long counter;

  public FrameOpener(byte[] key) {
    this.cipher = new FrameCipher(key);
  }

  public long counter() {
    return counter;
  }

  /** Opens a whole frame (length prefix included); empty if the prefix or the tag does not match. */
  public Optional<byte[]> open(byte[] frame) {
    if (frame.length < FrameFormat.LENGTH_PREFIX) {
      return Optional.empty();
    }
    int declared = ((frame[0] & 0xFF) << 24) | ((frame[1] & 0xFF) << 16) | ((frame[2] & 0xFF) << 8) | (frame[3] & 0xFF);
    if (declared != frame.length - FrameFormat.LENGTH_PREFIX) {
      return Optional.empty();
    }
    return open(frame, 0, frame.length);
  }

  /**
   * Opens {@code frame[offset .. offset+length)}, the 4-byte prefix then the sealed part; the caller
   * has checked the prefix. Empty if authentication fails. The counter advances either way: after a
   * failure the connection is closed.
   */
  public Optional<byte[]> open(byte[] frame, int offset, int length) {
    int sealedLength = length - FrameFormat.LENGTH_PREFIX;
    if (sealedLength < FrameFormat.TAG_SIZE || counter >= FrameSealer.COUNTER_LIMIT) {
      return Optional.empty();
    }
    byte[] nonce = FrameSealer.nonce(counter);
    counter++;
    byte[] plain = new byte[sealedLength - FrameFormat.TAG_SIZE];
    boolean authentic = cipher.open(nonce, frame, offset, FrameFormat.LENGTH_PREFIX,
        frame, offset + FrameFormat.LENGTH_PREFIX, sealedLength, plain, 0);
    return authentic ? Optional.of(plain) : Optional.empty();
  }
}
