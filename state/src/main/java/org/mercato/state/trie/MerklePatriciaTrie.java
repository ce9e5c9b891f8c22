package org.mercato.state.trie;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.mercato.state.concurrent.SideWork;
import org.mercato.state.types.Hash;

/**
 * Ethereum's Merkle Patricia trie (Yellow Paper appendix D) with deferred hashing.
 *
 * <ul>
 *   <li>{@link #put} and {@link #remove} copy the path they change and leave the new nodes
 *       unencoded; unchanged subtrees keep their cached encoding and hash.
 *   <li>{@link #rootHash()} encodes and hashes each new node once, however many updates touched it.
 *   <li>{@link #commit(NodeSink)} hands out every new node referenced by hash (plus the root,
 *       always stored by hash), keyed by hash; old roots stay readable because nothing is ever
 *       overwritten or deleted.
 *   <li>Stored nodes load lazily from a {@link NodeSource} through a shared {@link NodeCache}.
 * </ul>
 *
 * <p>Keys are arbitrary byte strings (a key may be a prefix of another); an empty value is the
 * same as removing the key, as in Ethereum. One instance belongs to one thread.
 */
public final class MerklePatriciaTrie {
  private final NodeLoader loader;
  private final PathUpdater updater;
  private final SideWork work;
  /**
   * Below this many updates since the last hashing, one thread hashes the changed nodes; above it,
   * disjoint changed subtrees are hashed on two (a 4,000-transfer block changes about 10,000 nodes,
   * a contract call a handful, not worth a hand-off).
   */
  static final int PARALLEL_HASH_MIN_UPDATES = 512;
  /** How many disjoint changed subtrees to gather before splitting them between two threads. */
  private static final int PARALLEL_HASH_SUBTREES = 16;

  private Node root;
  private int updatesSinceHash;

  private MerklePatriciaTrie(Node root, NodeSource source, NodeCache cache, SideWork work) {
    this.loader = new NodeLoader(source, cache);
    this.updater = new PathUpdater(loader);
    this.root = root;
    this.work = work;
  }

  /** A new trie held in memory; commit it to store it. */
  public static MerklePatriciaTrie empty() {
    return empty(SideWork.inline());
  }

  /** A new trie whose large updates are hashed with {@code work}'s help. */
  public static MerklePatriciaTrie empty(SideWork work) {
    return new MerklePatriciaTrie(null, NodeSource.NONE, NodeCache.disabled(), work);
  }

  /** The trie with the given root, loading nodes from {@code source} as paths reach them. */
  public static MerklePatriciaTrie load(Hash rootHash, NodeSource source, NodeCache cache) {
    return load(rootHash, source, cache, SideWork.inline());
  }

  /** Like {@link #load(Hash, NodeSource, NodeCache)}, hashing large updates with {@code work}'s help. */
  public static MerklePatriciaTrie load(Hash rootHash, NodeSource source, NodeCache cache, SideWork work) {
    Node root = rootHash.equals(Hash.EMPTY_TRIE_ROOT) ? null : new HashRef(rootHash.bytes().toArray());
    return new MerklePatriciaTrie(root, source, cache, work);
  }

  public Optional<Bytes> get(Bytes key) {
    byte[] path = Nibbles.fromBytes(key.toArrayUnsafe());
    Node node = root;
    int pos = 0;
    while (node != null) {
      node = loader.resolve(node);
      if (node instanceof LeafNode leaf) {
        return Nibbles.matchesRest(leaf.path, path, pos) ? Optional.of(Bytes.wrap(leaf.value)) : Optional.empty();
      }
      if (node instanceof ExtensionNode ext) {
        if (!Nibbles.startsWith(path, pos, ext.path)) {
          return Optional.empty();
        }
        pos += ext.path.length;
        node = ext.child;
      } else {
        BranchNode branch = (BranchNode) node;
        if (pos == path.length) {
          return Optional.ofNullable(branch.value).map(Bytes::wrap);
        }
        node = branch.children[path[pos++]];
      }
    }
    return Optional.empty();
  }

  public void put(Bytes key, Bytes value) {
    if (value.isEmpty()) {
      remove(key);
      return;
    }
    byte[] v = value.toArray();
    updatesSinceHash++;
    root = updater.put(root, Nibbles.fromBytes(key.toArrayUnsafe()), 0, current -> v);
  }

  /**
   * Sets {@code key} to {@code update.apply(current value)} in a single walk of the path (the
   * current value is empty for an absent key). For read-modify-write callers such as the account
   * trie, whose new value depends on the old one. The update must return a non-empty value.
   */
  public void update(Bytes key, Function<Optional<Bytes>, Bytes> update) {
    updatesSinceHash++;
    root = updater.put(root, Nibbles.fromBytes(key.toArrayUnsafe()), 0, current -> {
      Bytes next = update.apply(Optional.ofNullable(current).map(Bytes::wrap));
      return next == null ? null : next.toArray();
    });
  }

