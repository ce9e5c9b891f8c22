package org.mercato.state.trie;

import java.util.Optional;
import org.apache.tuweni.bytes.Bytes32;

/** Where a trie loads nodes it holds only by hash: node hash -> node RLP (Column.TRIE_NODES in the node). */
@FunctionalInterface
public interface NodeSource {
  /** A source with no nodes, for tries built wholly in memory (ordered roots, tests). */
  NodeSource NONE = hash -> Optional.empty();

  Optional<byte[]> load(Bytes32 hash);
}
