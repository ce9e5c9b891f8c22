package org.mercato.state.tx;

/**
 * Why a transaction was refused, at decode time or by the pool. Each reason carries the message
 * geth uses for it where geth has one, because wallets (ethers, MetaMask) match on those strings.
 */
public enum TransactionRejection {
  MALFORMED("invalid transaction encoding"),
  UNSUPPORTED_TYPE("transaction type not supported"),
  INVALID_SIGNATURE("invalid transaction v, r, s values"),
  INVALID_SENDER("invalid sender"),
  INVALID_CHAIN_ID("invalid chain id"),
  CONTRACT_CREATION_UNSUPPORTED("contract creation is not supported: Mercato runs no EVM, its contracts are native"),
  OVERSIZED_DATA("oversized data"),
  INTRINSIC_GAS_TOO_LOW("intrinsic gas too low"),
  GAS_LIMIT_EXCEEDS_BLOCK("exceeds block gas limit"),
  TIP_ABOVE_FEE_CAP("max priority fee per gas higher than max fee per gas"),
  FEE_CAP_BELOW_BASE_FEE("max fee per gas less than block base fee"),
  NONCE_TOO_LOW("nonce too low"),
  NONCE_TOO_HIGH("nonce too high"),
  INSUFFICIENT_FUNDS("insufficient funds for gas * price + value"),
  ALREADY_KNOWN("already known"),
  REPLACEMENT_UNDERPRICED("replacement transaction underpriced"),
  SENDER_LIMIT_EXCEEDED("account limit exceeded"),
  TXPOOL_FULL("txpool is full");

  private final String message;

  TransactionRejection(String message) {
    this.message = message;
  }

  /** The wire message (JSON-RPC error -32000), geth-compatible where geth has one. */
  public String message() {
    return message;
  }
}
