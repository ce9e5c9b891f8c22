package org.mercato.market.data.provider;

import java.math.BigInteger;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.mercato.state.crypto.Secp256k1;
import org.mercato.state.crypto.Signature;
import org.mercato.state.types.Address;
import org.mercato.state.types.Hash;

/**
 * The 65-byte signatures wallets produce ({@code r ‖ s ‖ v}, v ∈ {27, 28}, also {0, 1}), and who signed a
 * {@link ProviderMessages} message with one. High-s signatures (EIP-2) are refused: wallets never produce them, and
 * accepting both forms would give every request a second valid signature.
 */
public final class EthSignatures {
  private EthSignatures() {}

  /** The signature in {@code raw}, or empty if it is not 65 bytes with a known v or is not canonical. */
  public static Optional<Signature> parse(Bytes raw) {
    if (raw.size() != 65) {
      return Optional.empty();
    }
    int v = raw.get(64) & 0xff;
    int recId = v >= 27 ? v - 27 : v;
    if (recId != 0 && recId != 1) {
      return Optional.empty();
    }
    Signature sig = new Signature(new BigInteger(1, raw.slice(0, 32).toArrayUnsafe()),
        new BigInteger(1, raw.slice(32, 32).toArrayUnsafe()), recId);
    return sig.isCanonical() ? Optional.of(sig) : Optional.empty();
  }

  /** The address whose key signed {@code personal(h)} with {@code raw}, or empty if none can be recovered. */
  public static Optional<Address> signer(Secp256k1 curve, Hash h, Bytes raw) {
    return parse(raw).flatMap(sig -> curve.recoverAddress(ProviderMessages.personal(h), sig));
  }

  /** {@code r ‖ s ‖ v} with v = 27 + recovery id, as wallets return it (for tools and tests that sign with our curve). */
  public static Bytes encode(Signature sig) {
    return Bytes.concatenate(Bytes.wrap(sig.toCompact()), Bytes.of(27 + sig.recId()));
  }
}
