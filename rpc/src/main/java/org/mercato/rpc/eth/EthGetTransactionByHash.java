package org.mercato.rpc.eth;

import java.util.Optional;
import org.mercato.rpc.jsonrpc.JsonRpcException;
import org.mercato.rpc.jsonrpc.JsonRpcMethod;
import org.mercato.rpc.jsonrpc.JsonRpcRequest;
import org.mercato.state.block.BlockHeader;
import org.mercato.state.chain.TransactionLocation;
import org.mercato.state.tx.Transaction;
import org.mercato.state.txpool.TransactionPool;
import org.mercato.state.types.Hash;

/** {@code eth_getTransactionByHash}: a committed transaction, or a pending one from the pool (block fields null), or null. */
public final class EthGetTransactionByHash implements JsonRpcMethod {
  private final ChainAccess chain;
  private final TransactionPool pool;

  public EthGetTransactionByHash(ChainAccess chain, TransactionPool pool) {
    this.chain = chain;
    this.pool = pool;
  }

  @Override
  public String name() {
    return "eth_getTransactionByHash";
  }

  @Override
  public Object execute(JsonRpcRequest request) throws JsonRpcException {
    request.params().requireAtMost(1);
    Hash hash = request.params().hash(0);
    Optional<TransactionLocation> loc = chain.chain().store().location(hash);
    if (loc.isPresent()) {
      Hash blockHash = loc.get().blockHash();
      BlockHeader h = chain.chain().store().header(blockHash).orElseThrow();
      Transaction tx = chain.chain().store().transaction(blockHash, loc.get().index()).orElseThrow();
      return EthJson.transaction(tx, h, blockHash, loc.get().index());
    }
    return pool.get(hash).map(tx -> EthJson.transaction(tx, null, null, 0)).orElse(null);
  }
}
