package org.mercato.node.marketrpc;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.units.bigints.UInt256;
import org.mercato.market.data.factory.AssetInfo;
import org.mercato.market.data.token.DatatokenContract;
import org.mercato.rpc.jsonrpc.Quantity;
import org.mercato.state.types.Address;
import org.mercato.state.world.WorldView;

/** One data asset as the {@code market_*} methods report it (docs/spec/data-market.md §JSON-RPC and CLI). */
final class AssetJson {
  // Datatoken name and symbol slots (docs/spec/data-market.md §Storage layout (datatoken)).
  private static final Bytes32 NAME_SLOT = UInt256.valueOf(2).toBytes();
  private static final Bytes32 SYMBOL_SLOT = UInt256.valueOf(3).toBytes();

  private AssetJson() {}

  static Map<String, Object> of(WorldView w, AssetInfo a) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("assetId", a.assetId());
    m.put("owner", a.owner());
    m.put("name", a.name());
    m.put("symbol", a.symbol());
    m.put("description", a.description());
    m.put("tags", a.tags());
    m.put("license", a.license());
    m.put("contentType", a.contentType());
    m.put("size", Quantity.encode(a.size()));
    m.put("contentHash", a.contentHash());
    m.put("accessDuration", Quantity.encode(a.accessDuration()));
    m.put("metadataState", Quantity.encode(a.metadataState()));
    m.put("hasMetadata", a.hasMetadata());
    List<Map<String, Object>> tokens = new ArrayList<>();
    for (Address t : a.datatokens()) {
      Map<String, Object> d = new LinkedHashMap<>();
      d.put("address", t);
      d.put("name", DatatokenContract.shortString(w.storage(t, NAME_SLOT)));
      d.put("symbol", DatatokenContract.shortString(w.storage(t, SYMBOL_SLOT)));
      d.put("cap", Quantity.encode(DatatokenContract.cap(w, t).toBigInteger()));
      d.put("totalSupply", Quantity.encode(DatatokenContract.totalSupply(w, t).toBigInteger()));
      d.put("paymentCollector", DatatokenContract.paymentCollector(w, t));
      tokens.add(d);
    }
    m.put("datatokens", tokens);
    return m;
  }
}
