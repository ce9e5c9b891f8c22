package org.mercato.rpc.methods;

import org.mercato.rpc.jsonrpc.JsonRpcException;
import org.mercato.rpc.jsonrpc.JsonRpcMethod;
import org.mercato.rpc.jsonrpc.JsonRpcRequest;
import org.mercato.rpc.jsonrpc.Quantity;

/** {@code eth_chainId} (EIP-695): the chain id as a hex quantity. */
public final class EthChainId implements JsonRpcMethod {
  private final String chainId;

  public EthChainId(long chainId) {
    this.chainId = Quantity.encode(chainId);
  }

  @Override
  public String name() {
    return "eth_chainId";
  }

  @Override
  public Object execute(JsonRpcRequest request) throws JsonRpcException {
    request.params().requireAtMost(0);
    return chainId;
  }
}
