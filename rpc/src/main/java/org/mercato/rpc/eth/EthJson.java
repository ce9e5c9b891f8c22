package org.mercato.rpc.eth;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.tuweni.bytes.Bytes;
import org.mercato.rpc.jsonrpc.Quantity;
import org.mercato.state.block.BlockHeader;
import org.mercato.state.block.Log;
import org.mercato.state.block.Receipt;
import org.mercato.state.tx.AccessListEntry;
import org.mercato.state.tx.Transaction;
import org.mercato.state.tx.TransactionType;
import org.mercato.state.types.Hash;
import org.mercato.state.types.Wei;

/** Ethereum's JSON shapes for blocks, transactions, receipts and logs, as ethers and web3j parse them. */
public final class EthJson {
  private static final String ZERO_NONCE = "0x0000000000000000";

  private EthJson() {}

  public static Map<String, Object> block(BlockHeader h, Hash hash, List<Transaction> txs, boolean fullTransactions, long size) {
    List<Object> list = new ArrayList<>(txs.size());
    for (int i = 0; i < txs.size(); i++) {
      list.add(fullTransactions ? transaction(txs.get(i), h, hash, i) : txs.get(i).hash());
    }
    return block(h, hash, list, size);
  }

  /** A block whose transactions are given by hash only. */
  public static Map<String, Object> blockWithHashes(BlockHeader h, Hash hash, List<Hash> txHashes, long size) {
    return block(h, hash, new ArrayList<>(txHashes), size);
  }

  private static Map<String, Object> block(BlockHeader h, Hash hash, List<Object> transactions, long size) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("number", Quantity.encode(h.number()));
    m.put("hash", hash);
    m.put("parentHash", h.parentHash());
    m.put("nonce", ZERO_NONCE);
    m.put("sha3Uncles", Hash.EMPTY_LIST_HASH);
    m.put("logsBloom", h.logsBloom());
    m.put("transactionsRoot", h.transactionsRoot());
    m.put("stateRoot", h.stateRoot());
    m.put("receiptsRoot", h.receiptsRoot());
    m.put("miner", h.proposer());
    m.put("difficulty", "0x0");
    m.put("totalDifficulty", "0x0");
    m.put("extraData", h.lastCommit());
    m.put("size", Quantity.encode(size));
    m.put("gasLimit", Quantity.encode(h.gasLimit()));
    m.put("gasUsed", Quantity.encode(h.gasUsed()));
    m.put("timestamp", Quantity.encode(h.timestamp()));
    m.put("mixHash", Hash.ZERO);
    m.put("baseFeePerGas", h.baseFee());
    m.put("transactions", transactions);
    m.put("uncles", List.of());
    return m;
  }

  /** A transaction; {@code header} null for a pending one. */
  public static Map<String, Object> transaction(Transaction tx, BlockHeader header, Hash blockHash, int index) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("blockHash", header == null ? null : blockHash);
    m.put("blockNumber", header == null ? null : Quantity.encode(header.number()));
    m.put("from", tx.sender());
    m.put("gas", Quantity.encode(tx.gasLimit()));
    Wei price = header == null ? tx.maxFeePerGas() : tx.effectiveGasPrice(header.baseFee());
    m.put("gasPrice", price);
    if (tx.type() == TransactionType.DYNAMIC_FEE) {
      m.put("maxFeePerGas", tx.maxFeePerGas());
      m.put("maxPriorityFeePerGas", tx.maxPriorityFeePerGas());
    }
    m.put("hash", tx.hash());
    m.put("input", tx.data());
    m.put("nonce", Quantity.encode(tx.nonce()));
    m.put("to", tx.to().orElse(null));
    m.put("transactionIndex", header == null ? null : Quantity.encode(index));
    m.put("value", tx.value());
    m.put("type", Quantity.encode(tx.type().rpcType()));
    if (tx.type() != TransactionType.LEGACY) {
      m.put("accessList", accessList(tx.accessList()));
    }
    tx.chainId().ifPresent(c -> m.put("chainId", Quantity.encode(c)));
    m.put("v", Quantity.encode(tx.v()));
    m.put("r", Quantity.encode(tx.signature().r()));
    m.put("s", Quantity.encode(tx.signature().s()));
    if (tx.type() != TransactionType.LEGACY) {
      m.put("yParity", Quantity.encode(tx.signature().recId()));
    }
    return m;
  }

  private static List<Object> accessList(List<AccessListEntry> entries) {
    List<Object> out = new ArrayList<>();
    for (AccessListEntry e : entries) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("address", e.address());
      m.put("storageKeys", e.storageKeys().stream().map(Bytes::toHexString).toList());
      out.add(m);
    }
    return out;
  }

  /**
   * A receipt. {@code firstLogIndex} is the block-wide index of its first log, {@code previousCumulative}
   * the cumulative gas of the transaction before it.
   */
  public static Map<String, Object> receipt(Transaction tx, Receipt r, BlockHeader h, Hash blockHash, int index,
      long previousCumulative, int firstLogIndex) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("transactionHash", tx.hash());
    m.put("transactionIndex", Quantity.encode(index));
    m.put("blockHash", blockHash);
    m.put("blockNumber", Quantity.encode(h.number()));
    m.put("from", tx.sender());
    m.put("to", tx.to().orElse(null));
    m.put("cumulativeGasUsed", Quantity.encode(r.cumulativeGasUsed()));
    m.put("gasUsed", Quantity.encode(r.cumulativeGasUsed() - previousCumulative));
    m.put("effectiveGasPrice", tx.effectiveGasPrice(h.baseFee()));
    m.put("contractAddress", null);
    m.put("logs", logs(r.logs(), tx.hash(), h, blockHash, index, firstLogIndex));
    m.put("logsBloom", r.bloom());
    m.put("type", Quantity.encode(tx.type().rpcType()));
    m.put("status", r.success() ? "0x1" : "0x0");
    return m;
  }

  public static List<Object> logs(List<Log> logs, Hash txHash, BlockHeader h, Hash blockHash, int txIndex, int firstLogIndex) {
    List<Object> out = new ArrayList<>(logs.size());
    for (int i = 0; i < logs.size(); i++) {
      out.add(log(logs.get(i), txHash, h, blockHash, txIndex, firstLogIndex + i));
    }
    return out;
  }

  public static Map<String, Object> log(Log log, Hash txHash, BlockHeader h, Hash blockHash, int txIndex, int logIndex) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("address", log.address());
    m.put("topics", log.topics().stream().map(Bytes::toHexString).toList());
    m.put("data", log.data());
    m.put("blockNumber", Quantity.encode(h.number()));
    m.put("transactionHash", txHash);
    m.put("transactionIndex", Quantity.encode(txIndex));
    m.put("blockHash", blockHash);
    m.put("logIndex", Quantity.encode(logIndex));
    m.put("removed", false);
    return m;
  }
}
