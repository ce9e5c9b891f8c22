package org.mercato.node.marketrpc;

import java.math.BigInteger;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.units.bigints.UInt256;
import org.mercato.market.data.DataMarketAddresses;
import org.mercato.market.data.fre.FixedRateExchange;
import org.mercato.market.data.token.DatatokenContract;
import org.mercato.state.crypto.Keccak;
import org.mercato.state.types.Address;
import org.mercato.state.world.WorldView;

/**
 * Reads one fixed-rate exchange from the state of {@code 0x…1002}, by the storage layout that docs/spec/data-market.md
 * §Fixed-rate exchange documents (exchange {@code id} at {@code base = keccak256(id ‖ u(0))}, fields {@code base+0..5}).
 * Read-only and pure over a {@link WorldView}, like the contract's own views.
 */
final class ExchangeReader {
  private static final Address FRE = DataMarketAddresses.FIXED_RATE_EXCHANGE;

  private ExchangeReader() {}

  /** The exchange with this id, or empty if none was created (its rate is zero exactly then). */
  static Optional<ExchangeView> read(WorldView w, Bytes32 id) {
    UInt256 base = UInt256.fromBytes(Keccak.hash(Bytes.concatenate(id, UInt256.ZERO.toBytes())).bytes());
    BigInteger rate = word(w, base, 2).toUnsignedBigInteger();
    if (rate.signum() == 0) {
      return Optional.empty();
    }
    Address datatoken = address(w, base, 1);
    boolean withMint = !word(w, base, 5).isZero();
    return Optional.of(new ExchangeView(id, address(w, base, 0), datatoken, FixedRateExchange.NATIVE,
        FixedRateExchange.NATIVE_DECIMALS, DatatokenContract.DECIMALS, rate, word(w, base, 3).toUnsignedBigInteger(),
        address(w, base, 4), FixedRateExchange.NATIVE_OPC_FEE, withMint,
        withMint && DatatokenContract.isMinter(w, datatoken, FRE),
        DatatokenContract.balanceOf(w, datatoken, FRE).toBigInteger()));
  }

  private static Bytes32 word(WorldView w, UInt256 base, int field) {
    return w.storage(FRE, base.add(UInt256.valueOf(field)).toBytes());
  }

  private static Address address(WorldView w, UInt256 base, int field) {
    return new Address(word(w, base, field).slice(12, 20));
  }
}
