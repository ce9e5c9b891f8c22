package org.mercato.market.data.provider;

import java.util.Optional;
import org.apache.tuweni.bytes.Bytes32;
import org.mercato.state.types.Address;
import org.mercato.state.world.WorldView;

/** The asset registry as the provider reads it, over one committed state. */
public interface AssetSource {
  Optional<AssetTerms> asset(WorldView state, Bytes32 assetId);

  /** Whether {@code account} may publish the asset's file: its owner, or a holder of the metadataUpdater role. */
  boolean mayPublish(WorldView state, Bytes32 assetId, Address account);
}
