package org.mercato.state.world;

import java.util.Optional;
import org.apache.tuweni.bytes.Bytes32;
import org.mercato.state.types.Address;

/** Read access to world state at one point (a committed block, or a block being built). */
public interface WorldView {
  Optional<Account> account(Address address);

  /** The storage slot's value, {@link Bytes32#ZERO} if never written. */
  Bytes32 storage(Address address, Bytes32 slot);

  default Account accountOrEmpty(Address address) {
    return account(address).orElse(Account.EMPTY);
  }
}
