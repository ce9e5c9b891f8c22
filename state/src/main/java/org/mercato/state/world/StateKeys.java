package org.mercato.state.world;

import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.rlp.RLP;
import org.mercato.state.crypto.Keccak;
import org.mercato.state.types.Address;

/** Key and value layouts of the state, in one place (see docs/spec/state.md). */
final class StateKeys {
  private StateKeys() {}

  /** Account trie key: keccak(address), so paths are uniformly spread and cannot be ground shallow or deep. */
  static Bytes accountTrieKey(Address address) {
    return Keccak.hash(address.bytes()).bytes();
  }

  /** Storage trie key: keccak(slot). */
  static Bytes storageTrieKey(Bytes32 slot) {
    return Keccak.hash(slot).bytes();
  }

  /** Storage trie value: rlp(value without leading zeros), as Ethereum stores it. */
  static Bytes storageTrieValue(Bytes32 value) {
    return RLP.encodeValue(value.trimLeadingZeros());
  }

  static Bytes32 decodeStorageTrieValue(Bytes rlp) {
    return Bytes32.leftPad(RLP.decodeValue(rlp));
  }

  /** Flat STORAGE key: address(20) || slot(32). */
  static byte[] flatStorageKey(Address address, Bytes32 slot) {
    byte[] key = new byte[Address.SIZE + 32];
    System.arraycopy(address.bytes().toArrayUnsafe(), 0, key, 0, Address.SIZE);
    System.arraycopy(slot.toArrayUnsafe(), 0, key, Address.SIZE, 32);
    return key;
  }
}
