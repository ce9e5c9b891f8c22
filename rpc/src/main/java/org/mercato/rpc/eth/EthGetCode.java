package org.mercato.rpc.eth;

import org.apache.tuweni.bytes.Bytes;
import org.mercato.rpc.jsonrpc.BlockParameter;
import org.mercato.state.exec.SystemContracts;
import org.mercato.state.types.Address;
import org.mercato.state.world.WorldView;
import org.mercato.rpc.jsonrpc.JsonRpcException;
import org.mercato.rpc.jsonrpc.JsonRpcMethod;
import org.mercato.rpc.jsonrpc.JsonRpcRequest;

/** {@code eth_getCode}: 0x for accounts; a system contract's marker code at its address (fixed or resolved in that block's state) (Mercato runs no EVM). */
public final class EthGetCode implements JsonRpcMethod {
  private final ChainAccess chain;
  private final SystemContracts contracts;

  public EthGetCode(ChainAccess chain, SystemContracts contracts) {
    this.chain = chain;
    this.contracts = contracts;
  }

  @Override
  public String name() {
    return "eth_getCode";
  }

  @Override
  public Object execute(JsonRpcRequest request) throws JsonRpcException {
    request.params().requireAtMost(2);
    Address address = request.params().address(0);
    WorldView state = chain.state(request.params().blockParameterOr(1, BlockParameter.LATEST));
    return contracts.lookup(address, state).map(c -> c.code()).orElse(Bytes.EMPTY);
  }
}
