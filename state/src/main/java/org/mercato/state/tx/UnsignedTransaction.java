package org.mercato.state.tx;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.tuweni.bytes.Bytes;
import org.mercato.state.types.Address;
import org.mercato.state.types.Wei;

/**
 * A transaction before signing. Always replay-protected: legacy ones are signed with EIP-155, so
 * {@code chainId} is mandatory for every envelope. nonce and gasLimit are unsigned 64-bit.
 * For legacy and access-list envelopes both fee fields are the gas price; use the factories.
 */
public record UnsignedTransaction(
    TransactionType type,
    long chainId,
    long nonce,
    Wei maxPriorityFeePerGas,
    Wei maxFeePerGas,
    long gasLimit,
    Optional<Address> to,
    Wei value,
    Bytes data,
    List<AccessListEntry> accessList) {

  public UnsignedTransaction {
    Objects.requireNonNull(type);
    Objects.requireNonNull(maxPriorityFeePerGas);
    Objects.requireNonNull(maxFeePerGas);
    Objects.requireNonNull(to);
    Objects.requireNonNull(value);
    data = data.copy();
    accessList = List.copyOf(accessList);
    if (chainId < 0 || chainId > Transaction.MAX_CHAIN_ID) {
      throw new IllegalArgumentException("chain id out of range: " + chainId);
    }
    if (type != TransactionType.DYNAMIC_FEE && !maxPriorityFeePerGas.equals(maxFeePerGas)) {
      throw new IllegalArgumentException(type + " has one gas price: both fee fields must be equal");
    }
    if (type == TransactionType.LEGACY && !accessList.isEmpty()) {
      throw new IllegalArgumentException("a legacy transaction has no access list");
    }
  }

  public static UnsignedTransaction legacy(long chainId, long nonce, Wei gasPrice, long gasLimit, Address to, Wei value, Bytes data) {
    return new UnsignedTransaction(TransactionType.LEGACY, chainId, nonce, gasPrice, gasPrice, gasLimit, Optional.of(to), value, data, List.of());
  }

  public static UnsignedTransaction accessList(
      long chainId, long nonce, Wei gasPrice, long gasLimit, Address to, Wei value, Bytes data, List<AccessListEntry> accessList) {
    return new UnsignedTransaction(TransactionType.ACCESS_LIST, chainId, nonce, gasPrice, gasPrice, gasLimit, Optional.of(to), value, data, accessList);
  }

  public static UnsignedTransaction dynamicFee(
      long chainId, long nonce, Wei maxPriorityFeePerGas, Wei maxFeePerGas, long gasLimit, Address to, Wei value, Bytes data,
      List<AccessListEntry> accessList) {
    return new UnsignedTransaction(
        TransactionType.DYNAMIC_FEE, chainId, nonce, maxPriorityFeePerGas, maxFeePerGas, gasLimit, Optional.of(to), value, data, accessList);
  }

  /** A plain value transfer (EIP-1559, 21000 gas), the common case for tools and tests. */
  public static UnsignedTransaction transfer(long chainId, long nonce, Wei maxPriorityFeePerGas, Wei maxFeePerGas, Address to, Wei value) {
    return dynamicFee(chainId, nonce, maxPriorityFeePerGas, maxFeePerGas, IntrinsicGas.TRANSACTION, to, value, Bytes.EMPTY, List.of());
  }

  TxBody body() {
    return new TxBody(type, OptionalLong.of(chainId), nonce, maxPriorityFeePerGas, maxFeePerGas, gasLimit, to, value, data, accessList);
  }
}
