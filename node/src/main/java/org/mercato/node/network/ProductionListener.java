package org.mercato.node.network;

import org.mercato.state.chain.ExecutedBlock;

/** Told, on the consensus thread, how long each block this node produced took. For metrics; must be quick. */
@FunctionalInterface
public interface ProductionListener {
  ProductionListener NONE = (block, proposeNanos, commitNanos) -> { };

  void onProduced(ExecutedBlock block, long proposeNanos, long commitNanos);
}
