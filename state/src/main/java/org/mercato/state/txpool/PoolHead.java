package org.mercato.state.txpool;

import java.util.Objects;
import org.mercato.state.types.Wei;
import org.mercato.state.world.WorldView;

/** The chain head the pool admits against: its state (nonces, balances) and the next block's base fee. */
public record PoolHead(WorldView state, Wei baseFee) {
  public PoolHead {
    Objects.requireNonNull(state);
    Objects.requireNonNull(baseFee);
  }
}
