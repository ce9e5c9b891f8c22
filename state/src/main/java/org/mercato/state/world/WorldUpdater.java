package org.mercato.state.world;

import java.util.HashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.tuweni.bytes.Bytes32;
import org.mercato.state.types.Address;

/**
 * A mutable overlay over a {@link WorldView}: reads fall through to the parent, writes stay here
 * until {@link #commit()} pushes them into a parent updater, or {@link #toStateChanges()} hands
 * them to storage. A child updater per transaction (or per system call) is how a failed call
 * reverts its state changes while the fee it paid stays.
 *
 * <p>Lookups use HashMaps for speed; nothing iterates them in an order that reaches consensus:
 * {@link #toStateChanges()} sorts.
 */
public final class WorldUpdater implements WorldView {
  private final WorldView parent;
  private final WorldUpdater parentUpdater;
  private final Map<Address, Account> accounts = new HashMap<>();
  private final Map<Address, Map<Bytes32, Bytes32>> storage = new HashMap<>();

  public WorldUpdater(WorldView parent) {
    this.parent = parent;
    this.parentUpdater = null;
  }

  private WorldUpdater(WorldUpdater parentUpdater) {
    this.parent = parentUpdater;
    this.parentUpdater = parentUpdater;
  }

  /** A nested overlay whose writes reach this one only on {@link #commit()}. */
  public WorldUpdater child() {
    return new WorldUpdater(this);
  }

  @Override
  public Optional<Account> account(Address address) {
    Account a = accounts.get(address);
    return a != null ? Optional.of(a) : parent.account(address);
  }

  @Override
  public Bytes32 storage(Address address, Bytes32 slot) {
    Map<Bytes32, Bytes32> slots = storage.get(address);
    if (slots != null) {
      Bytes32 v = slots.get(slot);
      if (v != null) {
        return v;
      }
    }
    return parent.storage(address, slot);
  }

  public void putAccount(Address address, Account account) {
    accounts.put(address, account);
  }

  public void putStorage(Address address, Bytes32 slot, Bytes32 value) {
    storage.computeIfAbsent(address, a -> new HashMap<>()).put(slot, value);
  }

  /** Pushes this overlay's writes into the parent updater. */
  public void commit() {
    if (parentUpdater == null) {
      throw new IllegalStateException("a root updater has no parent updater; use toStateChanges()");
    }
    parentUpdater.accounts.putAll(accounts);
    storage.forEach((a, slots) -> parentUpdater.storage.computeIfAbsent(a, x -> new HashMap<>()).putAll(slots));
    accounts.clear();
    storage.clear();
  }

  /** Everything written here, sorted, for the state database. Accounts whose storage changed are included. */
  public StateChanges toStateChanges() {
    TreeMap<Address, Account> acc = new TreeMap<>(accounts);
    TreeMap<Address, NavigableMap<Bytes32, Bytes32>> st = new TreeMap<>();
    storage.forEach((a, slots) -> {
      st.put(a, StateChanges.sortedSlots(slots));
      acc.computeIfAbsent(a, this::accountOrEmpty);
    });
    return new StateChanges(acc, st);
  }
}
