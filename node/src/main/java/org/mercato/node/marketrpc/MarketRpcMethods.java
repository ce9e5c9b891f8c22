package org.mercato.node.marketrpc;

import java.util.List;
import java.util.function.Supplier;
import org.mercato.rpc.jsonrpc.JsonRpcMethod;
import org.mercato.state.world.WorldView;

/**
 * The data market's {@code market_*} JSON-RPC methods (docs/spec/data-market.md §JSON-RPC and CLI). They live in the
 * node, not in module rpc, because they read the market's state through module market's Java read API, and rpc
 * depends on state only. Each call reads one immutable snapshot of the head's state (a block committing meanwhile does
 * not change what a call sees, so a page and its total agree).
 */
public final class MarketRpcMethods {
  private MarketRpcMethods() {}

  /** @param head a snapshot of the current head's state, e.g. {@code () -> chain.stateAt(chain.head())} */
  public static List<JsonRpcMethod> create(Supplier<WorldView> head) {
    return List.of(new MarketGetExchange(head), new MarketGetDataAsset(head), new MarketListDataAssets(head),
        new MarketListOrders(head));
  }
}
