package org.mercato.state.tx;

import java.math.BigInteger;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.tuweni.bytes.Bytes;
import org.mercato.state.crypto.Signature;
import org.mercato.state.types.Address;
import org.mercato.state.types.Hash;
import org.mercato.state.types.Wei;

/**
 * A signed transaction whose sender has been recovered. Instances come only from
 * {@link TransactionDecoder} (bytes from the wire) or {@link TransactionSigner} (a local key), so a
 * Transaction in hand always has a valid signature, a known sender, its canonical encoding and hash.
 *
 * <p>Fee fields are uniform across envelopes: for legacy and access-list transactions both
 * {@link #maxFeePerGas()} and {@link #maxPriorityFeePerGas()} equal the gas price, which is how
 * EIP-1559 treats them.
 *
 * <p>{@link #nonce()} and {@link #gasLimit()} are unsigned 64-bit values held in a long (the wire
 * allows up to 2^64-1): compare them with {@link Long#compareUnsigned}.
 */
public final class Transaction {
  /**
   * The largest chain id Mercato accepts, so that a legacy v (chainId * 2 + 36) still fits a signed
   * long. Typed envelopes allow a 256-bit chain id; no chain this large exists.
   */
  public static final long MAX_CHAIN_ID = (Long.MAX_VALUE - 36) / 2;

  private final TransactionType type;
  private final OptionalLong chainId;
  private final long nonce;
  private final Wei maxPriorityFeePerGas;
  private final Wei maxFeePerGas;
  private final long gasLimit;
  private final Optional<Address> to;
  private final Wei value;
  private final Bytes data;
  private final List<AccessListEntry> accessList;
  private final Signature signature;
  private final Address sender;
  private final Bytes encoded;
  private final Hash hash;

  Transaction(TxBody body, Signature signature, Address sender, Bytes encoded, Hash hash) {
    this(body.type(), body.chainId(), body.nonce(), body.maxPriorityFeePerGas(), body.maxFeePerGas(), body.gasLimit(),
        body.to(), body.value(), body.data(), body.accessList(), signature, sender, encoded, hash);
  }

  /** Package-private: use the decoder or the signer, which guarantee the invariants above. */
  Transaction(
      TransactionType type,
      OptionalLong chainId,
      long nonce,
      Wei maxPriorityFeePerGas,
      Wei maxFeePerGas,
      long gasLimit,
      Optional<Address> to,
      Wei value,
      Bytes data,
      List<AccessListEntry> accessList,
      Signature signature,
      Address sender,
      Bytes encoded,
      Hash hash) {
    this.type = Objects.requireNonNull(type);
    this.chainId = Objects.requireNonNull(chainId);
    this.nonce = nonce;
    this.maxPriorityFeePerGas = Objects.requireNonNull(maxPriorityFeePerGas);
    this.maxFeePerGas = Objects.requireNonNull(maxFeePerGas);
    this.gasLimit = gasLimit;
    this.to = Objects.requireNonNull(to);
    this.value = Objects.requireNonNull(value);
    this.data = Objects.requireNonNull(data);
    this.accessList = List.copyOf(accessList);
    this.signature = Objects.requireNonNull(signature);
    this.sender = Objects.requireNonNull(sender);
    this.encoded = Objects.requireNonNull(encoded);
    this.hash = Objects.requireNonNull(hash);
  }

  public TransactionType type() { return type; }

  /** Empty only for a legacy transaction signed without EIP-155 (v = 27/28). */
  public OptionalLong chainId() { return chainId; }

  public long nonce() { return nonce; }

  /** For legacy and access-list transactions, the gas price. */
  public Wei maxPriorityFeePerGas() { return maxPriorityFeePerGas; }

  /** For legacy and access-list transactions, the gas price. */
  public Wei maxFeePerGas() { return maxFeePerGas; }

  /** Present for legacy and access-list transactions. */
  public Optional<Wei> gasPrice() {
    return type == TransactionType.DYNAMIC_FEE ? Optional.empty() : Optional.of(maxFeePerGas);
  }

  public long gasLimit() { return gasLimit; }

  /** Empty means contract creation, which Mercato rejects (it runs no EVM). */
  public Optional<Address> to() { return to; }

  public Wei value() { return value; }

  public Bytes data() { return data; }

  public List<AccessListEntry> accessList() { return accessList; }

  public Signature signature() { return signature; }

  public Address sender() { return sender; }

  /** The canonical encoding: type byte || rlp for typed envelopes, rlp for legacy (eth_sendRawTransaction form). */
  public Bytes encoded() { return encoded; }

  /** keccak256 of {@link #encoded()}. */
  public Hash hash() { return hash; }

  /** The legacy "v" value as signed (27/28, or chainId*2+35/36); for typed envelopes the y-parity. */
  public long v() {
    if (type != TransactionType.LEGACY) {
      return signature.recId();
    }
    return chainId.isPresent() ? chainId.getAsLong() * 2 + 35 + signature.recId() : 27 + signature.recId();
  }

  TxBody body() {
    return new TxBody(type, chainId, nonce, maxPriorityFeePerGas, maxFeePerGas, gasLimit, to, value, data, accessList);
  }

  /** Price per gas actually paid in a block with this base fee: min(maxFee, baseFee + maxPriorityFee). */
  public Wei effectiveGasPrice(Wei baseFee) {
    Wei capped = baseFee.add(maxPriorityFeePerGas);
    return capped.min(maxFeePerGas);
  }

  /**
   * The most the sender can be charged, gasLimit * maxFeePerGas + value, or empty if that exceeds
   * 2^256-1 (no balance can cover it).
   */
  public Optional<Wei> maxCost() {
    BigInteger gas = gasLimit >= 0 ? BigInteger.valueOf(gasLimit) : new BigInteger(Long.toUnsignedString(gasLimit));
    BigInteger cost = gas.multiply(maxFeePerGas.value()).add(value.value());
    return cost.compareTo(Wei.MAX_UINT256) > 0 ? Optional.empty() : Optional.of(new Wei(cost));
  }

  /** The tip per gas the proposer receives in a block with this base fee. */
  public Wei effectivePriorityFee(Wei baseFee) {
    return effectiveGasPrice(baseFee).subtract(baseFee);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Transaction t && t.hash.equals(hash);
  }

  @Override
  public int hashCode() {
    return hash.hashCode();
  }

  @Override
  public String toString() {
    return "Transaction{" + hash + ", " + type + ", from " + sender + ", nonce " + nonce + "}";
  }
}
