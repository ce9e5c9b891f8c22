package org.mercato.node.consensusrpc;

import java.util.Optional;
import org.mercato.consensus.bft.types.Commit;
import org.mercato.consensus.engine.ValidatorSets;

/** What the consensus RPC reads besides the chain: the validator sets and the head's commit (a network node or the dev node). */
public interface ConsensusSource {
  ValidatorSets validatorSets();

  /** The commit this node decided or verified its head with, if it holds one (the seen commit). */
  Optional<Commit> headCommit();
}
