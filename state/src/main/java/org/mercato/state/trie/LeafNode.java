package org.mercato.state.trie;

/** The rest of a key's path and its value: rlp([hexPrefix(path, leaf), value]). */
final class LeafNode extends Node {
  final byte[] path;
  final byte[] value;

  LeafNode(byte[] path, byte[] value) {
    this.path = path;
    this.value = value;
  }

  LeafNode(byte[] path, byte[] value, byte[] rlp, byte[] hash) {
    super(rlp, hash);
    this.path = path;
    this.value = value;
  }

  @Override
  byte[] encode() {
    byte[] hp = Nibbles.hexPrefix(path, true);
    int payload = Rlp.stringSize(hp) + Rlp.stringSize(value);
    byte[] out = new byte[Rlp.headerSize(payload) + payload];
    int pos = Rlp.writeListHeader(out, 0, payload);
    pos = Rlp.writeString(out, pos, hp);
    Rlp.writeString(out, pos, value);
    return out;
  }

  @Override
  Node detached() {
    return this;
  }
}
