package org.mercato.rpc.eth;

import org.mercato.rpc.jsonrpc.Quantity;
import org.mercato.rpc.jsonrpc.JsonRpcException;
import org.mercato.rpc.jsonrpc.JsonRpcMethod;
import org.mercato.rpc.jsonrpc.JsonRpcRequest;

/** {@code eth_blockNumber}: the head's number. */
public final class EthBlockNumber implements JsonRpcMethod {
  private final ChainAccess chain;

  public EthBlockNumber(ChainAccess chain) {
    this.chain = chain;
  }

  @Override
  public String name() {
    return "eth_blockNumber";
  }

  @Override
  public Object execute(JsonRpcRequest request) throws JsonRpcException {
    request.params().requireAtMost(0);
    return Quantity.encode(chain.chain().head().number());
  }
}
