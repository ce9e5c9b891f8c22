package org.mercato.state.trie;

import org.apache.tuweni.bytes.Bytes32;

/** Receives the nodes a commit creates: node hash -> node RLP. Both arrays are owned by the trie; do not modify them. */
@FunctionalInterface
public interface NodeSink {
  void save(Bytes32 hash, byte[] rlp);
}
