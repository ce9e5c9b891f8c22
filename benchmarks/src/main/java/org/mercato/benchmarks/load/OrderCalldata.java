package org.mercato.benchmarks.load;

import java.math.BigInteger;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.mercato.market.data.abi.Abi;
import org.mercato.market.data.order.ConsumeMarketFee;
import org.mercato.market.data.order.OrderCalls;
import org.mercato.market.data.order.ProviderFee;
import org.mercato.state.types.Address;

/**
 * Calldata of the order paths the benchmark measures (docs/spec/data-market.md §Orders): the one-call
 * {@code buyFromFreAndOrder} on the order book, and the two-transaction path {@code buyDT} + {@code startOrder}.
 */
final class OrderCalldata {
  static final BigInteger ONE_DATATOKEN = BigInteger.TEN.pow(18);

  private OrderCalldata() {}

  /** The one-call path, by the order book's own calldata builder. */
  static Bytes buyAndOrder(Bytes32 exchangeId, BigInteger maxBase, Address consumer, ProviderFee fee) {
    return OrderCalls.buyFromFreAndOrder(exchangeId, maxBase, Address.ZERO, BigInteger.ZERO, consumer, 0, fee,
        ConsumeMarketFee.NONE);
  }

  static Bytes buyOne(Bytes32 exchangeId, BigInteger maxBase) {
    return Abi.call("buyDT(bytes32,uint256,uint256,address,uint256)", exchangeId, ONE_DATATOKEN, maxBase, Address.ZERO,
        BigInteger.ZERO);
  }

  static Bytes startOrder(Address datatoken, Address consumer, ProviderFee fee) {
    return OrderCalls.startOrderOnBook(datatoken, consumer, 0, fee, ConsumeMarketFee.NONE);
  }
}
