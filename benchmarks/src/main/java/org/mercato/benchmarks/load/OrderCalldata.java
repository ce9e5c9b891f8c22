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
  static final String PROVIDER_FEE_TUPLE = "(address,address,uint256,uint8,bytes32,bytes32,uint256,bytes)";
  static final String CONSUME_FEE_TUPLE = "(address,address,uint256)";
  static final BigInteger ONE_DATATOKEN = BigInteger.TEN.pow(18);

  private OrderCalldata() {}

  /**
   * {@code buyFromFreAndOrder(bytes32 exchangeId, uint256 maxBaseAmount, address consumeMarketSwapAddress, uint256
   * consumeMarketSwapFee, address consumer, uint256 serviceIndex, providerFee, consumeMarketFee)}: six static heads, the
   * providerFee offset (it is dynamic: bytes providerData), the static consumeMarketFee tuple inline, then providerFee.
   */
  static Bytes buyAndOrder(Bytes32 exchangeId, BigInteger maxBase, Address consumer, ProviderFee fee) {
    ConsumeMarketFee none = ConsumeMarketFee.NONE;
    Bytes head = Abi.encode(exchangeId, maxBase, Address.ZERO, BigInteger.ZERO, consumer, 0L, 10L * 32, none.address(),
        none.token(), none.amount());
    return Bytes.concatenate(Abi.selector("buyFromFreAndOrder(bytes32,uint256,address,uint256,address,uint256,"
        + PROVIDER_FEE_TUPLE + "," + CONSUME_FEE_TUPLE + ")"), head, fee.encodeTuple());
  }

  static Bytes buyOne(Bytes32 exchangeId, BigInteger maxBase) {
    return Abi.call("buyDT(bytes32,uint256,uint256,address,uint256)", exchangeId, ONE_DATATOKEN, maxBase, Address.ZERO,
        BigInteger.ZERO);
  }

  static Bytes startOrder(Address datatoken, Address consumer, ProviderFee fee) {
    return OrderCalls.startOrderOnBook(datatoken, consumer, 0, fee, ConsumeMarketFee.NONE);
  }
}
