package org.mercato.p2p.wire;

/** Why a channel message (block sync, gossip) was refused (docs/spec/p2p.md §9). */
public enum MessageError {
  /** No bytes at all. */
  EMPTY,
  /** The type byte is not one the channel defines. */
  UNKNOWN_TYPE,
  /** Not RLP, or not the message's shape: wrong item kind, missing or extra fields. */
  MALFORMED,
  /** Decodes, but re-encoding does not give the same bytes (non-minimal, leading zeros, trailing bytes). */
  NON_CANONICAL,
  /** A count or scalar outside its bound. */
  OUT_OF_RANGE,
  /** An item longer than its bound. */
  TOO_LARGE
}
