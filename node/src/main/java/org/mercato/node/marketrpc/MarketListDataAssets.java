package org.mercato.node.marketrpc;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.tuweni.units.bigints.UInt256;
import org.mercato.market.data.factory.AssetInfo;
import org.mercato.market.data.factory.DataAssetFactory;
import org.mercato.market.data.factory.MetadataState;
import org.mercato.rpc.jsonrpc.JsonRpcException;
import org.mercato.rpc.jsonrpc.JsonRpcMethod;
import org.mercato.rpc.jsonrpc.JsonRpcRequest;
import org.mercato.rpc.jsonrpc.Quantity;
import org.mercato.state.types.Address;
import org.mercato.state.world.WorldView;

/**
 * {@code market_listDataAssets(filter?)}: assets matching {@code owner} and {@code tag} (both optional), in creation
 * order, without UNLISTED ones (metadata state 5, §Asset factory) unless {@code includeUnlisted}, one page at a time with the total count of matches (docs/spec/data-market.md §JSON-RPC and CLI). A scan over
 * all assets: linear in their number, as there is no index yet.
 */
final class MarketListDataAssets implements JsonRpcMethod {
  private static final Set<String> FIELDS = Set.of("owner", "tag", "includeUnlisted", "offset", "limit");

  private final Supplier<WorldView> head;

  MarketListDataAssets(Supplier<WorldView> head) {
    this.head = head;
  }

  @Override
  public String name() {
    return "market_listDataAssets";
  }

  @Override
  public Object execute(JsonRpcRequest request) throws JsonRpcException {
    request.params().requireAtMost(1);
    FilterObject filter = FilterObject.of(request.params(), 0, FIELDS);
    Optional<Address> owner = filter.address("owner");
    Optional<String> tag = filter.string("tag");
    boolean includeUnlisted = filter.bool("includeUnlisted", false);
    FilterObject.Page page = filter.page();

    WorldView w = head.get();
    long count = DataAssetFactory.assetCount(w).toLong();
    long total = 0;
    List<Map<String, Object>> assets = new ArrayList<>();
    for (long n = 1; n <= count; n++) {
      Optional<AssetInfo> a = DataAssetFactory.asset(w, UInt256.valueOf(n).toBytes());
      if (a.isEmpty() || owner.filter(o -> !o.equals(a.get().owner())).isPresent()
          || tag.filter(t -> !a.get().tags().contains(t)).isPresent()
          || (!includeUnlisted && a.get().metadataState() == MetadataState.UNLISTED)) {
        continue;
      }
      if (total >= page.offset() && assets.size() < page.limit()) {
        assets.add(AssetJson.of(w, a.get()));
      }
      total++;
    }
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("total", Quantity.encode(total));
    result.put("offset", Quantity.encode(page.offset()));
    result.put("limit", Quantity.encode(page.limit()));
    result.put("assets", assets);
    return result;
  }
}
