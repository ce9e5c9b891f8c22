package org.mercato.market.data.order;

import java.math.BigInteger;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.mercato.market.data.abi.Abi;
import org.mercato.market.data.token.DatatokenContract;
import org.mercato.state.types.Address;
import org.mercato.state.types.Hash;

/** Calldata of the order entry points (docs/spec/data-market.md §Orders), for clients, the CLI, benchmarks and tests. */
public final class OrderCalls {
  private OrderCalls() {}

  /** Ocean's {@code startOrder(consumer, serviceIndex, providerFee, consumeMarketFee)}, sent to the datatoken. */
  public static Bytes startOrder(Address consumer, long serviceIndex, ProviderFee providerFee, ConsumeMarketFee consumeFee) {
    Bytes head = Abi.encode(consumer, serviceIndex, 6L * 32, consumeFee.address(), consumeFee.token(), consumeFee.amount());
    return Bytes.concatenate(DatatokenContract.START_ORDER, head, providerFee.encodeTuple());
  }

  /** {@code startOrder(datatoken, consumer, serviceIndex, providerFee, consumeMarketFee)}, sent to the order book. */
  public static Bytes startOrderOnBook(Address datatoken, Address consumer, long serviceIndex, ProviderFee providerFee,
      ConsumeMarketFee consumeFee) {
    Bytes head = Abi.encode(datatoken, consumer, serviceIndex, 7L * 32, consumeFee.address(), consumeFee.token(),
        consumeFee.amount());
    return Bytes.concatenate(Abi.selector("startOrder(address,address,uint256," + OrderBook.PROVIDER_FEE_TUPLE + ","
        + OrderBook.CONSUME_FEE_TUPLE + ")"), head, providerFee.encodeTuple());
  }

  /** Ocean's {@code reuseOrder(orderTxId, providerFee)}: to the datatoken of the order, or to the order book. */
  public static Bytes reuseOrder(Hash orderTx, ProviderFee providerFee) {
    return Bytes.concatenate(DatatokenContract.REUSE_ORDER, Abi.encode(orderTx.bytes(), 2L * 32), providerFee.encodeTuple());
  }

  /**
   * {@code buyFromFreAndOrder(exchangeId, maxBaseAmount, consumeMarketSwapAddress, consumeMarketSwapFee, consumer,
   * serviceIndex, providerFee, consumeMarketFee)}, sent to the order book with the coins for the buy as value.
   */
  public static Bytes buyFromFreAndOrder(Bytes32 exchangeId, BigInteger maxBase, Address swapMarket, BigInteger swapFee,
      Address consumer, long serviceIndex, ProviderFee providerFee, ConsumeMarketFee consumeFee) {
    Bytes head = Abi.encode(exchangeId, maxBase, swapMarket, swapFee, consumer, serviceIndex, 10L * 32, consumeFee.address(),
        consumeFee.token(), consumeFee.amount());
    return Bytes.concatenate(OrderBook.BUY_FROM_FRE_AND_ORDER, head, providerFee.encodeTuple());
  }

  /** {@code dispenseAndOrder(datatoken, consumer, serviceIndex, providerFee, consumeMarketFee)}, sent to the order book. */
  public static Bytes dispenseAndOrder(Address datatoken, Address consumer, long serviceIndex, ProviderFee providerFee,
      ConsumeMarketFee consumeFee) {
    Bytes head = Abi.encode(datatoken, consumer, serviceIndex, 7L * 32, consumeFee.address(), consumeFee.token(),
        consumeFee.amount());
    return Bytes.concatenate(OrderBook.DISPENSE_AND_ORDER, head, providerFee.encodeTuple());
  }
}
