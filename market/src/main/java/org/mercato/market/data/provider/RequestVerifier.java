package org.mercato.market.data.provider;

import java.util.Objects;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.mercato.state.crypto.Secp256k1;
import org.mercato.state.types.Address;
import org.mercato.state.types.Hash;

/**
 * Decides whether a provider serves a download or accepts an upload, in the order docs/spec/data-market.md §Provider
 * (download service), "Checks" fixes: the request's own signature and nonce first (no state read), then the ledger, all
 * from one {@link LedgerState}. Pure: the caller supplies the last nonce accepted from the signer, and advances it (and
 * touches files) only after a grant.
 */
public final class RequestVerifier {
  private final long chainId;
  private final Address provider;
  private final Secp256k1 curve;
  private final OrderSource orders;
  private final AssetSource assets;

  /** A granted download: the order and the asset whose file ({@link AssetTerms#contentHash()}) is to be served. */
  public record Download(DownloadRequest request, OrderTerms order, AssetTerms asset) {}

  /** A granted upload, pending the content check ({@link #content}) on the received bytes. */
  public record Upload(UploadRequest request, AssetTerms asset) {}

  public RequestVerifier(long chainId, Address provider, Secp256k1 curve, OrderSource orders, AssetSource assets) {
    this.chainId = chainId;
    this.provider = Objects.requireNonNull(provider);
    this.curve = Objects.requireNonNull(curve);
    this.orders = Objects.requireNonNull(orders);
    this.assets = Objects.requireNonNull(assets);
  }

  public long chainId() {
    return chainId;
  }

  public Address provider() {
    return provider;
  }

  /**
   * Download checks: signed; the signature recovers the claimed consumer; nonce above {@code lastNonce}; the order exists;
   * it is for this asset; it names this provider; the signer is its consumer; it has not expired at the head's
   * timestamp; the asset's metadata state allows downloads.
   */
  public Verdict<Download> download(DownloadRequest r, LedgerState s, long lastNonce) {
    if (r.signature().isEmpty()) {
      return Verdict.refused(Refusal.UNSIGNED, "sign the download message with the consumer's key");
    }
    Hash h = ProviderMessages.download(chainId, provider, r.assetId(), r.orderTx(), r.nonce());
    Optional<Refusal> signed = signedBy(h, r.signature().get(), r.consumer());
    if (signed.isPresent()) {
      return Verdict.refused(signed.get(), "no signature of " + r.consumer().toChecksumHex() + " over the download message");
    }
    if (r.nonce() <= lastNonce) {
      return Verdict.refused(Refusal.NONCE_REPLAYED, "nonce " + r.nonce() + " ≤ last accepted " + lastNonce);
    }
    Optional<OrderTerms> order = orders.order(s.state(), r.orderTx());
    if (order.isEmpty()) {
      return Verdict.refused(Refusal.NO_SUCH_ORDER, "order " + r.orderTx().toHex() + " not in block #" + s.headNumber());
    }
    OrderTerms o = order.get();
    if (!o.assetId().equals(r.assetId())) {
      return Verdict.refused(Refusal.ORDER_FOR_OTHER_ASSET, "order is for asset " + o.assetId().toHexString());
    }
    if (!o.provider().equals(provider)) {
      return Verdict.refused(Refusal.ORDER_FOR_OTHER_PROVIDER, "order names provider " + o.provider().toChecksumHex());
    }
    if (!o.consumer().equals(r.consumer())) {
      return Verdict.refused(Refusal.NOT_ORDER_CONSUMER, "order's consumer is " + o.consumer().toChecksumHex());
    }
    if (o.expiredAt(s.headTimestamp())) {
      return Verdict.refused(Refusal.ORDER_EXPIRED,
          "validUntil " + o.validUntil() + " < head block #" + s.headNumber() + " timestamp " + s.headTimestamp());
    }
    Optional<AssetTerms> asset = assets.asset(s.state(), r.assetId());
    if (asset.isEmpty()) {
      return Verdict.refused(Refusal.NO_SUCH_ASSET, "asset " + r.assetId().toHexString());
    }
    if (!asset.get().downloadable()) {
      return Verdict.refused(Refusal.ASSET_NOT_DOWNLOADABLE, "metadata state " + asset.get().metadataState());
    }
    return Verdict.granted(new Download(r, o, asset.get()));
  }

  /**
   * Upload checks: signed; the asset exists and has a content hash; the signature over the upload message (with that
   * on-chain content hash) recovers the claimed signer; nonce above {@code lastNonce}; the signer may publish the asset.
   * The bytes are checked afterwards by {@link #content}.
   */
  public Verdict<Upload> upload(UploadRequest r, LedgerState s, long lastNonce) {
    if (r.signature().isEmpty()) {
      return Verdict.refused(Refusal.UNSIGNED, "sign the upload message with the asset owner's key");
    }
    Optional<AssetTerms> asset = assets.asset(s.state(), r.assetId());
    if (asset.isEmpty()) {
      return Verdict.refused(Refusal.NO_SUCH_ASSET, "asset " + r.assetId().toHexString() + " not in block #" + s.headNumber());
    }
    AssetTerms a = asset.get();
    if (a.contentHash().isZero()) {
      return Verdict.refused(Refusal.NO_CONTENT_HASH, "set the asset's content hash before uploading");
    }
    Hash h = ProviderMessages.upload(chainId, provider, r.assetId(), a.contentHash(), r.nonce());
    Optional<Refusal> signed = signedBy(h, r.signature().get(), r.signer());
    if (signed.isPresent()) {
      return Verdict.refused(signed.get(), "no signature of " + r.signer().toChecksumHex() + " over the upload message");
    }
    if (r.nonce() <= lastNonce) {
      return Verdict.refused(Refusal.NONCE_REPLAYED, "nonce " + r.nonce() + " ≤ last accepted " + lastNonce);
    }
    if (!assets.mayPublish(s.state(), r.assetId(), r.signer())) {
      return Verdict.refused(Refusal.NOT_PUBLISHER, r.signer().toChecksumHex() + " may not publish this asset's file");
    }
    return Verdict.granted(new Upload(r, a));
  }

  /**
   * Whether this provider would serve orders of the asset: it exists and its metadata state allows downloads. Checked
   * before the provider signs a provider fee ({@code GET /initialize}), so a consumer does not pay for an order the
   * provider would refuse (DM§9). Whether the file is stored is the caller's check.
   */
  public Verdict<AssetTerms> quote(Bytes32 assetId, LedgerState s) {
    Optional<AssetTerms> asset = assets.asset(s.state(), assetId);
    if (asset.isEmpty()) {
      return Verdict.refused(Refusal.NO_SUCH_ASSET, "asset " + assetId.toHexString() + " not in block #" + s.headNumber());
    }
    if (!asset.get().downloadable()) {
      return Verdict.refused(Refusal.ASSET_NOT_DOWNLOADABLE, "metadata state " + asset.get().metadataState());
    }
    return Verdict.granted(asset.get());
  }

  /** The received bytes' SHA-256 must be the asset's on-chain content hash. */
  public static Optional<Refusal> content(AssetTerms asset, Bytes32 sha256) {
    return sha256.equals(asset.contentHash()) ? Optional.empty() : Optional.of(Refusal.CONTENT_HASH_MISMATCH);
  }

  private Optional<Refusal> signedBy(Hash h, Bytes signature, Address claimed) {
    Optional<Address> signer = EthSignatures.signer(curve, h, signature);
    return signer.isPresent() && signer.get().equals(claimed) ? Optional.empty() : Optional.of(Refusal.BAD_SIGNATURE);
  }
}
