package org.mercato.market.data.fre;

import java.math.BigInteger;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.units.bigints.UInt256;
import org.mercato.market.data.DataMarketAddresses;
import org.mercato.market.data.SlotMath;
import org.mercato.market.data.MeteredCall.Meter;
import org.mercato.market.data.token.DatatokenContract;
import org.mercato.state.types.Address;
import org.mercato.state.world.WorldUpdater;
import org.mercato.state.world.WorldView;

/**
 * The exchange's storage layout (docs/spec/data-market.md §Fixed-rate exchange, Storage): exchange {@code id} at
 * {@code base = keccak256(id ‖ uint256(0))} with one word per field, and {@code reserved[token]} (slot-1 mapping), the
 * sum of {@code btBalance} over exchanges whose base is {@code token}. Every write costs the caller's meter 5,000.
 */
public final class ExchangeStore {
  static final Address SELF = DataMarketAddresses.FIXED_RATE_EXCHANGE;
  static final int F_OWNER = 0;
  static final int F_DATATOKEN = 1;
  static final int F_RATE = 2;
  static final int F_MARKET_FEE = 3;
  static final int F_MARKET_COLLECTOR = 4;
  static final int F_WITH_MINT = 5;
  static final int F_BASE_TOKEN = 6;
  /** Stored inverted (1 = deactivated) so the zero word means active, as every exchange is when created. */
  static final int F_DEACTIVATED = 7;
  static final int F_BT_BALANCE = 8;
  static final int F_ALLOWED_SWAPPER = 9;
  private static final long EXCHANGES = 0;
  private static final long RESERVED = 1;

  private ExchangeStore() {}

  /**
   * The exchange {@code id}, if it exists (its rate is never 0 once created). The struct's base slot is hashed once and
   * every field read at base + offset.
   */
  public static Optional<ExchangeState> find(WorldView w, Bytes32 id) {
    Bytes32 base = base(id);
    UInt256 rate = uint(w, base, F_RATE);
    if (rate.isZero()) {
      return Optional.empty();
    }
    return Optional.of(new ExchangeState(id, address(w, base, F_OWNER), address(w, base, F_DATATOKEN),
        address(w, base, F_BASE_TOKEN), rate.toBigInteger(), uint(w, base, F_MARKET_FEE).toBigInteger(),
        address(w, base, F_MARKET_COLLECTOR), !uint(w, base, F_WITH_MINT).isZero(), uint(w, base, F_DEACTIVATED).isZero(),
        uint(w, base, F_BT_BALANCE).toBigInteger(), address(w, base, F_ALLOWED_SWAPPER)));
  }

  /** Base units of {@code token} (0 = native coin) the exchange holds for sells, over all its exchanges. */
  public static BigInteger reserved(WorldView w, Address token) {
    return UInt256.fromBytes(w.storage(SELF, reservedSlot(token))).toBigInteger();
  }

  /**
   * Datatokens of {@code datatoken} the exchange can sell from stock: its ERC-20 balance less what it holds as base for
   * exchanges priced in that token. Shared by every exchange of the datatoken (they all belong to its owner).
   */
  public static BigInteger stock(WorldView w, Address datatoken) {
    return DatatokenContract.balanceOf(w, datatoken, SELF).toBigInteger().subtract(reserved(w, datatoken));
  }

  static void put(WorldUpdater w, Meter m, Bytes32 id, int field, Object value) {
    w.putStorage(SELF, slot(id, field), toWord(value));
    m.gas += FixedRateExchange.WRITE_GAS;
  }

  /** Adds {@code delta} (may be negative) to the exchange's btBalance and to {@code reserved} of its base token. */
  static void addBtBalance(WorldUpdater w, Meter m, ExchangeState ex, BigInteger delta) {
    put(w, m, ex.id(), F_BT_BALANCE, ex.btBalance().add(delta));
    w.putStorage(SELF, reservedSlot(ex.baseToken()), UInt256.valueOf(reserved(w, ex.baseToken()).add(delta)).toBytes());
    m.gas += FixedRateExchange.WRITE_GAS;
  }

  private static Bytes32 toWord(Object v) {
    if (v instanceof Address a) {
      return Bytes32.leftPad(a.bytes());
    }
    if (v instanceof Boolean b) {
      return b ? UInt256.ONE.toBytes() : Bytes32.ZERO;
    }
    if (v instanceof BigInteger b) {
      return UInt256.valueOf(b).toBytes();
    }
    if (v instanceof UInt256 u) {
      return u.toBytes();
    }
    throw new IllegalArgumentException("not a storage word: " + v);
  }

  private static UInt256 uint(WorldView w, Bytes32 base, int field) {
    return UInt256.fromBytes(w.storage(SELF, SlotMath.plus(base, field)));
  }

  private static Address address(WorldView w, Bytes32 base, int field) {
    return new Address(w.storage(SELF, SlotMath.plus(base, field)).slice(12, 20));
  }

  /** The struct of exchange {@code id}: {@code keccak256(id ‖ uint256(0))}. */
  private static Bytes32 base(Bytes32 id) {
    return SlotMath.mapping(id, EXCHANGES);
  }

  static Bytes32 slot(Bytes32 id, int field) {
    return SlotMath.plus(base(id), field);
  }

  private static Bytes32 reservedSlot(Address token) {
    return SlotMath.mapping(token, RESERVED);
  }
}
