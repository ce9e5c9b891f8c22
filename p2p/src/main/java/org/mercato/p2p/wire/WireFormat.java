package org.mercato.p2p.wire;

import org.mercato.p2p.crypto.FrameFormat;

/** The sizes and labels of docs/spec/p2p.md, in one place. */
public final class WireFormat {
  private WireFormat() {}

  /** "MRCP", the first four bytes of every connection (§2.1). */
  public static final byte[] MAGIC = {0x4D, 0x52, 0x43, 0x50};
  public static final byte HANDSHAKE_VERSION = 0x01;
  public static final int HELLO_SIZE = 4 + 1 + 32;

  public static final byte AUTH_VERSION = 0x01;
  public static final int AUTH_SIZE = 1 + 8 + 64 + 32 + 32 + 1;

  public static final byte PROTOCOL_VERSION = 0x01;
  public static final int ENVELOPE_HEADER = 2;
  public static final int MAX_PAYLOAD = FrameFormat.MAX_PLAINTEXT - ENVELOPE_HEADER;
}
