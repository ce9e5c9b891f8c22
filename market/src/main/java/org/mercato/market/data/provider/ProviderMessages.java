package org.mercato.market.data.provider;

import java.nio.charset.StandardCharsets;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.units.bigints.UInt256;
import org.mercato.state.crypto.Keccak;
import org.mercato.state.types.Address;
import org.mercato.state.types.Hash;

/**
 * The messages a provider's clients sign (docs/spec/data-market.md §Provider (download service), "Signed messages"):
 * a 32-byte message {@code h} built as {@code abi.encodePacked}, signed EIP-191 style ({@code personal_sign} of the 32
 * bytes, i.e. ethers {@code wallet.signMessage(getBytes(h))}, web3j {@code Sign.signPrefixedMessage(h, key)}).
 */
public final class ProviderMessages {
  static final Bytes DOWNLOAD_DOMAIN = Bytes.wrap("mercato-download".getBytes(StandardCharsets.US_ASCII));
  static final Bytes UPLOAD_DOMAIN = Bytes.wrap("mercato-upload".getBytes(StandardCharsets.US_ASCII));
  /** EIP-191 version 0x45 prefix for a 32-byte message. */
  private static final Bytes PERSONAL_PREFIX = Bytes.wrap("\u0019Ethereum Signed Message:\n32".getBytes(StandardCharsets.US_ASCII));

  private ProviderMessages() {}

  /** h = keccak256("mercato-download" ‖ uint256(chainId) ‖ provider ‖ assetId ‖ orderTx ‖ uint256(nonce)). */
  public static Hash download(long chainId, Address provider, Bytes32 assetId, Hash orderTx, long nonce) {
    return Keccak.hash(Bytes.concatenate(DOWNLOAD_DOMAIN, uint(chainId), provider.bytes(), assetId, orderTx.bytes(), uint(nonce)));
  }

  /** h = keccak256("mercato-upload" ‖ uint256(chainId) ‖ provider ‖ assetId ‖ contentHash ‖ uint256(nonce)). */
  public static Hash upload(long chainId, Address provider, Bytes32 assetId, Bytes32 contentHash, long nonce) {
    return Keccak.hash(Bytes.concatenate(UPLOAD_DOMAIN, uint(chainId), provider.bytes(), assetId, contentHash, uint(nonce)));
  }

  /** What is actually signed: keccak256("\x19Ethereum Signed Message:\n32" ‖ h) (EIP-191, personal_sign). */
  public static Hash personal(Hash h) {
    return Keccak.hash(Bytes.concatenate(PERSONAL_PREFIX, h.bytes()));
  }

  private static Bytes32 uint(long v) {
    if (v < 0) {
      throw new IllegalArgumentException("negative uint: " + v);
    }
    return UInt256.valueOf(v).toBytes();
  }
}
