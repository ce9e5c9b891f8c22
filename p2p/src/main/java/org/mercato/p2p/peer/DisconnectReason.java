package org.mercato.p2p.peer;

/**
 * Why a connection was closed (docs/spec/p2p.md §6). Every close has exactly one reason, reported
 * to the listener; {@link #misbehaviour()} reasons ban the authenticated node id.
 */
public enum DisconnectReason {
  HANDSHAKE_MALFORMED(false, "malformed handshake"),
  HANDSHAKE_BAD_SIGNATURE(false, "handshake signature does not match the claimed key"),
  HANDSHAKE_TIMEOUT(false, "handshake timed out"),
  NETWORK_MISMATCH(false, "peer is on another network"),
  UNEXPECTED_NODE_ID(false, "peer's node id is not the dialled one"),
  SELF_CONNECTION(false, "connected to ourselves"),
  DECRYPTION_FAILED(true, "frame failed authentication"),
  FRAME_OVERSIZED(true, "frame length above the limit"),
  FRAME_MALFORMED(true, "malformed frame"),
  UNSUPPORTED_VERSION(true, "unsupported protocol version"),
  UNKNOWN_CHANNEL(true, "message on an unknown channel"),
  NONCE_EXHAUSTED(false, "frame counter exhausted"),
  BANNED(false, "peer is banned"),
  DUPLICATE_PEER(false, "already connected to this node"),
  TOO_MANY_PEERS(false, "peer limit reached"),
  REMOTE_CLOSED(false, "remote closed the connection"),
  IO_ERROR(false, "I/O error"),
  LOCAL_CLOSE(false, "closed locally"),
  /** A channel owner could not decode the peer's message (docs/spec/p2p.md §9). */
  MALFORMED_MESSAGE(true, "malformed channel message"),
  /** Block sync: the peer served a block that failed verification or validation (§10.3). */
  INVALID_BLOCK(true, "served an invalid block"),
  /**
   * Consensus: the peer sent a message that is not a consensus message, or one not signed by the validator it names
   * (docs/spec/consensus.md §9); honest peers send and relay only messages that decode and verify.
   */
  INVALID_CONSENSUS_MESSAGE(true, "sent an invalid consensus message"),
  /** Gossip: the peer sent too many invalid transactions (§11). */
  INVALID_TRANSACTIONS(true, "sent too many invalid transactions"),
  /** Block sync: the peer's chain has another genesis (§10.2). */
  GENESIS_MISMATCH(false, "peer is on a chain with another genesis"),
  /** Block sync: the peer left several requests in a row unanswered (§10.3). */
  REQUEST_TIMEOUT(false, "peer does not answer requests"),
  /** Keep-alive: nothing arrived within the pong timeout after a Ping (§7.2); not hostile, so no ban. */
  PING_TIMEOUT(false, "peer went silent"),
  /** Keep-alive: a Pong that answers no Ping of ours, or a Ping flood (§7.2). */
  KEEPALIVE_VIOLATION(true, "ping or pong out of turn");

  private final boolean misbehaviour;
  private final String description;

  DisconnectReason(boolean misbehaviour, String description) {
    this.misbehaviour = misbehaviour;
    this.description = description;
  }

  /** True if the peer broke the protocol after proving its identity: it gets banned. */
  public boolean misbehaviour() {
    return misbehaviour;
  }

  public String description() {
    return description;
  }
}
