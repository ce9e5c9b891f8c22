package org.mercato.state.world;

import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.Map;
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
  /**
   * Storage keys in unsigned lexicographic order of their 32 bytes: the same order as tuweni's
   * numeric {@code Bytes.compareTo} for equal lengths, without its per-byte virtual calls and bit
   * counting (a block of market orders sorts ~70,000 slots of one contract: it showed in profiles).
   */
  public static final Comparator<Bytes32> SLOT_ORDER = (a, b) -> Arrays.compareUnsigned(a.toArrayUnsafe(), b.toArrayUnsafe());

  public StateChanges {
    accounts = Collections.unmodifiableNavigableMap(new TreeMap<>(accounts));
    TreeMap<Address, NavigableMap<Bytes32, Bytes32>> s = new TreeMap<>();
    storage.forEach((a, slots) -> s.put(a, Collections.unmodifiableNavigableMap(sortedSlots(slots))));
    storage = Collections.unmodifiableNavigableMap(s);
  }

  /** {@code slots} in {@link #SLOT_ORDER} (a linear copy when they already are). */
  public static TreeMap<Bytes32, Bytes32> sortedSlots(Map<Bytes32, Bytes32> slots) {
    TreeMap<Bytes32, Bytes32> sorted = new TreeMap<>(SLOT_ORDER);
    sorted.putAll(slots);
    return sorted;
  }

  public static StateChanges empty() {
    return new StateChanges(new TreeMap<>(), new TreeMap<>());
  }
}
