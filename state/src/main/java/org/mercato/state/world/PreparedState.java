package org.mercato.state.world;

import java.util.List;
import org.apache.tuweni.bytes.Bytes32;
import org.mercato.state.storage.Column;
import org.mercato.state.storage.WriteBatch;
import org.mercato.state.types.Hash;

/**
 * A block's state transition, computed but not written: the new state root and every row it
 * needs (new trie nodes, flat accounts and storage). Consensus proposes or votes on {@link #root()},
 * and only when the block commits calls {@link #writeTo} with the same batch as the block itself,
 * so block and state land atomically. Immutable; discarding it leaves nothing behind on disk.
 */
public final class PreparedState {
  /** One trie node to store under its hash. */
  record NodeWrite(Bytes32 hash, byte[] rlp) {}

  /** One flat-table row; a null value deletes the row. */
  record FlatWrite(Column column, byte[] key, byte[] value) {}

  private final Hash parentRoot;
  private final Hash root;
  private final List<NodeWrite> nodes;
  private final List<FlatWrite> flat;

  PreparedState(Hash parentRoot, Hash root, List<NodeWrite> nodes, List<FlatWrite> flat) {
    this.parentRoot = parentRoot;
    this.root = root;
    this.nodes = List.copyOf(nodes);
    this.flat = List.copyOf(flat);
  }

  /** The state root after the changes: what the block header commits to. */
  public Hash root() {
    return root;
  }

  public Hash parentRoot() {
    return parentRoot;
  }

  /** Trie nodes this block adds (for metrics and logs). */
  public int nodeCount() {
    return nodes.size();
  }

  /**
   * Adds every write to {@code batch}; the caller commits it. Also records the root as the one
   * the flat tables now describe ({@link StateDatabase#latestRoot()}). Writing a state whose
   * parent is not the latest state makes the flat tables wrong: only the chain's next block may
   * be written.
   */
  public void writeTo(WriteBatch batch) {
    for (NodeWrite n : nodes) {
      batch.put(Column.TRIE_NODES, n.hash().toArrayUnsafe(), n.rlp());
    }
    for (FlatWrite w : flat) {
      if (w.value() == null) {
        batch.delete(w.column(), w.key());
      } else {
        batch.put(w.column(), w.key(), w.value());
      }
    }
    batch.put(Column.META, StateDatabase.LATEST_ROOT_KEY, root.bytes().toArray());
  }
}
