package org.mercato.market.data.fre;

import java.math.BigInteger;
import org.apache.tuweni.units.bigints.UInt256;
import org.mercato.market.data.MeteredCall.Meter;
import org.mercato.market.data.MeteredCall.Revert;
import org.mercato.market.data.token.DatatokenContract;
import org.mercato.state.types.Address;
import org.mercato.state.types.Wei;
import org.mercato.state.world.Account;
import org.mercato.state.world.WorldUpdater;
import org.mercato.state.world.WorldView;

/**
 * Moves an exchange's base value: native coins (base token 0) or units of a datatoken of this chain, moved directly
 * from the holder's balance without an ERC-20 allowance (docs/spec/data-market.md §Fixed-rate exchange, "Token base").
 * Gas: a coin move 5,000 (the credit); a token move 2 × 5,000 + 1,000 (two balances and the {@code Transfer} log).
 */
final class BaseAsset {
  private BaseAsset() {}

  static BigInteger balance(WorldView w, Address baseToken, Address holder) {
    return baseToken.equals(FixedRateExchange.NATIVE) ? w.accountOrEmpty(holder).balance().value()
        : DatatokenContract.balanceOf(w, baseToken, holder).toBigInteger();
  }

  /** Moves {@code amount} base units; a zero amount or a move to oneself does nothing. */
  static void move(Meter m, WorldUpdater w, Address baseToken, Address from, Address to, BigInteger amount) {
    if (amount.signum() == 0 || from.equals(to)) {
      return;
    }
    if (balance(w, baseToken, from).compareTo(amount) < 0) {
      throw new Revert(baseToken.equals(FixedRateExchange.NATIVE) ? "FixedRateExchange: not enough native coin"
          : "FixedRateExchange: not enough base tokens in " + from);
    }
    if (baseToken.equals(FixedRateExchange.NATIVE)) {
      Wei v = new Wei(amount);
      Account src = w.accountOrEmpty(from);
      w.putAccount(from, src.withBalance(src.balance().subtract(v)));
      Account dst = w.accountOrEmpty(to);
      w.putAccount(to, dst.withBalance(dst.balance().add(v)));
      m.gas += FixedRateExchange.WRITE_GAS;
    } else {
      m.logs.add(DatatokenContract.transferAs(w, baseToken, from, to, UInt256.valueOf(amount)));
      m.gas += 2 * FixedRateExchange.WRITE_GAS + FixedRateExchange.LOG_GAS;
    }
  }
}
