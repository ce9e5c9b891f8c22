package org.mercato.state.trie;

import java.util.Arrays;

/** Decodes a stored node. Children held by hash become {@link HashRef}s; embedded children are decoded in place. */
final class NodeDecoder {
  private NodeDecoder() {}

  /** {@code hash} is the key the node was stored under, or null for an embedded node. */
  static Node decode(byte[] rlp, byte[] hash) {
    Rlp.Item list = Rlp.item(rlp, 0, rlp.length);
    if (!list.isList() || list.end() != rlp.length) {
      throw new CorruptNodeException("node is not a single RLP list");
    }
    Rlp.Item[] items = new Rlp.Item[17];
    int count = 0;
    int limit = list.payloadOffset() + list.payloadLength();
    for (int pos = list.payloadOffset(); pos < limit; ) {
      if (count == 17) {
        throw new CorruptNodeException("node list has more than 17 items");
      }
      Rlp.Item it = Rlp.item(rlp, pos, limit);
      items[count++] = it;
      pos = it.end();
    }
    if (count == 2) {
      return decodeShort(rlp, hash, items[0], items[1]);
    }
    if (count == 17) {
      return decodeBranch(rlp, hash, items);
    }
    throw new CorruptNodeException("node list has " + count + " items");
  }

  private static Node decodeShort(byte[] rlp, byte[] hash, Rlp.Item pathItem, Rlp.Item second) {
    if (pathItem.isList()) {
      throw new CorruptNodeException("node path is a list");
    }
    byte[] path = Nibbles.decodeHexPrefix(rlp, pathItem.payloadOffset(), pathItem.payloadLength());
    if (Nibbles.isLeaf(rlp, pathItem.payloadOffset())) {
      if (second.isList()) {
        throw new CorruptNodeException("leaf value is a list");
      }
      return new LeafNode(path, payload(rlp, second), rlp, hash);
    }
    Node child = decodeChild(rlp, second);
    if (child == null || path.length == 0) {
      throw new CorruptNodeException("extension without path or child");
    }
    return new ExtensionNode(path, child, rlp, hash);
  }

  private static Node decodeBranch(byte[] rlp, byte[] hash, Rlp.Item[] items) {
    Node[] children = new Node[BranchNode.RADIX];
    for (int i = 0; i < BranchNode.RADIX; i++) {
      children[i] = decodeChild(rlp, items[i]);
    }
    Rlp.Item v = items[16];
    if (v.isList()) {
      throw new CorruptNodeException("branch value is a list");
    }
    return new BranchNode(children, v.payloadLength() == 0 ? null : payload(rlp, v), rlp, hash);
  }

  private static Node decodeChild(byte[] rlp, Rlp.Item it) {
    if (it.isList()) {
      return decode(Arrays.copyOfRange(rlp, it.start(), it.end()), null);
    }
    if (it.payloadLength() == 0) {
      return null;
    }
    if (it.payloadLength() == 32) {
      return new HashRef(payload(rlp, it));
    }
    throw new CorruptNodeException("child reference of " + it.payloadLength() + " bytes");
  }

  private static byte[] payload(byte[] rlp, Rlp.Item it) {
    return Arrays.copyOfRange(rlp, it.payloadOffset(), it.payloadOffset() + it.payloadLength());
  }
}
