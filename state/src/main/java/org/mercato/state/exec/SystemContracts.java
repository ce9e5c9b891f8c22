package org.mercato.state.exec;

import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import org.mercato.state.types.Address;

/** The registry of native contracts by address, fixed when the node is wired. */
public final class SystemContracts {
  private final TreeMap<Address, SystemContract> byAddress = new TreeMap<>();

  public SystemContracts(List<SystemContract> contracts) {
    for (SystemContract c : contracts) {
      if (byAddress.put(c.address(), c) != null) {
        throw new IllegalArgumentException("two system contracts at " + c.address());
      }
    }
  }

  public static SystemContracts none() {
    return new SystemContracts(List.of());
  }

  public Optional<SystemContract> at(Address address) {
    return Optional.ofNullable(byAddress.get(address));
  }

  public Collection<SystemContract> all() {
    return Collections.unmodifiableCollection(byAddress.values());
  }
}
