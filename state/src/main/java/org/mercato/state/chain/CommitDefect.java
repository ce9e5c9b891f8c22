package org.mercato.state.chain;

/** Why a commit does not certify a block ({@link CommitVerifier}). */
public enum CommitDefect {
  /** The bytes do not decode as a commit. */
  MALFORMED,
  /** The commit is for another height. */
  WRONG_HEIGHT,
  /** The commit is for another block hash. */
  WRONG_BLOCK,
  /** A signer is not in the validator set of the height. */
  UNKNOWN_VALIDATOR,
  /** A signature does not verify, or one validator signed twice. */
  INVALID_SIGNATURE,
  /** The signers hold 2/3 of the voting power or less. */
  INSUFFICIENT_VOTING_POWER,
  /** The verifier cannot decide (e.g. the validator set of the height is unknown). */
  UNVERIFIABLE
}
