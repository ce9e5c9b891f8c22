package org.mercato.rpc.eth;

import java.util.List;
import java.util.Map;
import org.apache.tuweni.bytes.Bytes;
import org.mercato.state.block.BlockHeader;
import org.mercato.state.chain.ChainStore;
import org.mercato.state.crypto.Keccak;
import org.mercato.state.tx.Transaction;
import org.mercato.state.types.Hash;

/** Shared by eth_getBlockByNumber and eth_getBlockByHash: one header to one JSON block. */
final class BlockReader {
  private BlockReader() {}

  static Map<String, Object> json(ChainStore store, BlockHeader header, Hash hash, boolean full) {
    if (!full) {
      // Hashes only (block scanners, explorers): hash the stored bytes, decode nothing.
      List<Bytes> raw = store.encodedTransactions(hash);
      long size = header.encoded().size() + raw.stream().mapToLong(Bytes::size).sum();
      return EthJson.blockWithHashes(header, hash, raw.stream().map(Keccak::hash).toList(), size);
    }
    List<Transaction> txs = store.transactions(hash);
    long size = header.encoded().size() + txs.stream().mapToLong(t -> t.encoded().size()).sum();
    return EthJson.block(header, hash, txs, full, size);
  }

}
