package org.mercato.node.network;

import java.util.Optional;
import org.mercato.consensus.bft.types.Commit;
import org.mercato.consensus.engine.ValidatorSets;
import org.mercato.node.consensusrpc.ConsensusSource;
import org.mercato.state.chain.Blockchain;

/**
 * What the consensus RPC reads of a validator (network or dev): its validator sets, and the last commit it decided
 * or verified a block with, in memory for readers off the consensus thread (the seen-commit file is for restarts
 * and verifies signatures when read).
 */
final class ConsensusRecords implements ConsensusSource {
  private final Blockchain chain;
  private final ValidatorSets sets;
  private volatile Commit last;

  ConsensusRecords(Blockchain chain, ValidatorSets sets) {
    this.chain = chain;
    this.sets = sets;
  }

  void record(Commit commit) {
    last = commit;
  }

  @Override
  public ValidatorSets validatorSets() {
    return sets;
  }

  /** The commit of the current head, if the last one recorded is for it. */
  @Override
  public Optional<Commit> headCommit() {
    Commit c = last;
    return c != null && c.height().value() == chain.head().number() ? Optional.of(c) : Optional.empty();
  }
}
