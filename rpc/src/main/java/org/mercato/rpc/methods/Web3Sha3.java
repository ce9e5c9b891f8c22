package org.mercato.rpc.methods;

import org.mercato.rpc.jsonrpc.JsonRpcException;
import org.mercato.rpc.jsonrpc.JsonRpcMethod;
import org.mercato.rpc.jsonrpc.JsonRpcRequest;
import org.mercato.state.crypto.Keccak;

/** {@code web3_sha3}: Keccak-256 (not NIST SHA3) of the given data. */
public final class Web3Sha3 implements JsonRpcMethod {
  @Override
  public String name() {
    return "web3_sha3";
  }

  @Override
  public Object execute(JsonRpcRequest request) throws JsonRpcException {
    request.params().requireAtMost(1);
    return Keccak.hash(request.params().data(0)).toHex();
  }
}
