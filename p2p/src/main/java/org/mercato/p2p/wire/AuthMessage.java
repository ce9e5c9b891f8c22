package org.mercato.p2p.wire;

import java.math.BigInteger;
import java.util.Arrays;
import org.apache.tuweni.bytes.Bytes;
import org.mercato.p2p.peer.DisconnectReason;
import org.mercato.state.crypto.Signature;

/**
 * The first sealed frame of each direction (docs/spec/p2p.md §2.3):
 * {@code version ‖ networkId(8) ‖ pubkey(64) ‖ r(32) ‖ s(32) ‖ recId(1)}, 138 bytes.
 */
public record AuthMessage(long networkId, Bytes publicKey, Signature signature) {
  public AuthMessage {
    if (publicKey.size() != 64) {
      throw new IllegalArgumentException("public key must be 64 bytes");
    }
    publicKey = publicKey.copy();
  }

  public byte[] write() {
    byte[] out = new byte[WireFormat.AUTH_SIZE];
    out[0] = WireFormat.AUTH_VERSION;
    for (int i = 0; i < 8; i++) {
      out[1 + i] = (byte) (networkId >>> (56 - 8 * i));
    }
    System.arraycopy(publicKey.toArrayUnsafe(), 0, out, 9, 64);
    System.arraycopy(signature.toCompact(), 0, out, 73, 64);
    out[137] = (byte) signature.recId();
    return out;
  }

  public static WireResult<AuthMessage> read(byte[] in) {
    if (in.length != WireFormat.AUTH_SIZE || in[0] != WireFormat.AUTH_VERSION) {
      return WireResult.fail(DisconnectReason.HANDSHAKE_MALFORMED);
    }
    long network = 0;
    for (int i = 0; i < 8; i++) {
      network = (network << 8) | (in[1 + i] & 0xFF);
    }
    int recId = in[137];
    if (recId != 0 && recId != 1) {
      return WireResult.fail(DisconnectReason.HANDSHAKE_BAD_SIGNATURE);
    }
    Signature sig = new Signature(
        new BigInteger(1, Arrays.copyOfRange(in, 73, 105)),
        new BigInteger(1, Arrays.copyOfRange(in, 105, 137)),
        recId);
    return WireResult.ok(new AuthMessage(network, Bytes.wrap(Arrays.copyOfRange(in, 9, 73)), sig));
  }
}
