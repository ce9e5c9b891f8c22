package org.mercato.state.exec;

import java.util.Optional;
import org.mercato.state.types.Address;
import org.mercato.state.world.WorldView;

/**
 * Finds native contracts at addresses derived at run time (docs/spec/execution.md §System contracts), e.g. a datatoken
 * created by the asset factory. Consulted by {@link SystemContracts#lookup} after the fixed list, with the state the
 * caller runs on. Must be deterministic and decide only from {@code state} (a contract exists iff its state says so),
 * so block execution, eth_call and eth_getCode agree at every block.
 */
@FunctionalInterface
public interface ContractResolver {
  Optional<SystemContract> resolve(Address address, WorldView state);

  ContractResolver NONE = (address, state) -> Optional.empty();
}
