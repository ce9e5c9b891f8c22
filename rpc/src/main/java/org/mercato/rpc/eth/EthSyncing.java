package org.mercato.rpc.eth;


import org.mercato.rpc.jsonrpc.JsonRpcException;
import org.mercato.rpc.jsonrpc.JsonRpcMethod;
import org.mercato.rpc.jsonrpc.JsonRpcRequest;

/** {@code eth_syncing}: false: a dev node is always at its own head (block sync reports progress here once it exists). */
public final class EthSyncing implements JsonRpcMethod {


  public EthSyncing() {

  }

  @Override
  public String name() {
    return "eth_syncing";
  }

  @Override
  public Object execute(JsonRpcRequest request) throws JsonRpcException {
    request.params().requireAtMost(0);
    return false;
  }
}
