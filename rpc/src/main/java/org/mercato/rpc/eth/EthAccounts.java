package org.mercato.rpc.eth;

import java.util.List;
import org.mercato.rpc.jsonrpc.JsonRpcException;
import org.mercato.rpc.jsonrpc.JsonRpcMethod;
import org.mercato.rpc.jsonrpc.JsonRpcRequest;

/** {@code eth_accounts}: always empty: the node holds no user keys; wallets sign. */
public final class EthAccounts implements JsonRpcMethod {


  public EthAccounts() {

  }

  @Override
  public String name() {
    return "eth_accounts";
  }

  @Override
  public Object execute(JsonRpcRequest request) throws JsonRpcException {
    request.params().requireAtMost(0);
    return List.of();
  }
}
