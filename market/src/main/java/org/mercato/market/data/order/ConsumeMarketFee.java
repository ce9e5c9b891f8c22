package org.mercato.market.data.order;

import org.apache.tuweni.units.bigints.UInt256;
import org.mercato.market.data.abi.Abi;
import org.mercato.state.types.Address;

/** Ocean's consumeMarketFee struct {@code (address consumeMarketFeeAddress, address consumeMarketFeeToken, uint256 amount)}. */
public record ConsumeMarketFee(Address address, Address token, UInt256 amount) {
  public static final ConsumeMarketFee NONE = new ConsumeMarketFee(Address.ZERO, Address.ZERO, UInt256.ZERO);

  /** The three inline words starting at argument {@code first} (a static tuple is encoded in place). */
  public static ConsumeMarketFee decode(Abi.Args a, int first) {
    return new ConsumeMarketFee(a.address(first), a.address(first + 1), a.uint(first + 2));
  }

  /** Ocean's rule: the leg is paid only if address, token and amount are all non-zero. */
  public boolean paid() {
    return !address.equals(Address.ZERO) && !token.equals(Address.ZERO) && !amount.isZero();
  }
}
