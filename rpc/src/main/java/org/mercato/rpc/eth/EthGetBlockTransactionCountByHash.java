package org.mercato.rpc.eth;

import org.mercato.rpc.jsonrpc.JsonRpcException;
import org.mercato.rpc.jsonrpc.JsonRpcMethod;
import org.mercato.rpc.jsonrpc.JsonRpcRequest;
import org.mercato.rpc.jsonrpc.Quantity;
import org.mercato.state.types.Hash;

/** {@code eth_getBlockTransactionCountByHash}: how many transactions a block has; null if unknown. */
public final class EthGetBlockTransactionCountByHash implements JsonRpcMethod {
  private final ChainAccess chain;

  public EthGetBlockTransactionCountByHash(ChainAccess chain) {
    this.chain = chain;
  }

  @Override
  public String name() {
    return "eth_getBlockTransactionCountByHash";
  }

  @Override
  public Object execute(JsonRpcRequest request) throws JsonRpcException {
    request.params().requireAtMost(1);
    Hash hash = request.params().hash(0);
    return chain.chain().store().header(hash)
        .map(h -> Quantity.encode(chain.chain().store().transactions(hash).size()))
        .orElse(null);
  }
}
