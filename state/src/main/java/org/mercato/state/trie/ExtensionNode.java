package org.mercato.state.trie;

/** A shared path segment (never empty) leading to a branch: rlp([hexPrefix(path, extension), ref(child)]). */
final class ExtensionNode extends Node {
  final byte[] path;
  final Node child;

  ExtensionNode(byte[] path, Node child) {
    this.path = path;
    this.child = child;
  }

  ExtensionNode(byte[] path, Node child, byte[] rlp, byte[] hash) {
    super(rlp, hash);
    this.path = path;
    this.child = child;
  }

  @Override
  byte[] encode() {
    byte[] hp = Nibbles.hexPrefix(path, false);
    int payload = Rlp.stringSize(hp) + child.refSize();
    byte[] out = new byte[Rlp.headerSize(payload) + payload];
    int pos = Rlp.writeListHeader(out, 0, payload);
    pos = Rlp.writeString(out, pos, hp);
    child.writeRef(out, pos);
    return out;
  }

  @Override
  Node detached() {
    Node ref = detachedRef(child);
    if (ref == child) {
      return this;
    }
    ExtensionNode copy = new ExtensionNode(path, ref, rlp(), hash());
    return copy;
  }
}
