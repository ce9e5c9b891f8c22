package org.mercato.rpc.eth;

import org.apache.tuweni.bytes.Bytes;
import org.mercato.rpc.jsonrpc.JsonRpcErrors;
import org.mercato.rpc.jsonrpc.JsonRpcException;
import org.mercato.rpc.jsonrpc.JsonRpcMethod;
import org.mercato.rpc.jsonrpc.JsonRpcRequest;
import org.mercato.state.tx.DecodeResult;
import org.mercato.state.tx.Transaction;
import org.mercato.state.tx.TransactionDecoder;
import org.mercato.state.txpool.TransactionPool;

/**
 * {@code eth_sendRawTransaction}: decode (recovering the sender), admit to the pool, return the hash.
 * Every refusal is error -32000 with geth's message for the reason, which wallets match on.
 */
public final class EthSendRawTransaction implements JsonRpcMethod {
  private final TransactionDecoder decoder;
  private final TransactionPool pool;

  public EthSendRawTransaction(TransactionDecoder decoder, TransactionPool pool) {
    this.decoder = decoder;
    this.pool = pool;
  }

  @Override
  public String name() {
    return "eth_sendRawTransaction";
  }

  @Override
  public Object execute(JsonRpcRequest request) throws JsonRpcException {
    request.params().requireAtMost(1);
    Bytes raw = request.params().data(0).copy();
    if (raw.isEmpty()) {
      throw JsonRpcErrors.transactionRejected("empty transaction bytes");
    }
    DecodeResult decoded = decoder.decode(raw);
    if (!decoded.isOk()) {
      throw JsonRpcErrors.transactionRejected(decoded.errorMessage());
    }
    Transaction tx = decoded.transaction().get();
    var added = pool.add(tx);
    if (!added.isAccepted()) {
      throw JsonRpcErrors.transactionRejected(added.errorMessage());
    }
    return tx.hash();
  }
}
