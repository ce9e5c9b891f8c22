package org.mercato.rpc.eth;

import org.mercato.rpc.jsonrpc.BlockParameter;
import org.mercato.rpc.jsonrpc.JsonRpcException;
import org.mercato.rpc.jsonrpc.JsonRpcMethod;
import org.mercato.rpc.jsonrpc.JsonRpcRequest;
import org.mercato.state.block.BlockHeader;

/** {@code eth_getBlockByNumber}: a block by number or tag, with transaction hashes or full transactions; null if unknown. */
public final class EthGetBlockByNumber implements JsonRpcMethod {
  private final ChainAccess chain;

  public EthGetBlockByNumber(ChainAccess chain) {
    this.chain = chain;
  }

  @Override
  public String name() {
    return "eth_getBlockByNumber";
  }

  @Override
  public Object execute(JsonRpcRequest request) throws JsonRpcException {
    request.params().requireAtMost(2);
    BlockParameter block = request.params().blockParameter(0);
    boolean full = request.params().isPresent(1) && request.params().bool(1);
    BlockHeader h = chain.header(block).orElse(null);
    if (h == null) {
      return null;
    }
    return BlockReader.json(chain.chain().store(), h, chain.hashOf(h), full);
  }
}
