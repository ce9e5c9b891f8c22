package org.mercato.node.marketrpc;

import java.util.List;
import java.util.function.Supplier;
import org.mercato.rpc.jsonrpc.JsonRpcMethod;
import org.mercato.state.world.WorldView;

/**
 * The data market's {@code market_*} JSON-RPC methods (docs/spec/data-market.md §JSON-RPC and CLI). They live in the
 * node, not in module rpc, because they read the market's state through module market's Java read API, and rpc
 * depends on state only. Each reads the state of the chain's head at the time of the call.
 */
public final class MarketRpcMethods {
  private MarketRpcMethods() {}

  /** @param head the state of the current head block, e.g. {@code chain::latestState} */
  public static List<JsonRpcMethod> create(Supplier<WorldView> head) {
    return List.of(new MarketGetExchange(head));
  }
}
