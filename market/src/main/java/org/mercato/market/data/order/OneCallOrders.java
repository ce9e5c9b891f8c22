package org.mercato.market.data.order;

import java.math.BigInteger;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.units.bigints.UInt256;
import org.mercato.market.data.DataMarketAddresses;
import org.mercato.market.data.MeteredCall.Meter;
import org.mercato.market.data.MeteredCall.Revert;
import org.mercato.market.data.dispenser.Dispenser;
import org.mercato.market.data.fre.ExchangeState;
import org.mercato.market.data.fre.ExchangeStore;
import org.mercato.market.data.fre.FixedRateExchange;
import org.mercato.market.data.token.DatatokenContract;
import org.mercato.state.exec.BlockContext;
import org.mercato.state.types.Address;
import org.mercato.state.types.Hash;
import org.mercato.state.types.Wei;
import org.mercato.state.world.Account;
import org.mercato.state.world.WorldUpdater;

/**
 * The one-call order paths of the order book (docs/spec/data-market.md §Orders, "One call: buy or dispense, then order";
 * DM§9 Enterprise, DM§12 "too many prompts"): get exactly one datatoken for the caller from the exchange or the dispenser
 * and spend it on an order, inside one call. Everything shares the call's {@link Meter} and child world, so a failure at
 * any step reverts every step and the transaction pays only gas.
 */
final class OneCallOrders {
  private static final Address SELF = DataMarketAddresses.ORDER_BOOK;

  private OneCallOrders() {}

  /**
   * Buys {@link Orders#ORDER_AMOUNT} of the exchange's datatoken for {@code caller} ({@link FixedRateExchange#buy}), pays
   * back the unspent {@code value} (the coins the transaction already moved to {@code 0x…1004}), then orders.
   */
  static Order buyAndOrder(Meter m, WorldUpdater w, BlockContext b, Hash orderTx, Address caller, BigInteger value,
      Bytes32 exchangeId, BigInteger maxBase, Address swapMarket, BigInteger swapFee, Address consumer,
      UInt256 serviceIndex, ProviderFee providerFee, ConsumeMarketFee consumeFee) {
    ExchangeState ex = ExchangeStore.find(w, exchangeId)
        .orElseThrow(() -> new Revert("FixedRateExchange: Exchange does not exist"));
    if (!ex.nativeBase() && value.signum() != 0) {
      throw new Revert("OrderBook: not payable for a token-based exchange");
    }
    BigInteger cost;
    try {
      cost = FixedRateExchange.buy(m, w, b, caller, caller, ex, Orders.ORDER_AMOUNT.toBigInteger(), maxBase,
          swapMarket, swapFee, SELF, value);
    } catch (ArithmeticException e) { // a uint256 overflow in the price maths, as the exchange's own call reports it
      throw new Revert("FixedRateExchange: " + e.getMessage());
    }
    refund(m, w, caller, value.subtract(ex.nativeBase() ? cost : BigInteger.ZERO));
    return Orders.start(m, w, b, orderTx, ex.datatoken(), caller, consumer, serviceIndex, providerFee, consumeFee);
  }

  /** Dispenses {@link Orders#ORDER_AMOUNT} to {@code caller} (the dispenser's limits apply to the caller), then orders. */
  static Order dispenseAndOrder(Meter m, WorldUpdater w, BlockContext b, Hash orderTx, Address caller, Address datatoken,
      Address consumer, UInt256 serviceIndex, ProviderFee providerFee, ConsumeMarketFee consumeFee) {
    Dispenser.dispense(m, w, caller, datatoken, Orders.ORDER_AMOUNT.toBigInteger(), caller);
    return Orders.start(m, w, b, orderTx, datatoken, caller, consumer, serviceIndex, providerFee, consumeFee);
  }

  /** The unspent part of msg.value back to the caller: one coin credit (5,000 gas), nothing when it is zero. */
  private static void refund(Meter m, WorldUpdater w, Address caller, BigInteger amount) {
    if (amount.signum() == 0) {
      return;
    }
    Wei v = new Wei(amount);
    Account self = w.accountOrEmpty(SELF);
    w.putAccount(SELF, self.withBalance(self.balance().subtract(v)));
    Account c = w.accountOrEmpty(caller);
    w.putAccount(caller, c.withBalance(c.balance().add(v)));
    m.gas += DatatokenContract.WRITE_GAS;
  }
}
