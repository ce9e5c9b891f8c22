package org.mercato.rpc.eth;

import java.util.ArrayList;
import java.util.List;
import org.mercato.rpc.jsonrpc.BlockParameter;
import org.mercato.rpc.jsonrpc.JsonRpcErrors;
import org.mercato.rpc.jsonrpc.JsonRpcException;
import org.mercato.rpc.jsonrpc.JsonRpcMethod;
import org.mercato.rpc.jsonrpc.JsonRpcParams;
import org.mercato.rpc.jsonrpc.JsonRpcRequest;
import org.mercato.state.block.BlockHeader;
import org.mercato.state.block.Log;
import org.mercato.state.block.Receipt;
import org.mercato.state.chain.ChainStore;
import org.mercato.state.tx.Transaction;
import org.mercato.state.types.Hash;

/**
 * {@code eth_getLogs}: logs matching a filter over a block range (or one block hash). Header blooms
 * skip blocks that cannot match; the range and the result size are bounded so one query cannot
 * tie up the node.
 */
public final class EthGetLogs implements JsonRpcMethod {
  static final long MAX_RANGE = 10_000;
  static final int MAX_RESULTS = 10_000;
  private final ChainAccess chain;

  public EthGetLogs(ChainAccess chain) {
    this.chain = chain;
  }

  @Override
  public String name() {
    return "eth_getLogs";
  }

  @Override
  public Object execute(JsonRpcRequest request) throws JsonRpcException {
    request.params().requireAtMost(1);
    LogFilter filter;
    try {
      filter = LogFilter.parse(request.params().required(0));
    } catch (IllegalArgumentException e) {
      throw JsonRpcErrors.invalidParams("invalid argument 0: " + e.getMessage());
    }
    ChainStore store = chain.chain().store();
    List<Object> out = new ArrayList<>();
    if (filter.blockHash().isPresent()) {
      Hash h = filter.blockHash().get();
      BlockHeader header = store.header(h).orElseThrow(() -> new JsonRpcException(JsonRpcErrors.SERVER_ERROR, "unknown block"));
      collect(store, header, h, filter, out);
      return out;
    }
    long head = chain.chain().head().number();
    long from = bound(filter.fromBlock().orElse(null), "fromBlock");
    // Only the end stops at the head: a start beyond it (a poller's "after what I saw") matches nothing.
    long to = Math.min(bound(filter.toBlock().orElse(null), "toBlock"), head);
    if (from > to) {
      return out;
    }
    if (to - from + 1 > MAX_RANGE) {
      throw JsonRpcErrors.limitExceeded("block range too large: at most " + MAX_RANGE + " blocks per query");
    }
    for (long n = from; n <= to; n++) {
      BlockHeader header = store.header(n).orElse(null);
      if (header != null && filter.bloomMayMatch(header.logsBloom())) {
        collect(store, header, store.canonicalHash(n).orElseThrow(), filter, out);
      }
    }
    return out;
  }

  private long bound(com.fasterxml.jackson.databind.JsonNode node, String field) throws JsonRpcException {
    if (node == null) {
      return chain.chain().head().number();
    }
    BlockParameter p = JsonRpcParams.of(node).blockParameter(0);
    if (p instanceof BlockParameter.Number num) {
      return num.number();
    }
    if (p instanceof BlockParameter.Named n && n.tag() == BlockParameter.Tag.EARLIEST) {
      return 0;
    }
    if (p instanceof BlockParameter.Named) {
      return chain.chain().head().number();
    }
    throw JsonRpcErrors.invalidParams("invalid argument 0: " + field + " must be a block number or tag");
  }

  private static void collect(ChainStore store, BlockHeader header, Hash hash, LogFilter filter, List<Object> out)
      throws JsonRpcException {
    List<Receipt> receipts = store.receipts(hash);
    List<Transaction> txs = null;
    int logIndex = 0;
    for (int i = 0; i < receipts.size(); i++) {
      List<Log> logs = receipts.get(i).logs();
      for (Log log : logs) {
        if (filter.matches(log)) {
          if (txs == null) {
            txs = store.transactions(hash);
          }
          if (out.size() >= MAX_RESULTS) {
            throw JsonRpcErrors.limitExceeded("query returned more than " + MAX_RESULTS + " results");
          }
          out.add(EthJson.log(log, txs.get(i).hash(), header, hash, i, logIndex));
        }
        logIndex++;
      }
    }
  }
}
