package org.mercato.node.network;

import org.apache.tuweni.bytes.Bytes;
import org.mercato.consensus.bft.types.Height;
import org.mercato.consensus.engine.CommitCheck;
import org.mercato.consensus.engine.CommitVerifier;
import org.mercato.consensus.engine.ValidatorSets;
import org.mercato.state.block.BlockHeader;
import org.mercato.state.chain.CommitDefect;
import org.mercato.state.chain.CommitVerification;

/**
 * The state seam ({@link org.mercato.state.chain.CommitVerifier}, used by block sync) implemented
 * with consensus's verifier and the validator set of the header's height. Never throws on hostile bytes.
 */
public final class StateCommitVerifier implements org.mercato.state.chain.CommitVerifier {
  private final CommitVerifier verifier;
  private final ValidatorSets sets;

  public StateCommitVerifier(CommitVerifier verifier, ValidatorSets sets) {
    this.verifier = verifier;
    this.sets = sets;
  }

  @Override
  public CommitVerification verify(BlockHeader header, Bytes commit) {
    if (header.number() < 1) {
      return CommitVerification.invalid(CommitDefect.UNVERIFIABLE, "genesis is not voted on");
    }
    Height h = Height.of(header.number());
    CommitCheck c;
    try {
      c = verifier.verify(commit, h, header.hash(), sets.validatorsAt(h));
    } catch (RuntimeException e) {
      return CommitVerification.invalid(CommitDefect.MALFORMED, e.toString());
    }
    if (c instanceof CommitCheck.Invalid i) {
      CommitDefect d = switch (i.reason()) {
        case UNDECODABLE, UNEXPECTED_COMMIT -> CommitDefect.MALFORMED;
        case WRONG_HEIGHT -> CommitDefect.WRONG_HEIGHT;
        case WRONG_BLOCK -> CommitDefect.WRONG_BLOCK;
        case UNKNOWN_VALIDATOR -> CommitDefect.UNKNOWN_VALIDATOR;
        case BAD_SIGNATURE -> CommitDefect.INVALID_SIGNATURE;
        case INSUFFICIENT_POWER -> CommitDefect.INSUFFICIENT_VOTING_POWER;
      };
      return CommitVerification.invalid(d, i.detail());
    }
    return CommitVerification.valid();
  }
}
