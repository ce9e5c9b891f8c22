package org.mercato.rpc.eth;

import org.mercato.rpc.jsonrpc.JsonRpcException;
import org.mercato.rpc.jsonrpc.JsonRpcMethod;
import org.mercato.rpc.jsonrpc.JsonRpcRequest;
import org.mercato.state.exec.CallSimulator;

/** {@code eth_call}: runs a read-only call on a block's state; a revert is error 3 with the ABI payload as data. */
public final class EthCall implements JsonRpcMethod {
  private final CallRunner runner;

  public EthCall(ChainAccess chain, CallSimulator simulator) {
    this.runner = new CallRunner(chain, simulator);
  }

  @Override
  public String name() {
    return "eth_call";
  }

  @Override
  public Object execute(JsonRpcRequest request) throws JsonRpcException {
    return runner.run(request, true).output();
  }
}
