package org.mercato.p2p.wire;

import org.mercato.p2p.peer.DisconnectReason;

/**
 * The transport's own keep-alive messages, on the reserved channel {@link #CHANNEL}
 * (docs/spec/p2p.md §7.2): {@code type(1) ‖ nonce(8)}, Ping {@code 0x01} and Pong {@code 0x02}.
 */
public record Control(Type type, long nonce) {
  /** Reserved for control messages: no channel owner may register it (§4). */
  public static final int CHANNEL = 0xFF;
  public static final int SIZE = 1 + 8;

  public enum Type {
    PING(0x01),
    PONG(0x02);

    private final int code;

    Type(int code) {
      this.code = code;
    }
  }

  public Control {
    java.util.Objects.requireNonNull(type);
  }

  public static Control ping(long nonce) {
    return new Control(Type.PING, nonce);
  }

  public static Control pong(long nonce) {
    return new Control(Type.PONG, nonce);
  }

  /** The envelope plaintext carrying this message, ready to seal. */
  public byte[] envelope() {
    byte[] out = new byte[WireFormat.ENVELOPE_HEADER + SIZE];
    out[0] = WireFormat.PROTOCOL_VERSION;
    out[1] = (byte) CHANNEL;
    out[2] = (byte) type.code;
    for (int i = 0; i < 8; i++) {
      out[3 + i] = (byte) (nonce >>> (56 - 8 * i));
    }
    return out;
  }

  /** Reads a control payload (the envelope's payload); anything but exactly 9 bytes of a known type is malformed. */
  public static WireResult<Control> read(byte[] payload) {
    if (payload.length != SIZE) {
      return WireResult.fail(DisconnectReason.MALFORMED_MESSAGE);
    }
    Type type;
    if (payload[0] == Type.PING.code) {
      type = Type.PING;
    } else if (payload[0] == Type.PONG.code) {
      type = Type.PONG;
    } else {
      return WireResult.fail(DisconnectReason.MALFORMED_MESSAGE);
    }
    long nonce = 0;
    for (int i = 1; i < SIZE; i++) {
      nonce = (nonce << 8) | (payload[i] & 0xFF);
    }
    return WireResult.ok(new Control(type, nonce));
  }
}
