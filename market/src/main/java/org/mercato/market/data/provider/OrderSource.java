package org.mercato.market.data.provider;

import java.util.Optional;
import org.mercato.state.types.Hash;
import org.mercato.state.world.WorldView;

/** The order ledger as the provider reads it, over one committed state. */
public interface OrderSource {
  Optional<OrderTerms> order(WorldView state, Hash orderTx);
}
