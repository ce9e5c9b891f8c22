package org.mercato.p2p.crypto;

/** Sizes of the record layer, docs/spec/p2p.md §3. */
public final class FrameFormat {
  private FrameFormat() {}

  public static final int LENGTH_PREFIX = 4;
  public static final int TAG_SIZE = 16;
  public static final int NONCE_SIZE = 12;
  /** The largest plaintext of one frame: a 2-byte envelope header plus a 1 MiB payload (§4). */
  public static final int MAX_PLAINTEXT = 2 + (1 << 20);
  /** The largest allowed value of a frame's length prefix L. */
  public static final int MAX_SEALED = MAX_PLAINTEXT + TAG_SIZE;
}
