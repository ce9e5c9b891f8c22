package org.mercato.state.trie;

import java.util.List;
import org.apache.tuweni.bytes.Bytes;
import org.mercato.state.types.Hash;

/** Roots of tries built in one go and never stored, such as a block's transactions and receipts roots. */
public final class TrieRoots {
  private TrieRoots() {}

  /** Ethereum's ordered trie: value i under key rlp(i) (so key 0 is 0x80). Empty list -> the empty trie root. */
  public static Hash ordered(List<Bytes> values) {
    MerklePatriciaTrie trie = MerklePatriciaTrie.empty();
    for (int i = 0; i < values.size(); i++) {
      trie.put(Bytes.wrap(Rlp.encodeIndex(i)), values.get(i));
    }
    return trie.rootHash();
  }
}
