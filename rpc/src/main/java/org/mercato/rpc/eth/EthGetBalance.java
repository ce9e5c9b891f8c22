package org.mercato.rpc.eth;

import org.mercato.rpc.jsonrpc.BlockParameter;
import org.mercato.state.types.Address;
import org.mercato.rpc.jsonrpc.JsonRpcException;
import org.mercato.rpc.jsonrpc.JsonRpcMethod;
import org.mercato.rpc.jsonrpc.JsonRpcRequest;

/** {@code eth_getBalance}: an account's balance at a block. */
public final class EthGetBalance implements JsonRpcMethod {
  private final ChainAccess chain;

  public EthGetBalance(ChainAccess chain) {
    this.chain = chain;
  }

  @Override
  public String name() {
    return "eth_getBalance";
  }

  @Override
  public Object execute(JsonRpcRequest request) throws JsonRpcException {
    request.params().requireAtMost(2);
    Address address = request.params().address(0);
    BlockParameter block = request.params().blockParameterOr(1, BlockParameter.LATEST);
    return chain.state(block).accountOrEmpty(address).balance();
  }
}
