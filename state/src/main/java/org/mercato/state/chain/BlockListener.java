package org.mercato.state.chain;

/** Told of every committed block, on the committing thread, after the block is durable. Must be quick. */
public interface BlockListener {
  void onBlockCommitted(ExecutedBlock block);
}
