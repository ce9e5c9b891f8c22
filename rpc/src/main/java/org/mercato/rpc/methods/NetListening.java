package org.mercato.rpc.methods;

import org.mercato.rpc.jsonrpc.JsonRpcException;
import org.mercato.rpc.jsonrpc.JsonRpcMethod;
import org.mercato.rpc.jsonrpc.JsonRpcRequest;

/** {@code net_listening}: always true while the RPC server answers. */
public final class NetListening implements JsonRpcMethod {
  @Override
  public String name() {
    return "net_listening";
  }

  @Override
  public Object execute(JsonRpcRequest request) throws JsonRpcException {
    request.params().requireAtMost(0);
    return Boolean.TRUE;
  }
}
