package org.mercato.node.marketrpc;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.tuweni.bytes.Bytes32;
import org.mercato.rpc.jsonrpc.JsonRpcException;
import org.mercato.rpc.jsonrpc.JsonRpcMethod;
import org.mercato.rpc.jsonrpc.JsonRpcRequest;
import org.mercato.rpc.jsonrpc.Quantity;
import org.mercato.state.world.WorldView;

/**
 * {@code market_getExchange(exchangeId)}: one fixed-rate exchange at the head, or {@code null} if there is none
 * (docs/spec/data-market.md §JSON-RPC and CLI).
 */
final class MarketGetExchange implements JsonRpcMethod {
  private final Supplier<WorldView> head;

  MarketGetExchange(Supplier<WorldView> head) {
    this.head = head;
  }

  @Override
  public String name() {
    return "market_getExchange";
  }

  @Override
  public Object execute(JsonRpcRequest request) throws JsonRpcException {
    request.params().requireAtMost(1);
    Bytes32 id = request.params().hash(0).bytes();
    return ExchangeReader.read(head.get(), id).map(MarketGetExchange::json).orElse(null);
  }

  static Map<String, Object> json(ExchangeView e) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("exchangeId", e.exchangeId());
    m.put("owner", e.owner());
    m.put("datatoken", e.datatoken());
    m.put("baseToken", e.baseToken());
    m.put("baseTokenDecimals", Quantity.encode(e.baseTokenDecimals()));
    m.put("datatokenDecimals", Quantity.encode(e.datatokenDecimals()));
    m.put("rate", Quantity.encode(e.rate()));
    m.put("marketFee", Quantity.encode(e.marketFee()));
    m.put("marketFeeCollector", e.marketFeeCollector());
    m.put("communityFee", Quantity.encode(e.communityFee()));
    m.put("withMint", e.withMint());
    m.put("canMint", e.canMint());
    m.put("datatokenBalance", Quantity.encode(e.datatokenBalance()));
    return m;
  }
}
