package org.mercato.state.trie;

import org.mercato.state.crypto.Keccak;

/**
 * A trie node. The structure is immutable (an update copies the path from the root), so an
 * unchanged subtree keeps its cached encoding and is never re-encoded or re-hashed; a new node has
 * no encoding until the root is asked for (deferred hashing).
 *
 * <p>The two memo fields are written once. Nodes shared between tries (through {@link NodeCache})
 * are fully encoded before they are published there, so only a trie's own new nodes ever have
 * them unset.
 */
abstract class Node {
  private byte[] rlp;
  private byte[] hash;
  /** Saved by a commit of the owning trie, or loaded from storage: commit does not walk below it. */
  boolean persisted;

  Node() {}

  /** A node decoded from storage: its encoding is known; the hash is known if it was loaded by hash. */
  Node(byte[] rlp, byte[] hash) {
    this.rlp = rlp;
    this.hash = hash;
    this.persisted = true;
  }

  abstract byte[] encode();

  /** A copy safe to share through the cache: children referenced by hash become {@link HashRef}s. */
  abstract Node detached();

  final byte[] rlp() {
    byte[] r = rlp;
    if (r == null) {
      r = encode();
      rlp = r;
    }
    return r;
  }

  /** Whether this node still needs encoding (a new node whose encoding nobody asked for yet). */
  boolean isDirty() {
    return rlp == null;
  }

  /** Encodes and, if its parent will hold it by hash, hashes this node: what its parent's encoding needs. */
  final void encodeRef() {
    if (isReferencedByHash()) {
      hash();
    }
  }

  /** keccak256 of the encoding (32 bytes; callers must not modify it). */
  final byte[] hash() {
    byte[] h = hash;
    if (h == null) {
      h = Keccak.hashToArray(rlp());
      hash = h;
    }
    return h;
  }

  /** Whether the parent holds this node's hash rather than its encoding (Yellow Paper: RLP of 32 bytes or more). */
  final boolean isReferencedByHash() {
    return rlp().length >= 32;
  }

  /** Size of this node's reference inside its parent's encoding. */
  int refSize() {
    byte[] r = rlp();
    return r.length < 32 ? r.length : 33;
  }

  /** Writes the reference: the node's own RLP when shorter than 32 bytes, else the RLP string of its hash. */
  int writeRef(byte[] out, int pos) {
    byte[] r = rlp();
    if (r.length < 32) {
      System.arraycopy(r, 0, out, pos, r.length);
      return pos + r.length;
    }
    out[pos++] = (byte) 0xa0;
    System.arraycopy(hash(), 0, out, pos, 32);
    return pos + 32;
  }

  /** How a child slot is handed to the cache: hashed children shrink to references so cached nodes pin no subtrees. */
  static Node detachedRef(Node child) {
    if (child == null || child instanceof HashRef || !child.isReferencedByHash()) {
      return child;
    }
    return new HashRef(child.hash());
  }
}
