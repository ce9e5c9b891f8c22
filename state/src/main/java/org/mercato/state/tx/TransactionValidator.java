package org.mercato.state.tx;

/**
 * Checks that need no state: the envelope is sane and meets this chain's policy. Thread-safe.
 *
 * <p>Order: first the rules every Ethereum client applies, in their order (the signed chain id,
 * which Ethereum checks with the signature; then size, nonce range, fee caps, cost overflow,
 * intrinsic gas, block gas limit), then Mercato's own policy (no contract creation, no unprotected
 * legacy transactions). A transaction that breaks several rules thus reports the reason an
 * Ethereum client would give, and a Mercato-only reason only when nothing else is wrong.
 *
 * <p>Chain id: typed envelopes must carry this chain's id; legacy ones must be EIP-155 signed for
 * this chain. Pre-EIP-155 (v = 27/28) transactions are refused as well: they can be replayed on
 * every chain that shares an address space with Ethereum, and no current wallet needs them.
 */
public final class TransactionValidator {
  public static final int DEFAULT_MAX_TX_SIZE = 128 * 1024;
  /** EIP-2681: 2^64-1 would overflow the account nonce on inclusion. */
  private static final long MAX_NONCE_EXCLUSIVE = -1L; // 2^64-1 as an unsigned long

  private final long chainId;
  private final long blockGasLimit;
  private final int maxTxSize;

  public TransactionValidator(long chainId, long blockGasLimit) {
    this(chainId, blockGasLimit, DEFAULT_MAX_TX_SIZE);
  }

  public TransactionValidator(long chainId, long blockGasLimit, int maxTxSize) {
    if (chainId <= 0 || chainId > Transaction.MAX_CHAIN_ID) {
      throw new IllegalArgumentException("chain id out of range: " + chainId);
    }
    if (blockGasLimit <= 0 || maxTxSize <= 0) {
      throw new IllegalArgumentException("limits must be positive");
    }
    this.chainId = chainId;
    this.blockGasLimit = blockGasLimit;
    this.maxTxSize = maxTxSize;
  }

  public long chainId() {
    return chainId;
  }

  public long blockGasLimit() {
    return blockGasLimit;
  }

  public ValidationResult validate(Transaction tx) {
    if (tx.chainId().isPresent() && tx.chainId().getAsLong() != chainId) {
      return ValidationResult.rejected(TransactionRejection.INVALID_CHAIN_ID,
          "signed for chain " + tx.chainId().getAsLong() + ", this chain is " + chainId);
    }
    if (tx.encoded().size() > maxTxSize) {
      return ValidationResult.rejected(TransactionRejection.OVERSIZED_DATA,
          "encoded size " + tx.encoded().size() + " bytes exceeds " + maxTxSize);
    }
    if (tx.nonce() == MAX_NONCE_EXCLUSIVE) {
      return ValidationResult.rejected(TransactionRejection.NONCE_TOO_HIGH, "nonce 2^64-1 is not allowed (EIP-2681)");
    }
    if (tx.maxPriorityFeePerGas().compareTo(tx.maxFeePerGas()) > 0) {
      return ValidationResult.rejected(TransactionRejection.TIP_ABOVE_FEE_CAP,
          "maxPriorityFeePerGas " + tx.maxPriorityFeePerGas() + " > maxFeePerGas " + tx.maxFeePerGas());
    }
    if (tx.maxCost().isEmpty()) {
      return ValidationResult.rejected(TransactionRejection.INSUFFICIENT_FUNDS,
          "gasLimit * maxFeePerGas + value exceeds 2^256-1, more than any balance");
    }
    long intrinsic = IntrinsicGas.of(tx);
    if (Long.compareUnsigned(tx.gasLimit(), intrinsic) < 0) {
      return ValidationResult.rejected(TransactionRejection.INTRINSIC_GAS_TOO_LOW,
          "gas limit " + Long.toUnsignedString(tx.gasLimit()) + " < intrinsic gas " + intrinsic);
    }
    if (Long.compareUnsigned(tx.gasLimit(), blockGasLimit) > 0) {
      return ValidationResult.rejected(TransactionRejection.GAS_LIMIT_EXCEEDS_BLOCK,
          "gas limit " + Long.toUnsignedString(tx.gasLimit()) + " > block gas limit " + blockGasLimit);
    }
    if (tx.to().isEmpty()) {
      return ValidationResult.rejected(TransactionRejection.CONTRACT_CREATION_UNSUPPORTED, "the to field is empty");
    }
    if (tx.chainId().isEmpty()) {
      return ValidationResult.rejected(TransactionRejection.INVALID_CHAIN_ID,
          "unprotected legacy transaction (v = 27/28, no EIP-155 chain id); sign it for chain " + chainId);
    }
    return ValidationResult.ok();
  }
}
