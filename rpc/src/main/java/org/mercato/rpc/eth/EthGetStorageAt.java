package org.mercato.rpc.eth;

import java.math.BigInteger;
import org.apache.tuweni.units.bigints.UInt256;
import org.mercato.rpc.jsonrpc.BlockParameter;
import org.mercato.state.types.Address;
import org.mercato.rpc.jsonrpc.JsonRpcException;
import org.mercato.rpc.jsonrpc.JsonRpcMethod;
import org.mercato.rpc.jsonrpc.JsonRpcRequest;

/** {@code eth_getStorageAt}: a storage slot (system contracts keep their objects in storage). */
public final class EthGetStorageAt implements JsonRpcMethod {
  private final ChainAccess chain;

  public EthGetStorageAt(ChainAccess chain) {
    this.chain = chain;
  }

  @Override
  public String name() {
    return "eth_getStorageAt";
  }

  @Override
  public Object execute(JsonRpcRequest request) throws JsonRpcException {
    request.params().requireAtMost(3);
    Address address = request.params().address(0);
    BigInteger slot = request.params().quantityBig(1);
    BlockParameter block = request.params().blockParameterOr(2, BlockParameter.LATEST);
    return chain.state(block).storage(address, UInt256.valueOf(slot).toBytes());
  }
}
