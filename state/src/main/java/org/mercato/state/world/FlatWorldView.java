package org.mercato.state.world;

import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.mercato.state.storage.Column;
import org.mercato.state.storage.Database;
import org.mercato.state.types.Address;

/** The latest committed state from the flat tables: one point lookup per read, no trie walk. */
final class FlatWorldView implements WorldView {
  private final Database db;

  FlatWorldView(Database db) {
    this.db = db;
  }

  @Override
  public Optional<Account> account(Address address) {
    return db.get(Column.ACCOUNTS, address.bytes().toArrayUnsafe()).map(raw -> AccountRlp.decode(Bytes.wrap(raw)));
  }

  @Override
  public Bytes32 storage(Address address, Bytes32 slot) {
    return db.get(Column.STORAGE, StateKeys.flatStorageKey(address, slot))
        .map(raw -> Bytes32.leftPad(Bytes.wrap(raw)))
        .orElse(Bytes32.ZERO);
  }
}
