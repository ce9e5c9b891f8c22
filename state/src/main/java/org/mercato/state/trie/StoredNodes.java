package org.mercato.state.trie;

import org.mercato.state.storage.Column;
import org.mercato.state.storage.Database;
import org.mercato.state.storage.WriteBatch;

/** Trie nodes in {@link Column#TRIE_NODES}: node hash -> node RLP, shared by the account trie and every storage trie. */
public final class StoredNodes {
  private StoredNodes() {}

  public static NodeSource source(Database db) {
    return hash -> db.get(Column.TRIE_NODES, hash.toArrayUnsafe());
  }

  public static NodeSink sink(WriteBatch batch) {
    return (hash, rlp) -> batch.put(Column.TRIE_NODES, hash.toArrayUnsafe(), rlp);
  }
}
