package org.mercato.rpc.eth;

import org.mercato.rpc.jsonrpc.JsonRpcException;
import org.mercato.rpc.jsonrpc.JsonRpcMethod;
import org.mercato.rpc.jsonrpc.JsonRpcRequest;
import org.mercato.rpc.jsonrpc.Quantity;
import org.mercato.state.exec.CallSimulator;

/**
 * {@code eth_estimateGas}: the gas the call uses. Native handlers charge by a fixed schedule (no
 * EVM 63/64 rule), so one run gives the exact figure; no binary search is needed.
 */
public final class EthEstimateGas implements JsonRpcMethod {
  private final CallRunner runner;

  public EthEstimateGas(ChainAccess chain, CallSimulator simulator) {
    this.runner = new CallRunner(chain, simulator);
  }

  @Override
  public String name() {
    return "eth_estimateGas";
  }

  @Override
  public Object execute(JsonRpcRequest request) throws JsonRpcException {
    return Quantity.encode(runner.run(request, false).gasUsed());
  }
}
