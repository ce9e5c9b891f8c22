package org.mercato.rpc.eth;


import org.mercato.rpc.jsonrpc.JsonRpcException;
import org.mercato.rpc.jsonrpc.JsonRpcMethod;
import org.mercato.rpc.jsonrpc.JsonRpcRequest;

/** {@code eth_gasPrice}: the next block's base fee plus the suggested tip: a legacy price that will be included. */
public final class EthGasPrice implements JsonRpcMethod {
  private final ChainAccess chain;
  private final FeeSuggestion fees;

  public EthGasPrice(ChainAccess chain, FeeSuggestion fees) {
    this.chain = chain;
    this.fees = fees;
  }

  @Override
  public String name() {
    return "eth_gasPrice";
  }

  @Override
  public Object execute(JsonRpcRequest request) throws JsonRpcException {
    request.params().requireAtMost(0);
    return chain.chain().nextBaseFee().add(fees.priorityFee());
  }
}
