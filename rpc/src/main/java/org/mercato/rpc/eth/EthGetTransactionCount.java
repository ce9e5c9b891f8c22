package org.mercato.rpc.eth;

import org.mercato.rpc.jsonrpc.BlockParameter;
import org.mercato.rpc.jsonrpc.Quantity;
import org.mercato.state.txpool.TransactionPool;
import org.mercato.state.types.Address;
import org.mercato.rpc.jsonrpc.JsonRpcException;
import org.mercato.rpc.jsonrpc.JsonRpcMethod;
import org.mercato.rpc.jsonrpc.JsonRpcRequest;

/** {@code eth_getTransactionCount}: an account's nonce at a block; with "pending", counting its executable pool transactions. */
public final class EthGetTransactionCount implements JsonRpcMethod {
  private final ChainAccess chain;
  private final TransactionPool pool;

  public EthGetTransactionCount(ChainAccess chain, TransactionPool pool) {
    this.chain = chain;
    this.pool = pool;
  }

  @Override
  public String name() {
    return "eth_getTransactionCount";
  }

  @Override
  public Object execute(JsonRpcRequest request) throws JsonRpcException {
    request.params().requireAtMost(2);
    Address address = request.params().address(0);
    BlockParameter block = request.params().blockParameterOr(1, BlockParameter.LATEST);
    if (block instanceof BlockParameter.Named n && n.tag() == BlockParameter.Tag.PENDING) {
      return Quantity.encode(pool.pendingNonce(address));
    }
    return Quantity.encode(chain.state(block).accountOrEmpty(address).nonce());
  }
}
