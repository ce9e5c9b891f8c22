package org.mercato.p2p.wire;

import java.util.Arrays;
import org.mercato.p2p.peer.DisconnectReason;

/** The plaintext first message: {@code "MRCP" ‖ version ‖ ephemeral X25519 key} (docs/spec/p2p.md §2.1). */
public record Hello(byte[] ephemeralPublicKey) {
  public Hello {
    if (ephemeralPublicKey.length != 32) {
      throw new IllegalArgumentException("ephemeral key must be 32 bytes");
    }
    ephemeralPublicKey = ephemeralPublicKey.clone();
  }

  public byte[] write() {
    byte[] out = new byte[WireFormat.HELLO_SIZE];
    System.arraycopy(WireFormat.MAGIC, 0, out, 0, 4);
    out[4] = WireFormat.HANDSHAKE_VERSION;
    System.arraycopy(ephemeralPublicKey, 0, out, 5, 32);
    return out;
  }

  public static WireResult<Hello> read(byte[] in) {
    if (in.length != WireFormat.HELLO_SIZE
        || !Arrays.equals(in, 0, 4, WireFormat.MAGIC, 0, 4)
        || in[4] != WireFormat.HANDSHAKE_VERSION) {
      return WireResult.fail(DisconnectReason.HANDSHAKE_MALFORMED);
    }
    return WireResult.ok(new Hello(Arrays.copyOfRange(in, 5, 37)));
  }
}
