package org.mercato.state.txpool;

/**
 * Pool limits. {@code priceBumpPercent}: a replacement (same sender and nonce) must raise both
 * maxFeePerGas and maxPriorityFeePerGas by at least this much, so replacing cannot be used to
 * flood the network with near-identical transactions for free.
 */
public record TxPoolConfig(long chainId, long blockGasLimit, int maxPerSender, int maxTotal, int priceBumpPercent) {
  public static final int DEFAULT_MAX_PER_SENDER = 16_384;
  public static final int DEFAULT_MAX_TOTAL = 200_000;
  public static final int DEFAULT_PRICE_BUMP_PERCENT = 10;

  public TxPoolConfig {
    if (maxPerSender <= 0 || maxTotal <= 0 || priceBumpPercent < 0) {
      throw new IllegalArgumentException("pool limits must be positive");
    }
  }

  public static TxPoolConfig defaults(long chainId, long blockGasLimit) {
    return new TxPoolConfig(chainId, blockGasLimit, DEFAULT_MAX_PER_SENDER, DEFAULT_MAX_TOTAL, DEFAULT_PRICE_BUMP_PERCENT);
  }
}
