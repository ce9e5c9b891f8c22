package org.mercato.state.trie;

import java.util.Arrays;
import java.util.function.UnaryOperator;

/**
 * Insert and delete by path copying: each returns the new subtree, or the very same node when
 * nothing changed, so a no-op update (same value, absent key) leaves the path clean and costs no
 * re-encoding. New nodes are created unencoded; hashing waits for the root to be asked for.
 *
 * <p>Structural invariants kept here: an extension has a non-empty path and always leads to a
 * branch; a branch has at least two entries (children or value), otherwise it collapses.
 */
final class PathUpdater {
  private final NodeLoader loader;

  PathUpdater(NodeLoader loader) {
    this.loader = loader;
  }

  /**
   * Sets the key's value to {@code update.apply(current)} (current is null for an absent key) in
   * one walk: callers that derive the new value from the old one (an account and its storage
   * root) do not walk the path twice. The update must return a non-empty value.
   */
  Node put(Node node, byte[] key, int pos, UnaryOperator<byte[]> update) {
    if (node == null) {
      return new LeafNode(Nibbles.from(key, pos), apply(update, null));
    }
    if (node instanceof HashRef ref) {
      Node loaded = loader.load(ref.target);
      Node updated = put(loaded, key, pos, update);
      return updated == loaded ? node : updated;
    }
    if (node instanceof LeafNode leaf) {
      return putIntoLeaf(leaf, key, pos, update);
    }
    if (node instanceof ExtensionNode ext) {
      return putIntoExtension(ext, key, pos, update);
    }
    BranchNode branch = (BranchNode) node;
    if (pos == key.length) {
      byte[] value = apply(update, branch.value);
      return Arrays.equals(branch.value, value) ? branch : branch.withValue(value);
    }
    int index = key[pos];
    Node child = branch.children[index];
    Node updated = put(child, key, pos + 1, update);
    return updated == child ? branch : branch.withChild(index, updated);
  }

  private static byte[] apply(UnaryOperator<byte[]> update, byte[] current) {
    byte[] value = update.apply(current);
    if (value == null || value.length == 0) {
      throw new IllegalArgumentException("a trie update must produce a non-empty value; remove the key instead");
    }
    return value;
  }

  private Node putIntoLeaf(LeafNode leaf, byte[] key, int pos, UnaryOperator<byte[]> update) {
    int rest = key.length - pos;
    int common = Nibbles.commonPrefix(leaf.path, key, pos);
    if (common == leaf.path.length && common == rest) {
      byte[] value = apply(update, leaf.value);
      return Arrays.equals(leaf.value, value) ? leaf : new LeafNode(leaf.path, value);
    }
    byte[] value = apply(update, null);
    Node[] children = new Node[BranchNode.RADIX];
    byte[] branchValue = null;
    if (common == leaf.path.length) {
      branchValue = leaf.value;
    } else {
      children[leaf.path[common]] = new LeafNode(Nibbles.from(leaf.path, common + 1), leaf.value);
    }
    if (common == rest) {
      branchValue = value;
    } else {
      children[key[pos + common]] = new LeafNode(Nibbles.from(key, pos + common + 1), value);
    }
    return withPrefix(leaf.path, common, new BranchNode(children, branchValue));
  }

  private Node putIntoExtension(ExtensionNode ext, byte[] key, int pos, UnaryOperator<byte[]> update) {
    int common = Nibbles.commonPrefix(ext.path, key, pos);
    if (common == ext.path.length) {
      Node updated = put(ext.child, key, pos + common, update);
      return updated == ext.child ? ext : new ExtensionNode(ext.path, updated);
    }
    byte[] value = apply(update, null);
    Node[] children = new Node[BranchNode.RADIX];
    byte[] branchValue = null;
    children[ext.path[common]] =
        common + 1 == ext.path.length ? ext.child : new ExtensionNode(Nibbles.from(ext.path, common + 1), ext.child);
    if (common == key.length - pos) {
      branchValue = value;
    } else {
      children[key[pos + common]] = new LeafNode(Nibbles.from(key, pos + common + 1), value);
    }
    return withPrefix(ext.path, common, new BranchNode(children, branchValue));
  }

  private static Node withPrefix(byte[] path, int length, BranchNode branch) {
    return length == 0 ? branch : new ExtensionNode(Arrays.copyOf(path, length), branch);
  }

  /** Returns the subtree without the key: null if it became empty, the same node if the key was absent. */
  Node remove(Node node, byte[] key, int pos) {
    if (node == null) {
      return null;
    }
    if (node instanceof HashRef ref) {
      Node loaded = loader.load(ref.target);
      Node updated = remove(loaded, key, pos);
      return updated == loaded ? node : updated;
    }
    if (node instanceof LeafNode leaf) {
      return Nibbles.matchesRest(leaf.path, key, pos) ? null : leaf;
    }
    if (node instanceof ExtensionNode ext) {
      if (!Nibbles.startsWith(key, pos, ext.path)) {
        return ext;
      }
      Node child = remove(ext.child, key, pos + ext.path.length);
      return child == ext.child ? ext : prefixed(ext.path, child);
    }
    BranchNode branch = (BranchNode) node;
    BranchNode updated;
    if (pos == key.length) {
      if (branch.value == null) {
        return branch;
      }
      updated = branch.withValue(null);
    } else {
      int index = key[pos];
      Node child = branch.children[index];
      Node newChild = remove(child, key, pos + 1);
      if (newChild == child) {
        return branch;
      }
      updated = branch.withChild(index, newChild);
    }
    return collapse(updated);
  }

  /** A branch left with one entry is no longer a branch: it becomes a leaf or merges into an extension. */
  private Node collapse(BranchNode branch) {
    int count = 0;
    int only = -1;
    for (int i = 0; i < BranchNode.RADIX; i++) {
      if (branch.children[i] != null) {
        count++;
        only = i;
      }
    }
    if (count + (branch.value == null ? 0 : 1) >= 2) {
      return branch;
    }
    if (count == 0) {
      return branch.value == null ? null : new LeafNode(Nibbles.EMPTY, branch.value);
    }
    return prefixed(new byte[] {(byte) only}, branch.children[only]);
  }

  /** {@code prefix} followed by {@code child}, merged so that no extension points at a leaf or an extension. */
  private Node prefixed(byte[] prefix, Node child) {
    if (child == null) {
      return null;
    }
    Node resolved = loader.resolve(child);
    if (resolved instanceof LeafNode leaf) {
      return new LeafNode(Nibbles.concat(prefix, leaf.path), leaf.value);
    }
    if (resolved instanceof ExtensionNode ext) {
      return new ExtensionNode(Nibbles.concat(prefix, ext.path), ext.child);
    }
    // A branch stays where it is; keep the original reference so a stored branch is not rewritten.
    return new ExtensionNode(prefix, child);
  }
}
