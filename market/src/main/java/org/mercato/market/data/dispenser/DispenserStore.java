package org.mercato.market.data.dispenser;

import java.math.BigInteger;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.units.bigints.UInt256;
import org.mercato.market.data.DataMarketAddresses;
import org.mercato.market.data.MeteredCall.Meter;
import org.mercato.state.crypto.Keccak;
import org.mercato.state.types.Address;
import org.mercato.state.world.WorldUpdater;
import org.mercato.state.world.WorldView;

/**
 * The dispenser's storage (docs/spec/data-market.md §Dispenser, Storage): datatoken {@code dt}'s record at
 * {@code base = keccak256(pad(dt) ‖ uint256(0))}: {@code +0} owner (the creator; ≠ 0 iff it exists), {@code +1} active,
 * {@code +2} maxTokens, {@code +3} maxBalance, {@code +4} allowedSwapper. Each write costs the meter 5,000.
 */
public final class DispenserStore {
  private static final Address SELF = DataMarketAddresses.DISPENSER;
  private static final int F_OWNER = 0;
  private static final int F_ACTIVE = 1;
  private static final int F_MAX_TOKENS = 2;
  private static final int F_MAX_BALANCE = 3;
  private static final int F_ALLOWED_SWAPPER = 4;
  private static final Bytes32 DISPENSERS = UInt256.valueOf(0).toBytes();

  private DispenserStore() {}

  public static Optional<DispenserState> find(WorldView w, Address dt) {
    Address owner = address(w, dt, F_OWNER);
    if (owner.equals(Address.ZERO)) {
      return Optional.empty();
    }
    return Optional.of(new DispenserState(dt, owner, !word(w, dt, F_ACTIVE).isZero(), uint(w, dt, F_MAX_TOKENS),
        uint(w, dt, F_MAX_BALANCE), address(w, dt, F_ALLOWED_SWAPPER)));
  }

  static void create(WorldUpdater w, Meter m, Address dt, Address owner, BigInteger maxTokens, BigInteger maxBalance,
      Address swapper) {
    put(w, m, dt, F_OWNER, Bytes32.leftPad(owner.bytes()));
    activate(w, m, dt, maxTokens, maxBalance);
    if (!swapper.equals(Address.ZERO)) {
      setAllowedSwapper(w, m, dt, swapper);
    }
  }

  static void activate(WorldUpdater w, Meter m, Address dt, BigInteger maxTokens, BigInteger maxBalance) {
    put(w, m, dt, F_ACTIVE, UInt256.ONE.toBytes());
    put(w, m, dt, F_MAX_TOKENS, UInt256.valueOf(maxTokens).toBytes());
    put(w, m, dt, F_MAX_BALANCE, UInt256.valueOf(maxBalance).toBytes());
  }

  static void deactivate(WorldUpdater w, Meter m, Address dt) {
    put(w, m, dt, F_ACTIVE, Bytes32.ZERO);
  }

  static void setAllowedSwapper(WorldUpdater w, Meter m, Address dt, Address swapper) {
    put(w, m, dt, F_ALLOWED_SWAPPER, Bytes32.leftPad(swapper.bytes()));
  }

  private static void put(WorldUpdater w, Meter m, Address dt, int field, Bytes32 value) {
    w.putStorage(SELF, slot(dt, field), value);
    m.gas += Dispenser.WRITE_GAS;
  }

  private static Bytes32 word(WorldView w, Address dt, int field) {
    return w.storage(SELF, slot(dt, field));
  }

  private static BigInteger uint(WorldView w, Address dt, int field) {
    return UInt256.fromBytes(word(w, dt, field)).toBigInteger();
  }

  private static Address address(WorldView w, Address dt, int field) {
    return new Address(word(w, dt, field).slice(12, 20));
  }

  private static Bytes32 slot(Address dt, int field) {
    UInt256 base = UInt256.fromBytes(Keccak.hash(Bytes.concatenate(Bytes32.leftPad(dt.bytes()), DISPENSERS)).bytes());
    return base.add(UInt256.valueOf(field)).toBytes();
  }
}
