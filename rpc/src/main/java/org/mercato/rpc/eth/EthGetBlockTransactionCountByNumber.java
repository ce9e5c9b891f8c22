package org.mercato.rpc.eth;

import org.mercato.rpc.jsonrpc.JsonRpcException;
import org.mercato.rpc.jsonrpc.JsonRpcMethod;
import org.mercato.rpc.jsonrpc.JsonRpcRequest;
import org.mercato.rpc.jsonrpc.Quantity;

/** {@code eth_getBlockTransactionCountByNumber}: how many transactions a block has; null if unknown. */
public final class EthGetBlockTransactionCountByNumber implements JsonRpcMethod {
  private final ChainAccess chain;

  public EthGetBlockTransactionCountByNumber(ChainAccess chain) {
    this.chain = chain;
  }

  @Override
  public String name() {
    return "eth_getBlockTransactionCountByNumber";
  }

  @Override
  public Object execute(JsonRpcRequest request) throws JsonRpcException {
    request.params().requireAtMost(1);
    return chain.header(request.params().blockParameter(0))
        .map(h -> Quantity.encode(chain.chain().store().transactions(chain.hashOf(h)).size()))
        .orElse(null);
  }
}
