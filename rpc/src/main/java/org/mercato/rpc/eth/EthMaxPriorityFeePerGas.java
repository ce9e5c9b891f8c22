package org.mercato.rpc.eth;


import org.mercato.rpc.jsonrpc.JsonRpcException;
import org.mercato.rpc.jsonrpc.JsonRpcMethod;
import org.mercato.rpc.jsonrpc.JsonRpcRequest;

/** {@code eth_maxPriorityFeePerGas}: the suggested tip per gas. */
public final class EthMaxPriorityFeePerGas implements JsonRpcMethod {
  private final FeeSuggestion fees;

  public EthMaxPriorityFeePerGas(FeeSuggestion fees) {
    this.fees = fees;
  }

  @Override
  public String name() {
    return "eth_maxPriorityFeePerGas";
  }

  @Override
  public Object execute(JsonRpcRequest request) throws JsonRpcException {
    request.params().requireAtMost(0);
    return fees.priorityFee();
  }
}
