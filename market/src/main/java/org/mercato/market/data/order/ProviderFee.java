package org.mercato.market.data.order;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.units.bigints.UInt256;
import org.mercato.market.data.abi.Abi;
import org.mercato.state.crypto.KeyPair;
import org.mercato.state.crypto.Keccak;
import org.mercato.state.crypto.Secp256k1;
import org.mercato.state.crypto.Secp256k1s;
import org.mercato.state.crypto.Signature;
import org.mercato.state.types.Address;
import org.mercato.state.types.Hash;

/**
 * Ocean's providerFee struct {@code (address providerFeeAddress, address providerFeeToken, uint256 providerFeeAmount, uint8 v,
 * bytes32 r, bytes32 s, uint256 validUntil, bytes providerData)} and its signature check (DM§10; docs/spec/data-market.md
 * §Orders, provider fee).
 */
public record ProviderFee(Address address, Address token, UInt256 amount, int v, Bytes32 r, Bytes32 s, UInt256 validUntil,
    Bytes providerData) {
  private static final Bytes PREFIX = Bytes.wrap("\u0019Ethereum Signed Message:\n32".getBytes(StandardCharsets.US_ASCII));
  private static final Secp256k1 CURVE = Secp256k1s.best();
  /** Recovered signers by struct (record equality: every field, providerData by content); cleared when full. */
  private static final Map<ProviderFee, Optional<Address>> SIGNERS = new ConcurrentHashMap<>();
  private static final int SIGNERS_KEPT = 4_096;

  /** The tuple whose head is argument {@code i}: {@code v} must fit a uint8. */
  public static ProviderFee decode(Abi.Args a, int i) {
    Abi.Args t = a.tuple(i);
    UInt256 v = t.uint(3);
    if (v.compareTo(UInt256.valueOf(255)) > 0) {
      throw new Abi.AbiException("providerFee.v is not a uint8");
    }
    return new ProviderFee(t.address(0), t.address(1), t.uint(2), v.intValue(), t.word(4), t.word(5), t.uint(6), t.bytes(7));
  }

  /** keccak256(providerData ‖ providerFeeAddress ‖ providerFeeToken ‖ providerFeeAmount ‖ validUntil), packed. */
  public Hash message() {
    return Keccak.hash(Bytes.concatenate(providerData, address.bytes(), token.bytes(), amount.toBytes(), validUntil.toBytes()));
  }

  /** The eth-prefixed digest the provider signs: keccak256("\x19Ethereum Signed Message:\n32" ‖ message()). */
  public Hash digest() {
    return ethSignedDigest(message());
  }

  public static Hash ethSignedDigest(Hash h) {
    return Keccak.hash(Bytes.concatenate(PREFIX, h.bytes()));
  }

  /**
   * The signer of {@link #digest()}, if (v, r, s) is a canonical signature with v ∈ {27, 28}. Recovery is a pure function
   * of the whole struct, so the answer for a struct seen recently is remembered ({@link #SIGNERS}): a provider's signed
   * fee reused by many orders (as in {@code mercato bench orders}) costs one recovery, not one per order.
   */
  public Optional<Address> signer() {
    Optional<Address> known = SIGNERS.get(this);
    if (known != null) {
      return known;
    }
    Optional<Address> recovered = recoverSigner();
    if (SIGNERS.size() >= SIGNERS_KEPT) {
      SIGNERS.clear(); // a bound, not an eviction policy: a miss only costs a recovery
    }
    SIGNERS.put(this, recovered);
    return recovered;
  }

  private Optional<Address> recoverSigner() {
    if (v != 27 && v != 28) {
      return Optional.empty();
    }
    Signature sig = new Signature(new BigInteger(1, r.toArrayUnsafe()), new BigInteger(1, s.toArrayUnsafe()), v - 27);
    if (!sig.isCanonical()) {
      return Optional.empty();
    }
    return CURVE.recoverAddress(digest(), sig);
  }

  /** Ocean's leg rule: the fee is paid only if address, token and amount are all non-zero. */
  public boolean paid() {
    return !address.equals(Address.ZERO) && !token.equals(Address.ZERO) && !amount.isZero();
  }

  /** A provider fee signed by {@code provider} (its address becomes providerFeeAddress), v ∈ {27, 28}. */
  public static ProviderFee sign(KeyPair provider, Address token, UInt256 amount, UInt256 validUntil, Bytes providerData) {
    ProviderFee unsigned = new ProviderFee(provider.address(), token, amount, 27, Bytes32.ZERO, Bytes32.ZERO, validUntil,
        providerData);
    Signature sig = CURVE.sign(unsigned.digest(), provider);
    return new ProviderFee(provider.address(), token, amount, 27 + sig.recId(), UInt256.valueOf(sig.r()).toBytes(),
        UInt256.valueOf(sig.s()).toBytes(), validUntil, providerData);
  }

  /** The ABI encoding of the struct as a standalone tuple (for calldata builders and tests). */
  public Bytes encodeTuple() {
    return Abi.encode(address, token, amount, (long) v, r, s, validUntil, providerData);
  }
}
