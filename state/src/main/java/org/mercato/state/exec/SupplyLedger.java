package org.mercato.state.exec;

import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.units.bigints.UInt256;
import org.mercato.state.types.Address;
import org.mercato.state.types.Wei;
import org.mercato.state.world.WorldUpdater;
import org.mercato.state.world.WorldView;

/**
 * The coin supply's books, kept in state under the state root (storage of a reserved account), so
 * conservation is checkable at any block: sum of all balances + burned = genesis supply + minted.
 * See docs/spec/execution.md §Supply.
 */
public final class SupplyLedger {
  /** Reserved address 0x…1000: the ledger lives in its storage; no key controls it, so coins sent to it are locked. */
  public static final Address ADDRESS = Address.fromHex("0x0000000000000000000000000000000000001000");
  static final Bytes32 GENESIS_SUPPLY = slot(0);
  static final Bytes32 BURNED = slot(1);
  static final Bytes32 MINTED = slot(2);

  private SupplyLedger() {}

  private static Bytes32 slot(int i) {
    return UInt256.valueOf(i).toBytes();
  }

  public static Wei genesisSupply(WorldView w) {
    return read(w, GENESIS_SUPPLY);
  }

  public static Wei burned(WorldView w) {
    return read(w, BURNED);
  }

  public static Wei minted(WorldView w) {
    return read(w, MINTED);
  }

  public static void recordGenesisSupply(WorldUpdater w, Wei supply) {
    write(w, GENESIS_SUPPLY, supply);
  }

  public static void addBurned(WorldUpdater w, Wei amount) {
    if (!amount.isZero()) {
      write(w, BURNED, burned(w).add(amount));
    }
  }

  public static void addMinted(WorldUpdater w, Wei amount) {
    if (!amount.isZero()) {
      write(w, MINTED, minted(w).add(amount));
    }
  }

  private static Wei read(WorldView w, Bytes32 slot) {
    return new Wei(w.storage(ADDRESS, slot).toUnsignedBigInteger());
  }

  private static void write(WorldUpdater w, Bytes32 slot, Wei value) {
    w.putStorage(ADDRESS, slot, UInt256.valueOf(value.value()).toBytes());
  }
}
