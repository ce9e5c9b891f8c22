package org.mercato.state.trie;

/** Sixteen children, one per next nibble, and the value of a key ending here: rlp([ref0..ref15, value]). */
final class BranchNode extends Node {
  static final int RADIX = 16;
  final Node[] children;
  /** Null when no key ends at this branch (encoded as the empty string). */
  final byte[] value;

  BranchNode(Node[] children, byte[] value) {
    this.children = children;
    this.value = value;
  }

  BranchNode(Node[] children, byte[] value, byte[] rlp, byte[] hash) {
    super(rlp, hash);
    this.children = children;
    this.value = value;
  }

  BranchNode withChild(int index, Node child) {
    Node[] copy = children.clone();
    copy[index] = child;
    return new BranchNode(copy, value);
  }

  BranchNode withValue(byte[] newValue) {
    return new BranchNode(children, newValue);
  }

  @Override
  byte[] encode() {
    int payload = value == null ? 1 : Rlp.stringSize(value);
    for (Node c : children) {
      payload += c == null ? 1 : c.refSize();
    }
    byte[] out = new byte[Rlp.headerSize(payload) + payload];
    int pos = Rlp.writeListHeader(out, 0, payload);
    for (Node c : children) {
      if (c == null) {
        out[pos++] = Rlp.EMPTY_STRING;
      } else {
        pos = c.writeRef(out, pos);
      }
    }
    if (value == null) {
      out[pos] = Rlp.EMPTY_STRING;
    } else {
      Rlp.writeString(out, pos, value);
    }
    return out;
  }

  @Override
  Node detached() {
    Node[] refs = null;
    for (int i = 0; i < RADIX; i++) {
      Node ref = detachedRef(children[i]);
      if (ref != children[i]) {
        if (refs == null) {
          refs = children.clone();
        }
        refs[i] = ref;
      }
    }
    return refs == null ? this : new BranchNode(refs, value, rlp(), hash());
  }
}
