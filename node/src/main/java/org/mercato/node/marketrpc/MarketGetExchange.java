package org.mercato.node.marketrpc;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.tuweni.bytes.Bytes32;
import org.mercato.market.data.DataMarketAddresses;
import org.mercato.market.data.fre.ExchangeState;
import org.mercato.market.data.fre.ExchangeStore;
import org.mercato.market.data.token.DatatokenContract;
import org.mercato.rpc.jsonrpc.JsonRpcException;
import org.mercato.rpc.jsonrpc.JsonRpcMethod;
import org.mercato.rpc.jsonrpc.JsonRpcRequest;
import org.mercato.rpc.jsonrpc.Quantity;
import org.mercato.state.world.WorldView;

/**
 * {@code market_getExchange(exchangeId)}: one fixed-rate exchange at the head, or {@code null} if there is none
 * (docs/spec/data-market.md §JSON-RPC and CLI), read through the exchange's own read API ({@link ExchangeStore#find}).
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
    WorldView w = head.get();
    return ExchangeStore.find(w, id).map(e -> json(w, e)).orElse(null);
  }

  static Map<String, Object> json(WorldView w, ExchangeState e) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("exchangeId", e.id());
    m.put("owner", e.owner());
    m.put("datatoken", e.datatoken());
    m.put("baseToken", e.baseToken());
    m.put("baseTokenDecimals", Quantity.encode(e.btDecimals()));
    m.put("datatokenDecimals", Quantity.encode(DatatokenContract.DECIMALS));
    m.put("rate", Quantity.encode(e.rate()));
    m.put("active", e.active());
    m.put("marketFee", Quantity.encode(e.marketFee()));
    m.put("marketFeeCollector", e.marketFeeCollector());
    m.put("communityFee", Quantity.encode(e.opcFee()));
    m.put("allowedSwapper", e.allowedSwapper());
    m.put("withMint", e.withMint());
    m.put("canMint", e.withMint() && DatatokenContract.isMinter(w, e.datatoken(), DataMarketAddresses.FIXED_RATE_EXCHANGE));
    m.put("datatokenStock", Quantity.encode(ExchangeStore.stock(w, e.datatoken())));
    m.put("baseTokenBalance", Quantity.encode(e.btBalance()));
    return m;
  }
}
