package org.mercato.state.trie;

import org.apache.tuweni.bytes.Bytes32;

/**
 * A node referenced by hash is not in the node source: the root was never committed, or the
 * database is incomplete. Callers that query arbitrary roots (RPC) check availability first.
 */
public final class MissingNodeException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final transient Bytes32 hash;

  public MissingNodeException(Bytes32 hash) {
    super("trie node not found: " + hash.toHexString());
    this.hash = hash;
  }

  public Bytes32 hash() {
    return hash;
  }
}
