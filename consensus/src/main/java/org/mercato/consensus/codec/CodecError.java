package org.mercato.consensus.codec;

/** Why bytes from a peer are not a consensus message (for peer scoring; never an exception). */
public enum CodecError {
  /** Larger than the codec's bound for its kind (checked before any parsing). */
  TOO_LARGE,
  /** Not the canonical RLP shape: bad lengths, lists where values belong, leading zeros, trailing bytes. */
  MALFORMED,
  /** The first field names no known message kind. */
  UNKNOWN_KIND,
  /** A field is well-formed RLP but out of range (height 0, round above 2^31-1, bad recovery id...). */
  INVALID_FIELD,
  /** A transaction of the proposed block does not decode or its sender does not recover. */
  INVALID_TRANSACTION,
  /** The proposed block's hash is not the proposal's value, or its number is not the proposal's height. */
  BLOCK_MISMATCH,
  /**
   * A proposal or vote not signed by the validator it names, or naming no validator of its height: refused before
   * anything else is done with it (a proposal before its block is decoded; docs/spec/consensus.md §9 "Checks before
   * decoding"). Honest peers relay only what verified, so this is the sender's fault.
   */
  BAD_SIGNATURE
}
