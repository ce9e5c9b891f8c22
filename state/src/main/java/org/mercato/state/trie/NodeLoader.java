package org.mercato.state.trie;

import org.apache.tuweni.bytes.Bytes32;

/** Resolves hash references: the shared cache first, then the node source (decoded once, then cached). */
final class NodeLoader {
  private final NodeSource source;
  private final NodeCache cache;

  NodeLoader(NodeSource source, NodeCache cache) {
    this.source = source;
    this.cache = cache;
  }

  Node resolve(Node node) {
    return node instanceof HashRef ref ? load(ref.target) : node;
  }

  Node load(byte[] hash) {
    Node cached = cache.get(hash);
    if (cached != null) {
      return cached;
    }
    Bytes32 key = Bytes32.wrap(hash);
    byte[] rlp = source.load(key).orElseThrow(() -> new MissingNodeException(key));
    Node node = NodeDecoder.decode(rlp, hash);
    cache.put(hash, node);
    return node;
  }

  NodeCache cache() {
    return cache;
  }
}
