package org.mercato.state.storage;

/** The node's tables (RocksDB column families). One catalogue, so every key layout is documented in one place. */
public enum Column {
  /** address(20) -> rlp(Account): flat latest-state accounts, read without walking the trie. */
  ACCOUNTS,
  /** address(20) || slot(32) -> value (32 bytes, trimmed of leading zeros): flat latest-state storage. */
  STORAGE,
  /** node hash(32) -> node rlp: Merkle Patricia trie nodes of the account trie and every storage trie. */
  TRIE_NODES,
  /** block hash(32) -> rlp(header). */
  HEADERS,
  /** block hash(32) -> rlp(body: transactions, commit). */
  BODIES,
  /** block hash(32) -> rlp(list of receipts). */
  RECEIPTS,
  /** block number(8, big-endian) -> block hash(32): the canonical chain. */
  CANONICAL,
  /** transaction hash(32) -> block hash(32) || index(4, big-endian). */
  TX_LOCATIONS,
  /** block hash(32) -> rlp([evidence item...]): only for blocks that carry evidence (opaque to state). */
  EVIDENCE,
  /** named singletons, e.g. "head" -> block hash; "chainId" -> u64. */
  META
}
