package org.mercato.state.chain;

import org.apache.tuweni.bytes.Bytes;
import org.mercato.state.block.BlockHeader;

/**
 * Checks that a block is decided: the consensus commit (the +2/3 precommit signatures for the
 * block) that certifies {@code header}. The commit bytes are opaque to state and p2p; normally they
 * are the {@code lastCommit} of the next header (docs/spec/blocks.md, docs/spec/p2p.md §10.4).
 *
 * <p>The node implements this with consensus's verifier (validator set of {@code header.number()},
 * precommits of one round for {@code header.hash()}, distinct signers, more than 2/3 of the power).
 * Block sync calls it with the chain at {@code header.number() - 1}, before validating the block.
 * Implementations must be thread-safe and must not throw on hostile bytes.
 */
public interface CommitVerifier {
  CommitVerification verify(BlockHeader header, Bytes commit);
}
