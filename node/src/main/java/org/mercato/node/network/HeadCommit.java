package org.mercato.node.network;

import java.util.Optional;
import org.mercato.consensus.bft.types.Commit;
import org.mercato.state.chain.Blockchain;

/**
 * The last commit this node decided or verified a block with, in memory, for readers off the consensus
 * thread (the consensus RPC): the seen-commit file is for restarts and verifies signatures when read.
 */
final class HeadCommit {
  private final Blockchain chain;
  private volatile Commit last;

  HeadCommit(Blockchain chain) {
    this.chain = chain;
  }

  void record(Commit commit) {
    last = commit;
  }

  /** The commit of the current head, if the last one recorded is for it. */
  Optional<Commit> forHead() {
    Commit c = last;
    return c != null && c.height().value() == chain.head().number() ? Optional.of(c) : Optional.empty();
  }
}
