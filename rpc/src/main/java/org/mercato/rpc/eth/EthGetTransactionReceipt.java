package org.mercato.rpc.eth;

import java.util.List;
import java.util.Optional;
import org.mercato.rpc.jsonrpc.JsonRpcException;
import org.mercato.rpc.jsonrpc.JsonRpcMethod;
import org.mercato.rpc.jsonrpc.JsonRpcRequest;
import org.mercato.state.block.BlockHeader;
import org.mercato.state.block.Receipt;
import org.mercato.state.chain.TransactionLocation;
import org.mercato.state.tx.Transaction;
import org.mercato.state.types.Hash;

/** {@code eth_getTransactionReceipt}: the receipt of a committed transaction, or null while it is pending or unknown. */
public final class EthGetTransactionReceipt implements JsonRpcMethod {
  private final ChainAccess chain;

  public EthGetTransactionReceipt(ChainAccess chain) {
    this.chain = chain;
  }

  @Override
  public String name() {
    return "eth_getTransactionReceipt";
  }

  @Override
  public Object execute(JsonRpcRequest request) throws JsonRpcException {
    request.params().requireAtMost(1);
    Optional<TransactionLocation> loc = chain.chain().store().location(request.params().hash(0));
    if (loc.isEmpty()) {
      return null;
    }
    Hash blockHash = loc.get().blockHash();
    int index = loc.get().index();
    BlockHeader h = chain.chain().store().header(blockHash).orElseThrow();
    Transaction tx = chain.chain().store().transaction(blockHash, index).orElseThrow();
    List<Receipt> receipts = chain.chain().store().receipts(blockHash);
    long previous = index == 0 ? 0 : receipts.get(index - 1).cumulativeGasUsed();
    int firstLog = 0;
    for (int i = 0; i < index; i++) {
      firstLog += receipts.get(i).logs().size();
    }
    return EthJson.receipt(tx, receipts.get(index), h, blockHash, index, previous, firstLog);
  }
}
