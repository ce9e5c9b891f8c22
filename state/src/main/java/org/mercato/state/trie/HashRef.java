package org.mercato.state.trie;

/** A child known only by its hash; resolved through the trie's {@link NodeLoader} when a path goes through it. */
final class HashRef extends Node {
  final byte[] target;

  HashRef(byte[] target) {
    this.target = target;
    this.persisted = true;
  }

  @Override
  byte[] encode() {
    throw new IllegalStateException("a hash reference has no encoding of its own");
  }

  @Override
  Node detached() {
    return this;
  }

  @Override
  boolean isDirty() {
    return false;
  }

  @Override
  int refSize() {
    return 33;
  }

  @Override
  int writeRef(byte[] out, int pos) {
    out[pos++] = (byte) 0xa0;
    System.arraycopy(target, 0, out, pos, 32);
    return pos + 32;
  }
}
