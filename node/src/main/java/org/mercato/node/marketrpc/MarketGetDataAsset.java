package org.mercato.node.marketrpc;

import java.util.function.Supplier;
import org.mercato.market.data.factory.DataAssetFactory;
import org.mercato.rpc.jsonrpc.JsonRpcException;
import org.mercato.rpc.jsonrpc.JsonRpcMethod;
import org.mercato.rpc.jsonrpc.JsonRpcRequest;
import org.mercato.state.world.WorldView;

/** {@code market_getDataAsset(assetId)}: the asset at the head, or {@code null} (docs/spec/data-market.md §JSON-RPC and CLI). */
final class MarketGetDataAsset implements JsonRpcMethod {
  private final Supplier<WorldView> head;

  MarketGetDataAsset(Supplier<WorldView> head) {
    this.head = head;
  }

  @Override
  public String name() {
    return "market_getDataAsset";
  }

  @Override
  public Object execute(JsonRpcRequest request) throws JsonRpcException {
    request.params().requireAtMost(1);
    WorldView w = head.get();
    return DataAssetFactory.asset(w, request.params().hash(0).bytes()).map(a -> AssetJson.of(w, a)).orElse(null);
  }
}
