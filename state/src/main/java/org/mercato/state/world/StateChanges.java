package org.mercato.state.world;

import java.util.Collections;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.apache.tuweni.bytes.Bytes32;
import org.mercato.state.types.Address;

/**
 * What one block changed: accounts (nonce, balance, code hash; the storage root field is ignored and
 * recomputed from {@code storage}) and storage slots (ZERO deletes the slot). Sorted maps, so applying
 * the changes is deterministic.
 */
public record StateChanges(NavigableMap<Address, Account> accounts, NavigableMap<Address, NavigableMap<Bytes32, Bytes32>> storage) {
  public StateChanges {
    accounts = Collections.unmodifiableNavigableMap(new TreeMap<>(accounts));
    TreeMap<Address, NavigableMap<Bytes32, Bytes32>> s = new TreeMap<>();
    storage.forEach((a, slots) -> s.put(a, Collections.unmodifiableNavigableMap(new TreeMap<>(slots))));
    storage = Collections.unmodifiableNavigableMap(s);
  }

  public static StateChanges empty() {
    return new StateChanges(new TreeMap<>(), new TreeMap<>());
  }
}
