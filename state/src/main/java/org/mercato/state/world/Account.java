package org.mercato.state.world;

import org.mercato.state.types.Hash;
import org.mercato.state.types.Wei;

/**
 * An account as Ethereum stores it in the state trie: rlp([nonce, balance, storageRoot, codeHash]).
 * System contracts (market modules) keep their objects in their account's storage trie, so their
 * state is under the same state root and readable with eth_getStorageAt and, later, eth_getProof.
 */
public record Account(long nonce, Wei balance, Hash storageRoot, Hash codeHash) {
  public static final Account EMPTY = new Account(0, Wei.ZERO, Hash.EMPTY_TRIE_ROOT, Hash.EMPTY_CODE_HASH);

  public Account withNonce(long n) {
    return new Account(n, balance, storageRoot, codeHash);
  }

  public Account withBalance(Wei b) {
    return new Account(nonce, b, storageRoot, codeHash);
  }

  public boolean isEmpty() {
    return nonce == 0 && balance.isZero() && codeHash.equals(Hash.EMPTY_CODE_HASH) && storageRoot.equals(Hash.EMPTY_TRIE_ROOT);
  }
}
