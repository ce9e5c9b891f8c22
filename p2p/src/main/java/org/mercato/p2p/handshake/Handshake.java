package org.mercato.p2p.handshake;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Objects;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.mercato.p2p.crypto.EphemeralKey;
import org.mercato.p2p.crypto.FrameOpener;
import org.mercato.p2p.crypto.FrameSealer;
import org.mercato.p2p.crypto.KeySchedule;
import org.mercato.p2p.crypto.NodeId;
import org.mercato.p2p.crypto.NodeKey;
import org.mercato.p2p.crypto.SessionKeys;
import org.mercato.p2p.peer.DisconnectReason;
import org.mercato.p2p.wire.AuthMessage;
import org.mercato.p2p.wire.Hello;
import org.mercato.p2p.wire.WireResult;
import org.mercato.state.crypto.Keccak;
import org.mercato.state.crypto.Signature;
import org.mercato.state.types.Hash;

/**
 * One side of the handshake of docs/spec/p2p.md §2 as a pure state machine, with no I/O: send
 * {@link #hello()}; feed the peer's hello to {@link #onHello} and send the auth frame it returns;
 * feed the peer's auth frame to {@link #onAuthFrame}, which yields the {@link Session} or a reason.
 * Both sides run the same code; only the dialer passes an expected node id.
 */
public final class Handshake {
  static final byte[] AUTH_LABEL = "mercato-p2p-v1/auth".getBytes(StandardCharsets.US_ASCII);

  private enum Step { AWAIT_HELLO, AWAIT_AUTH, DONE }

  private final NodeKey identity;
  private final long networkId;
  private final Optional<NodeId> expectedRemote;
  private final EphemeralKey ephemeral;
  private Step step = Step.AWAIT_HELLO;
  private SessionKeys keys;
  private FrameSealer sealer;
  private FrameOpener opener;

  public Handshake(NodeKey identity, long networkId, Optional<NodeId> expectedRemote, SecureRandom random) {
    this(identity, networkId, expectedRemote, EphemeralKey.generate(random));
  }

  Handshake(NodeKey identity, long networkId, Optional<NodeId> expectedRemote, EphemeralKey ephemeral) {
    this.identity = Objects.requireNonNull(identity);
    this.networkId = networkId;
    this.expectedRemote = Objects.requireNonNull(expectedRemote);
    this.ephemeral = ephemeral;
  }

  /** Our 37-byte hello, sent as soon as the TCP connection is up. */
  public byte[] hello() {
    return new Hello(ephemeral.publicKey()).write();
  }

  /** Takes the peer's 37 hello bytes; returns our auth frame (length prefix included) to send. */
  public WireResult<byte[]> onHello(byte[] theirHelloBytes) {
    expect(Step.AWAIT_HELLO);
    WireResult<Hello> hello = Hello.read(theirHelloBytes);
    if (!hello.isOk()) {
      return WireResult.fail(hello.reason());
    }
    Optional<SessionKeys> derived = KeySchedule.derive(ephemeral, hello.value().ephemeralPublicKey());
    if (derived.isEmpty()) {
      return WireResult.fail(DisconnectReason.HANDSHAKE_MALFORMED);
    }
    keys = derived.get();
    sealer = new FrameSealer(keys.sendKey());
    opener = new FrameOpener(keys.receiveKey());
    Signature sig = identity.sign(signedHash(networkId, keys.challenge()));
    AuthMessage auth = new AuthMessage(networkId, identity.publicKey(), sig);
    step = Step.AWAIT_AUTH;
    return WireResult.ok(sealer.seal(auth.write()));
  }

  /** Takes the peer's whole auth frame (length prefix included) and verifies it (§2.4). */
  public WireResult<Session> onAuthFrame(byte[] frame) {
    expect(Step.AWAIT_AUTH);
    step = Step.DONE;
    Optional<byte[]> plain = opener.open(frame);
    if (plain.isEmpty()) {
      return WireResult.fail(DisconnectReason.DECRYPTION_FAILED);
    }
    WireResult<AuthMessage> read = AuthMessage.read(plain.get());
    if (!read.isOk()) {
      return WireResult.fail(read.reason());
    }
    AuthMessage auth = read.value();
    if (auth.networkId() != networkId) {
      return WireResult.fail(DisconnectReason.NETWORK_MISMATCH);
    }
    if (!auth.signature().isCanonical()) {
      return WireResult.fail(DisconnectReason.HANDSHAKE_BAD_SIGNATURE);
    }
    Optional<Bytes> recovered = identity.curve().recoverPublicKey(signedHash(networkId, keys.challenge()), auth.signature());
    if (recovered.isEmpty() || !recovered.get().equals(auth.publicKey())) {
      return WireResult.fail(DisconnectReason.HANDSHAKE_BAD_SIGNATURE);
    }
    NodeId remote = NodeId.ofPublicKey(auth.publicKey());
    if (remote.equals(identity.id())) {
      return WireResult.fail(DisconnectReason.SELF_CONNECTION);
    }
    if (expectedRemote.isPresent() && !expectedRemote.get().equals(remote)) {
      return WireResult.fail(DisconnectReason.UNEXPECTED_NODE_ID);
    }
    return WireResult.ok(new Session(remote, auth.publicKey(), sealer, opener));
  }

  /** keccak256("mercato-p2p-v1/auth" ‖ networkId(8) ‖ challenge), §2.4. */
  public static Hash signedHash(long networkId, byte[] challenge) {
    byte[] msg = new byte[AUTH_LABEL.length + 8 + challenge.length];
    System.arraycopy(AUTH_LABEL, 0, msg, 0, AUTH_LABEL.length);
    for (int i = 0; i < 8; i++) {
      msg[AUTH_LABEL.length + i] = (byte) (networkId >>> (56 - 8 * i));
    }
    System.arraycopy(challenge, 0, msg, AUTH_LABEL.length + 8, challenge.length);
    return Keccak.hash(msg);
  }

  private void expect(Step s) {
    if (step != s) {
      throw new IllegalStateException("handshake is at " + step + ", not " + s);
    }
  }
}