  public void remove(Bytes key) {
    updatesSinceHash++;
    root = updater.remove(root, Nibbles.fromBytes(key.toArrayUnsafe()), 0);
  }

  /** Encodes and hashes the nodes changed since the last call; everything else is cached. */
  public Hash rootHash() {
    if (root == null) {
      return Hash.EMPTY_TRIE_ROOT;
    }
    if (root instanceof HashRef ref) {
      return Hash.wrap(Bytes.wrap(ref.target));
    }
    if (work.parallel() && updatesSinceHash >= PARALLEL_HASH_MIN_UPDATES && root.isDirty()) {
      hashInParallel(root, work);
    }
    updatesSinceHash = 0;
    return Hash.wrap(Bytes.wrap(root.hash()));
  }

  /**
   * Encodes and hashes the changed subtrees below {@code top} on two threads. The subtrees are
   * disjoint (path copying never shares a new node between two parents), so each node's memo
   * fields are written by one thread only, and {@link SideWork.Pending#join} publishes the side
   * thread's writes to this one. The hashes are the same as on one thread: only the order differs.
   */
  private static void hashInParallel(Node top, SideWork work) {
    List<Node> frontier = new ArrayList<>(List.of(top));
    boolean expanded = true;
    while (frontier.size() < PARALLEL_HASH_SUBTREES && expanded) {
      expanded = false;
      List<Node> next = new ArrayList<>();
      for (Node n : frontier) {
        if (n instanceof BranchNode b) {
          for (Node c : b.children) {
            if (c != null && c.isDirty()) {
              next.add(c);
            }
          }
          expanded = true;
        } else if (n instanceof ExtensionNode e && e.child.isDirty()) {
          next.add(e.child);
          expanded = true;
        } else {
          next.add(n);
        }
      }
      frontier = next;
    }
    if (frontier.size() < 2) {
      return;
    }
    List<Node> side = new ArrayList<>();
    List<Node> here = new ArrayList<>();
    for (int i = 0; i < frontier.size(); i++) {
      (i % 2 == 0 ? side : here).add(frontier.get(i));
    }
    SideWork.Pending<Void> other = work.start(() -> {
      side.forEach(Node::encodeRef);
      return null;
    });
    here.forEach(Node::encodeRef);
    other.join();
  }

  /**
   * Hands every node created since the last commit that is referenced by hash to {@code sink},
   * children before parents, and shares them through the node cache. The root is always saved by
   * hash, even when its encoding is shorter than 32 bytes, so the trie can be reopened from it.
   * Returns the root hash.
   */
  public Hash commit(NodeSink sink) {
    Hash hash = rootHash();
    if (root != null && !(root instanceof HashRef)) {
      boolean alreadySaved = root.persisted;
      saveNew(root, sink, true);
      if (alreadySaved) {
        sink.save(Bytes32.wrap(root.hash()), root.rlp());
      }
    }
    return hash;
  }

  private void saveNew(Node node, NodeSink sink, boolean isRoot) {
    if (node == null || node.persisted) {
      return;
    }
    if (node instanceof BranchNode branch) {
      for (Node child : branch.children) {
        saveNew(child, sink, false);
      }
    } else if (node instanceof ExtensionNode ext) {
      saveNew(ext.child, sink, false);
    }
    node.persisted = true;
    if (isRoot || node.isReferencedByHash()) {
      byte[] hash = node.hash();
      sink.save(Bytes32.wrap(hash), node.rlp());
      loader.cache().put(hash, node.detached());
    }
  }

  /**
   * The nodes on the path to {@code key} that a verifier needs, root first (as eth_getProof
   * returns them): every node held by hash; embedded nodes travel inside their parent. A proof of
   * absence is the path up to where the key diverges.
   */
  public List<Bytes> proof(Bytes key) {
    rootHash();
    List<Bytes> out = new ArrayList<>();
    byte[] path = Nibbles.fromBytes(key.toArrayUnsafe());
    Node node = root;
    int pos = 0;
    boolean isRoot = true;
    while (node != null) {
      node = loader.resolve(node);
      if (isRoot || node.isReferencedByHash()) {
        out.add(Bytes.wrap(node.rlp()));
      }
      isRoot = false;
      if (node instanceof LeafNode) {
        break;
      }
      if (node instanceof ExtensionNode ext) {
        if (!Nibbles.startsWith(path, pos, ext.path)) {
          break;
        }
        pos += ext.path.length;
        node = ext.child;
      } else {
        BranchNode branch = (BranchNode) node;
        if (pos == path.length) {
          break;
        }
        node = branch.children[path[pos++]];
      }
    }
    return out;
  }
}
