package org.mercato.rpc.eth;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mercato.rpc.jsonrpc.JsonRpcErrors;
import org.mercato.rpc.jsonrpc.JsonRpcException;
import org.mercato.rpc.jsonrpc.JsonRpcMethod;
import org.mercato.rpc.jsonrpc.JsonRpcRequest;
import org.mercato.rpc.jsonrpc.Quantity;
import org.mercato.state.block.BlockHeader;
import org.mercato.state.block.Receipt;
import org.mercato.state.chain.ChainStore;
import org.mercato.state.exec.FeeMarket;
import org.mercato.state.tx.Transaction;
import org.mercato.state.types.Hash;
import org.mercato.state.types.Wei;

/**
 * {@code eth_feeHistory}: base fees (plus the next block's), gas-used ratios, and per-block tip
 * percentiles weighted by gas used, as geth computes them. At most 1024 blocks per call.
 */
public final class EthFeeHistory implements JsonRpcMethod {
  static final int MAX_BLOCKS = 1024;
  private final ChainAccess chain;

  public EthFeeHistory(ChainAccess chain) {
    this.chain = chain;
  }

  @Override
  public String name() {
    return "eth_feeHistory";
  }

  @Override
  public Object execute(JsonRpcRequest request) throws JsonRpcException {
    request.params().requireAtMost(3);
    long count = blockCount(request.params().required(0));
    BlockHeader newest = chain.requireHeader(request.params().blockParameter(1));
    List<Double> percentiles = percentiles(request.params().optional(2).orElse(null));
    count = Math.min(count, newest.number() + 1);
    long oldest = newest.number() - count + 1;
    ChainStore store = chain.chain().store();
    FeeMarket market = new FeeMarket(chain.chain().parameters().minBaseFee());
    List<Wei> baseFees = new ArrayList<>();
    List<Double> ratios = new ArrayList<>();
    List<List<Wei>> rewards = new ArrayList<>();
    BlockHeader last = null;
    for (long n = oldest; n <= newest.number(); n++) {
      BlockHeader h = n == newest.number() ? newest : store.header(n).orElseThrow();
      baseFees.add(h.baseFee());
      ratios.add(h.gasLimit() == 0 ? 0.0 : (double) h.gasUsed() / h.gasLimit());
      if (percentiles != null) {
        rewards.add(rewards(store, h, percentiles));
      }
      last = h;
    }
    if (last != null) {
      baseFees.add(market.nextBaseFee(last.baseFee(), last.gasUsed(), last.gasLimit()));
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("oldestBlock", Quantity.encode(oldest));
    out.put("baseFeePerGas", baseFees);
    out.put("gasUsedRatio", ratios);
    if (percentiles != null) {
      out.put("reward", rewards);
    }
    return out;
  }

  private static long blockCount(JsonNode node) throws JsonRpcException {
    long n;
    if (node.isIntegralNumber()) {
      n = node.longValue();
    } else if (node.isTextual()) {
      try {
        n = Quantity.decodeLong(node.textValue());
      } catch (IllegalArgumentException e) {
        throw JsonRpcErrors.invalidParams("invalid argument 0: " + e.getMessage());
      }
    } else {
      throw JsonRpcErrors.invalidParams("invalid argument 0: block count must be a number or hex quantity");
    }
    if (n < 1 || n > MAX_BLOCKS) {
      throw JsonRpcErrors.invalidParams("invalid argument 0: block count must be 1.." + MAX_BLOCKS);
    }
    return n;
  }

  private static List<Double> percentiles(JsonNode node) throws JsonRpcException {
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isArray() || node.size() > 100) {
      throw JsonRpcErrors.invalidParams("invalid argument 2: reward percentiles must be an array of at most 100 numbers");
    }
    List<Double> out = new ArrayList<>();
    double prev = -1;
    for (JsonNode p : node) {
      if (!p.isNumber() || p.doubleValue() < 0 || p.doubleValue() > 100 || p.doubleValue() < prev) {
        throw JsonRpcErrors.invalidParams("invalid argument 2: percentiles must be increasing numbers in 0..100");
      }
      prev = p.doubleValue();
      out.add(prev);
    }
    return out;
  }

  /** Tip at each percentile of the block's gas, transactions sorted by tip (geth's definition). */
  private static List<Wei> rewards(ChainStore store, BlockHeader h, List<Double> percentiles) {
    Hash hash = store.canonicalHash(h.number()).orElseThrow();
    List<Transaction> txs = store.transactions(hash);
    List<Receipt> receipts = store.receipts(hash);
    List<Wei> out = new ArrayList<>();
    if (txs.isEmpty()) {
      percentiles.forEach(p -> out.add(Wei.ZERO));
      return out;
    }
    record TipGas(Wei tip, long gas) {}
    List<TipGas> items = new ArrayList<>();
    long prev = 0;
    for (int i = 0; i < txs.size(); i++) {
      long gas = receipts.get(i).cumulativeGasUsed() - prev;
      prev = receipts.get(i).cumulativeGasUsed();
      items.add(new TipGas(txs.get(i).effectivePriorityFee(h.baseFee()), gas));
    }
    items.sort(Comparator.comparing(TipGas::tip));
    int idx = 0;
    long sum = items.get(0).gas();
    for (double p : percentiles) {
      BigInteger threshold = BigInteger.valueOf((long) (h.gasUsed() * p / 100));
      while (BigInteger.valueOf(sum).compareTo(threshold) < 0 && idx < items.size() - 1) {
        idx++;
        sum += items.get(idx).gas();
      }
      out.add(items.get(idx).tip());
    }
    return out;
  }
}
