package org.mercato.state.exec;

import java.math.BigInteger;
import org.mercato.state.types.Wei;

/**
 * EIP-1559 base fee (docs/spec/execution.md §Fees): the target is half the block gas limit; the base
 * fee moves by at most 1/8 per block toward it. Mercato adds a floor ({@code minBaseFee}, from
 * genesis) so the fee never decays to zero on an idle chain, which would make a fee cap of 1 wei
 * look valid and let spam in for free.
 */
public record FeeMarket(Wei minBaseFee) {
  private static final BigInteger CHANGE_DENOMINATOR = BigInteger.valueOf(8);
  private static final long ELASTICITY = 2;

  public Wei nextBaseFee(Wei parentBaseFee, long parentGasUsed, long parentGasLimit) {
    long target = parentGasLimit / ELASTICITY;
    BigInteger base = parentBaseFee.value();
    BigInteger next;
    if (target == 0 || parentGasUsed == target) {
      next = base;
    } else if (parentGasUsed > target) {
      BigInteger delta = base.multiply(BigInteger.valueOf(parentGasUsed - target))
          .divide(BigInteger.valueOf(target)).divide(CHANGE_DENOMINATOR);
      next = base.add(delta.max(BigInteger.ONE));
    } else {
      BigInteger delta = base.multiply(BigInteger.valueOf(target - parentGasUsed))
          .divide(BigInteger.valueOf(target)).divide(CHANGE_DENOMINATOR);
      next = base.subtract(delta);
    }
    Wei w = new Wei(next.min(Wei.MAX_UINT256));
    return w.lessThan(minBaseFee) ? minBaseFee : w;
  }
}
