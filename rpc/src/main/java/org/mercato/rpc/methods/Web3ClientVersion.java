package org.mercato.rpc.methods;

import org.mercato.rpc.jsonrpc.JsonRpcException;
import org.mercato.rpc.jsonrpc.JsonRpcMethod;
import org.mercato.rpc.jsonrpc.JsonRpcRequest;

/** {@code web3_clientVersion}: the node's version string, e.g. "Mercato/v0.1.0/linux-x86_64/java17". */
public final class Web3ClientVersion implements JsonRpcMethod {
  private final String version;

  public Web3ClientVersion(String version) {
    this.version = version;
  }

  @Override
  public String name() {
    return "web3_clientVersion";
  }

  @Override
  public Object execute(JsonRpcRequest request) throws JsonRpcException {
    request.params().requireAtMost(0);
    return version;
  }
}
