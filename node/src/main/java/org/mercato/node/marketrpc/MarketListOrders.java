package org.mercato.node.marketrpc;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.tuweni.bytes.Bytes32;
import org.mercato.market.data.order.Order;
import org.mercato.market.data.order.OrderBook;
import org.mercato.rpc.jsonrpc.JsonRpcErrors;
import org.mercato.rpc.jsonrpc.JsonRpcException;
import org.mercato.rpc.jsonrpc.JsonRpcMethod;
import org.mercato.rpc.jsonrpc.JsonRpcRequest;
import org.mercato.rpc.jsonrpc.Quantity;
import org.mercato.state.types.Address;
import org.mercato.state.world.WorldView;

/**
 * {@code market_listOrders(filter)}: the orders of one consumer or of one asset from the order ledger at {@code 0x…1004},
 * oldest first, one page with the total (docs/spec/data-market.md §JSON-RPC and CLI, §Orders). Reads the ledger's
 * per-consumer and per-asset indexes, so a page costs its size, not the ledger's.
 */
final class MarketListOrders implements JsonRpcMethod {
  private static final Set<String> FIELDS = Set.of("consumer", "asset", "offset", "limit");

  private final Supplier<WorldView> head;

  MarketListOrders(Supplier<WorldView> head) {
    this.head = head;
  }

  @Override
  public String name() {
    return "market_listOrders";
  }

  @Override
  public Object execute(JsonRpcRequest request) throws JsonRpcException {
    request.params().requireAtMost(1);
    if (!request.params().isPresent(0)) {
      throw JsonRpcErrors.invalidParams("missing value for required argument 0 (a filter with consumer or asset)");
    }
    FilterObject filter = FilterObject.of(request.params(), 0, FIELDS);
    Optional<Address> consumer = filter.address("consumer");
    Optional<Bytes32> asset = filter.bytes32("asset");
    if (consumer.isPresent() == asset.isPresent()) {
      throw JsonRpcErrors.invalidParams("invalid argument 0: give exactly one of the filter fields 'consumer' and 'asset'");
    }
    FilterObject.Page page = filter.page();
    WorldView w = head.get();
    long total;
    List<Order> orders;
    if (consumer.isPresent()) {
      total = OrderBook.consumerOrderCount(w, consumer.get());
      orders = page.offset() >= total ? List.of() : OrderBook.ordersOfConsumer(w, consumer.get(), page.offset(), page.limit());
    } else {
      total = OrderBook.assetOrderCount(w, asset.get());
      orders = page.offset() >= total ? List.of() : OrderBook.ordersOfAsset(w, asset.get(), page.offset(), page.limit());
    }
    List<Map<String, Object>> out = new ArrayList<>();
    for (Order o : orders) {
      out.add(json(o));
    }
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("total", Quantity.encode(total));
    result.put("offset", Quantity.encode(page.offset()));
    result.put("limit", Quantity.encode(page.limit()));
    result.put("orders", out);
    return result;
  }

  static Map<String, Object> json(Order o) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("orderTx", o.orderTx());
    m.put("assetId", o.assetId());
    m.put("datatoken", o.datatoken());
    m.put("consumer", o.consumer());
    m.put("payer", o.payer());
    m.put("serviceIndex", Quantity.encode(o.serviceIndex()));
    m.put("orderedAt", Quantity.encode(o.orderedAt()));
    m.put("blockNumber", Quantity.encode(o.blockNumber()));
    m.put("validUntil", Quantity.encode(o.validUntil()));
    return m;
  }
}
