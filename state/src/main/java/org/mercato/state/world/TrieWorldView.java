package org.mercato.state.world;

import java.util.Optional;
import org.apache.tuweni.bytes.Bytes32;
import org.mercato.state.trie.MerklePatriciaTrie;
import org.mercato.state.trie.NodeCache;
import org.mercato.state.trie.NodeSource;
import org.mercato.state.types.Address;
import org.mercato.state.types.Hash;

/**
 * State at any stored root, read through the tries (historical queries, eth_getProof later).
 * Each read walks from the root through the shared node cache, so a view is cheap to create and
 * safe to use from several threads.
 */
final class TrieWorldView implements WorldView {
  private final Hash stateRoot;
  private final NodeSource source;
  private final NodeCache cache;

  TrieWorldView(Hash stateRoot, NodeSource source, NodeCache cache) {
    this.stateRoot = stateRoot;
    this.source = source;
    this.cache = cache;
  }

  @Override
  public Optional<Account> account(Address address) {
    return MerklePatriciaTrie.load(stateRoot, source, cache).get(StateKeys.accountTrieKey(address)).map(AccountRlp::decode);
  }

  @Override
  public Bytes32 storage(Address address, Bytes32 slot) {
    Optional<Account> account = account(address);
    if (account.isEmpty() || account.get().storageRoot().equals(Hash.EMPTY_TRIE_ROOT)) {
      return Bytes32.ZERO;
    }
    return MerklePatriciaTrie.load(account.get().storageRoot(), source, cache)
        .get(StateKeys.storageTrieKey(slot))
        .map(StateKeys::decodeStorageTrieValue)
        .orElse(Bytes32.ZERO);
  }
}
