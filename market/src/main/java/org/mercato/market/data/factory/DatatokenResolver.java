package org.mercato.market.data.factory;

import java.util.Optional;
import org.mercato.market.data.DataMarketAddresses;
import org.mercato.market.data.token.DatatokenContract;
import org.mercato.state.exec.ContractResolver;
import org.mercato.state.exec.SystemContract;
import org.mercato.state.types.Address;
import org.mercato.state.world.WorldView;

/**
 * Serves a {@link DatatokenContract} at every address the asset factory registered as a datatoken it created
 * ({@link DataAssetFactory#isDatatoken}, in the factory's own storage). Consulted after the fixed system contracts
 * (docs/spec/data-market.md, Dispatch).
 */
public final class DatatokenResolver implements ContractResolver {
  private final Address creator;

  public DatatokenResolver() {
    this(DataMarketAddresses.ASSET_FACTORY);
  }

  /** @param creator the address allowed to {@code initialize} (the factory; irrelevant once a token exists) */
  public DatatokenResolver(Address creator) {
    this.creator = creator;
  }

  @Override
  public Optional<SystemContract> resolve(Address address, WorldView state) {
    return DataAssetFactory.isDatatoken(state, address) ? Optional.of(new DatatokenContract(address, creator)) : Optional.empty();
  }
}
