package org.mercato.state.trie;

/** A stored node does not decode: the database is damaged (a broken invariant, not a rule failure). */
public final class CorruptNodeException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public CorruptNodeException(String message) {
    super(message);
  }
}
