package org.mercato.consensus.engine;

import java.util.Objects;
import org.mercato.consensus.bft.types.Commit;

/** The answer of {@link CommitVerifier}: a verified commit, or why not. */
public sealed interface CommitCheck {
  record Valid(Commit commit) implements CommitCheck {
    public Valid {
      Objects.requireNonNull(commit);
    }
  }

  /** Block 1 carries no commit, as it must (genesis is not voted on). */
  record NotRequired() implements CommitCheck {}

  record Invalid(Reason reason, String detail) implements CommitCheck {
    public Invalid {
      Objects.requireNonNull(reason);
      Objects.requireNonNull(detail);
    }
  }

  enum Reason {
    /** The bytes are not a commit (or are empty where one is required). */
    UNDECODABLE,
    /** The commit is for another height. */
    WRONG_HEIGHT,
    /** The commit is for another block. */
    WRONG_BLOCK,
    /** A signer is not in the height's validator set. */
    UNKNOWN_VALIDATOR,
    /** A signature does not verify (every one is checked). */
    BAD_SIGNATURE,
    /** The signers' power is not a quorum (more than 2/3) of the set. */
    INSUFFICIENT_POWER,
    /** Block 1 must carry no commit: genesis is not voted on. */
    UNEXPECTED_COMMIT
  }

  default boolean isValid() {
    return !(this instanceof Invalid);
  }
}
