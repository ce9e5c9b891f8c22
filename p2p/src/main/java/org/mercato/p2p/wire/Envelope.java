package org.mercato.p2p.wire;

import java.util.Arrays;
import org.mercato.p2p.crypto.FrameFormat;
import org.mercato.p2p.peer.DisconnectReason;

/**
 * The plaintext of every frame after the auth frame (docs/spec/p2p.md §4):
 * {@code version(1) ‖ channel(1) ‖ payload}. The payload is opaque to p2p.
 */
public record Envelope(int channelId, byte[] payload) {
  public Envelope {
    if (channelId < 0 || channelId > 0xFF) {
      throw new IllegalArgumentException("channel id must fit a byte");
    }
    if (payload.length > WireFormat.MAX_PAYLOAD) {
      throw new IllegalArgumentException("payload above " + WireFormat.MAX_PAYLOAD + " bytes");
    }
  }

  public byte[] write() {
    byte[] out = new byte[WireFormat.ENVELOPE_HEADER + payload.length];
    out[0] = WireFormat.PROTOCOL_VERSION;
    out[1] = (byte) channelId;
    System.arraycopy(payload, 0, out, WireFormat.ENVELOPE_HEADER, payload.length);
    return out;
  }

  /** Reads an envelope; the channel is checked by the caller, who knows the registered ones. */
  public static WireResult<Envelope> read(byte[] plaintext) {
    if (plaintext.length < WireFormat.ENVELOPE_HEADER || plaintext.length > FrameFormat.MAX_PLAINTEXT) {
      return WireResult.fail(DisconnectReason.FRAME_MALFORMED);
    }
    if (plaintext[0] != WireFormat.PROTOCOL_VERSION) {
      return WireResult.fail(DisconnectReason.UNSUPPORTED_VERSION);
    }
    byte[] payload = Arrays.copyOfRange(plaintext, WireFormat.ENVELOPE_HEADER, plaintext.length);
    return WireResult.ok(new Envelope(plaintext[1] & 0xFF, payload));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Envelope e && e.channelId == channelId && Arrays.equals(e.payload, payload);
  }

  @Override
  public int hashCode() {
    return 31 * channelId + Arrays.hashCode(payload);
  }

  @Override
  public String toString() {
    return "Envelope[channel=" + channelId + ", " + payload.length + " bytes]";
  }
}
