package org.mercato.market.data.provider;

import java.util.Optional;
import org.apache.tuweni.bytes.Bytes32;
import org.mercato.market.data.factory.DataAssetFactory;
import org.mercato.market.data.factory.Role;
import org.mercato.market.data.order.OrderBook;
import org.mercato.market.data.order.OrderProviderFee;
import org.mercato.state.types.Address;
import org.mercato.state.types.Hash;
import org.mercato.state.world.WorldView;

/**
 * The provider's view of the data market's ledger: orders from {@link OrderBook#find} and
 * {@link OrderBook#providerFee} (0x…1004) and assets from
 * {@link DataAssetFactory#asset} (0x…1001), read from the state the caller passes (docs/spec/data-market.md
 * §Provider (download service), "Checks").
 */
public final class ChainLedger implements OrderSource, AssetSource {
  @Override
  public Optional<OrderTerms> order(WorldView state, Hash orderTx) {
    // The provider an order names is the signer of its provider fee, recorded with it (never zero: the book refuses that).
    return OrderBook.find(state, orderTx).map(o -> new OrderTerms(o.orderTx(), o.assetId(), o.consumer(),
        OrderBook.providerFee(state, orderTx).map(OrderProviderFee::provider).orElse(Address.ZERO), o.validUntil()));
  }

  @Override
  public Optional<AssetTerms> asset(WorldView state, Bytes32 assetId) {
    return DataAssetFactory.asset(state, assetId).map(a ->
        new AssetTerms(a.assetId(), a.owner(), a.contentHash(), a.size(), a.contentType(), a.metadataState()));
  }

  /** The owner, or a holder of the metadataUpdater role (the owner may have revoked its own role; it stays owner). */
  @Override
  public boolean mayPublish(WorldView state, Bytes32 assetId, Address account) {
    Address owner = DataAssetFactory.assetOwner(state, assetId);
    return (!owner.equals(Address.ZERO) && owner.equals(account))
        || DataAssetFactory.hasRole(state, assetId, Role.METADATA_UPDATER, account);
  }
}
