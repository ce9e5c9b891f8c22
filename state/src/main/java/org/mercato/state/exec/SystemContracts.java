package org.mercato.state.exec;

import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import org.mercato.state.types.Address;
import org.mercato.state.world.WorldView;

/**
 * The registry of native contracts: a fixed list by exact address, fixed when the node is wired, then an optional
 * {@link ContractResolver} for contracts at run-time derived addresses. Every executor (transactions, eth_call,
 * eth_getCode) must use {@link #lookup} with the state it runs on.
 */
public final class SystemContracts {
  private final TreeMap<Address, SystemContract> byAddress = new TreeMap<>();
  private final ContractResolver resolver;

  public SystemContracts(List<SystemContract> contracts) {
    this(contracts, ContractResolver.NONE);
  }

  public SystemContracts(List<SystemContract> contracts, ContractResolver resolver) {
    for (SystemContract c : contracts) {
      if (byAddress.put(c.address(), c) != null) {
        throw new IllegalArgumentException("two system contracts at " + c.address());
      }
    }
    this.resolver = java.util.Objects.requireNonNull(resolver, "resolver");
  }

  public static SystemContracts none() {
    return new SystemContracts(List.of());
  }

  /** The fixed contract at {@code address}, ignoring the resolver (state-independent). */
  public Optional<SystemContract> at(Address address) {
    return Optional.ofNullable(byAddress.get(address));
  }

  /**
   * The contract at {@code address} in {@code state}: the fixed list first, then the resolver. A resolved contract
   * must report {@code address} as its own; anything else is a wiring bug.
   */
  public Optional<SystemContract> lookup(Address address, WorldView state) {
    SystemContract fixed = byAddress.get(address);
    if (fixed != null) {
      return Optional.of(fixed);
    }
    Optional<SystemContract> r = resolver.resolve(address, state);
    if (r.isPresent() && !r.get().address().equals(address)) {
      throw new IllegalStateException("resolver returned a contract at " + r.get().address() + " for " + address);
    }
    return r;
  }

  /** The fixed contracts only. */
  public Collection<SystemContract> all() {
    return Collections.unmodifiableCollection(byAddress.values());
  }
}
