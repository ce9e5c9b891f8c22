package org.mercato.rpc.methods;

import org.mercato.rpc.jsonrpc.JsonRpcException;
import org.mercato.rpc.jsonrpc.JsonRpcMethod;
import org.mercato.rpc.jsonrpc.JsonRpcRequest;

/** {@code net_version}: the network id as a decimal string (the chain id here, as on post-merge Ethereum). */
public final class NetVersion implements JsonRpcMethod {
  private final String networkId;

  public NetVersion(long chainId) {
    this.networkId = Long.toUnsignedString(chainId);
  }

  @Override
  public String name() {
    return "net_version";
  }

  @Override
  public Object execute(JsonRpcRequest request) throws JsonRpcException {
    request.params().requireAtMost(0);
    return networkId;
  }
}
