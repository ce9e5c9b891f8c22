package org.mercato.state.txpool;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.tuweni.bytes.Bytes32;
import org.mercato.state.types.Address;
import org.mercato.state.types.Wei;
import org.mercato.state.world.Account;
import org.mercato.state.world.WorldView;

/** An in-memory world state for pool tests: accounts with nonce and balance, no storage. */
final class TestWorld implements WorldView {
  private final Map<Address, Account> accounts = new ConcurrentHashMap<>();

  TestWorld fund(Address a, Wei balance) {
    accounts.put(a, accountOrEmpty(a).withBalance(balance));
    return this;
  }

  TestWorld nonce(Address a, long nonce) {
    accounts.put(a, accountOrEmpty(a).withNonce(nonce));
    return this;
  }

  TestWorld copy() {
    TestWorld w = new TestWorld();
    w.accounts.putAll(accounts);
    return w;
  }

  @Override
  public Optional<Account> account(Address address) {
    return Optional.ofNullable(accounts.get(address));
  }

  @Override
  public Bytes32 storage(Address address, Bytes32 slot) {
    return Bytes32.ZERO;
  }
}
