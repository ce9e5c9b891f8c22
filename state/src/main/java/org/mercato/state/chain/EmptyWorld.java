package org.mercato.state.chain;

import java.util.Optional;
import org.apache.tuweni.bytes.Bytes32;
import org.mercato.state.types.Address;
import org.mercato.state.world.Account;
import org.mercato.state.world.WorldView;

/** The state before genesis: no accounts, no storage. */
enum EmptyWorld implements WorldView {
  INSTANCE;

  @Override
  public Optional<Account> account(Address address) {
    return Optional.empty();
  }

  @Override
  public Bytes32 storage(Address address, Bytes32 slot) {
    return Bytes32.ZERO;
  }
}
