package org.mercato.rpc.eth;

import org.mercato.rpc.jsonrpc.JsonRpcException;
import org.mercato.rpc.jsonrpc.JsonRpcMethod;
import org.mercato.rpc.jsonrpc.JsonRpcRequest;
import org.mercato.state.types.Hash;

/** {@code eth_getBlockByHash}: a block by hash, with transaction hashes or full transactions; null if unknown. */
public final class EthGetBlockByHash implements JsonRpcMethod {
  private final ChainAccess chain;

  public EthGetBlockByHash(ChainAccess chain) {
    this.chain = chain;
  }

  @Override
  public String name() {
    return "eth_getBlockByHash";
  }

  @Override
  public Object execute(JsonRpcRequest request) throws JsonRpcException {
    request.params().requireAtMost(2);
    Hash hash = request.params().hash(0);
    boolean full = request.params().isPresent(1) && request.params().bool(1);
    return chain.chain().store().header(hash)
        .map(h -> BlockReader.json(chain.chain().store(), h, hash, full))
        .orElse(null);
  }
}
