package org.mercato.state.trie;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A bounded LRU of decoded nodes by hash, shared by every trie over the same node storage. Content
 * addressing makes sharing safe: an entry is the node with that hash whichever block produced it,
 * so a block prepared twice, a block built on a just-prepared parent and an RPC read of an old
 * root all reuse the same entries without any of them being able to change what another sees.
 * Cached nodes hold their children as {@link HashRef}s (see {@link Node#detached()}), so the
 * bound in nodes bounds the memory too: a cached branch node costs up to about 2 KB (its RLP plus
 * sixteen hash references), a leaf a few hundred bytes.
 *
 * <p>Thread-safe; one lock, held only for a map operation.
 */
public final class NodeCache {
  private final int maxNodes;
  private final LinkedHashMap<Key, Node> map;

  public NodeCache(int maxNodes) {
    if (maxNodes < 0) {
      throw new IllegalArgumentException("negative cache size " + maxNodes);
    }
    this.maxNodes = maxNodes;
    this.map = new LinkedHashMap<>(Math.min(maxNodes, 1 << 16), 0.75f, true) {
      private static final long serialVersionUID = 1L;

      @Override
      protected boolean removeEldestEntry(Map.Entry<Key, Node> eldest) {
        return size() > NodeCache.this.maxNodes;
      }
    };
  }

  /** No caching: every resolution of a hash reference reads the node source. */
  public static NodeCache disabled() {
    return new NodeCache(0);
  }

  public synchronized int size() {
    return map.size();
  }

  synchronized Node get(byte[] hash) {
    return maxNodes == 0 ? null : map.get(new Key(hash));
  }

  /** The node must be fully encoded and detached: it is visible to other threads from here on. */
  synchronized void put(byte[] hash, Node node) {
    if (maxNodes > 0) {
      map.put(new Key(hash), node);
    }
  }

  /** A node hash as a map key; the hash is uniformly distributed, so its first four bytes are a good hash code. */
  private record Key(byte[] hash) {
    @Override
    public int hashCode() {
      return (hash[0] << 24) | ((hash[1] & 0xff) << 16) | ((hash[2] & 0xff) << 8) | (hash[3] & 0xff);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Key k && Arrays.equals(hash, k.hash);
    }
  }
}
