package org.mercato.node.provider;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.units.bigints.UInt256;
import org.mercato.market.data.order.ProviderFee;
import org.mercato.market.data.provider.AssetTerms;
import org.mercato.market.data.provider.DownloadRequest;
import org.mercato.market.data.provider.LedgerState;
import org.mercato.market.data.provider.ProviderRequests;
import org.mercato.market.data.provider.Refusal;
import org.mercato.market.data.provider.RequestVerifier;
import org.mercato.market.data.provider.UploadRequest;
import org.mercato.market.data.provider.Verdict;
import org.mercato.state.block.BlockHeader;
import org.mercato.state.chain.Blockchain;
import org.mercato.state.crypto.KeyPair;
import org.mercato.state.types.Address;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The provider's endpoints without HTTP (docs/spec/data-market.md §Provider (download service)): each request is
 * checked by {@link RequestVerifier} against one committed snapshot (the head block and its state), then the nonce is
 * advanced durably, and only then is a file served or stored. Every refusal is logged with its reason.
 */
public final class ProviderService {
  private static final Logger LOG = LoggerFactory.getLogger(ProviderService.class);
  private static final String OCTET_STREAM = "application/octet-stream";
  /** How long, in block time, a provider fee from {@code GET /initialize} may be used for an order. */
  public static final long QUOTE_SECONDS = 3600;

  private final Blockchain chain;
  private final KeyPair key;
  private final RequestVerifier verifier;
  private final NonceStore nonces;
  private final FileStore files;
  private final long maxUploadBytes;

  public ProviderService(Blockchain chain, KeyPair key, RequestVerifier verifier, NonceStore nonces, FileStore files,
      long maxUploadBytes) {
    if (!key.address().equals(verifier.provider())) {
      throw new IllegalArgumentException("the verifier checks messages for another provider than this key's");
    }
    this.chain = chain;
    this.key = key;
    this.verifier = verifier;
    this.nonces = nonces;
    this.files = files;
    this.maxUploadBytes = maxUploadBytes;
  }

  public Address provider() {
    return verifier.provider();
  }

  public long maxUploadBytes() {
    return maxUploadBytes;
  }

  /** {@code GET /}: who this provider is, as clients need it to sign. */
  public ProviderResponse info() {
    ObjectNode n = JsonNodeFactory.instance.objectNode();
    n.put("service", "mercato-provider");
    n.put("provider", verifier.provider().toChecksumHex());
    n.put("chainId", verifier.chainId());
    n.put("maxUploadBytes", maxUploadBytes);
    n.put("head", chain.head().number());
    return ProviderResponse.ok(200, n);
  }

  /** {@code GET /nonce?address=}: the last nonce accepted from the account (decimal string; "0" if none). */
  public ProviderResponse nonce(Map<String, String> query) {
    Address a;
    try {
      a = ProviderRequests.address("address", query.get("address"));
    } catch (IllegalArgumentException e) {
      return ProviderResponse.refused(Refusal.BAD_REQUEST, e.getMessage());
    }
    ObjectNode n = JsonNodeFactory.instance.objectNode();
    n.put("address", a.toChecksumHex());
    n.put("nonce", Long.toString(nonces.last(a)));
    return ProviderResponse.ok(200, n);
  }

  /**
   * {@code GET /initialize?assetId=&consumer=}: a zero provider fee signed by this provider (Ocean's initialize, DM§10),
   * to pass to {@code startOrder}, so the order names this provider. Only for an asset this provider would serve: it
   * exists, its state allows downloads and its file is stored here.
   */
  public ProviderResponse initialize(Map<String, String> query) {
    Bytes32 assetId;
    Address consumer;
    try {
      assetId = ProviderRequests.word("assetId", query.get("assetId"));
      consumer = ProviderRequests.address("consumer", query.get("consumer"));
    } catch (IllegalArgumentException e) {
      return ProviderResponse.refused(Refusal.BAD_REQUEST, e.getMessage());
    }
    String what = "provider fee for asset " + assetId.toHexString() + " and " + consumer.toChecksumHex();
    LedgerState s = snapshot();
    Verdict<AssetTerms> v = verifier.quote(assetId, s);
    if (v instanceof Verdict.Refused<AssetTerms> r) {
      return refuse(what, r);
    }
    AssetTerms asset = ((Verdict.Granted<AssetTerms>) v).value();
    if (files.find(asset.contentHash()).isEmpty()) {
      return refuse(what, new Verdict.Refused<>(Refusal.FILE_NOT_STORED, "content hash " + asset.contentHash().toHexString()));
    }
    long validUntil = s.headTimestamp() + QUOTE_SECONDS;
    ObjectNode data = JsonNodeFactory.instance.objectNode();
    data.put("assetId", assetId.toHexString());
    data.put("consumer", consumer.toHex());
    data.put("timestamp", s.headTimestamp());
    ProviderFee fee = ProviderFee.sign(key, Address.ZERO, UInt256.ZERO, UInt256.valueOf(validUntil),
        Bytes.wrap(data.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    ObjectNode f = JsonNodeFactory.instance.objectNode();
    f.put("providerFeeAddress", fee.address().toChecksumHex());
    f.put("providerFeeToken", fee.token().toHex());
    f.put("providerFeeAmount", "0");
    f.put("v", fee.v());
    f.put("r", fee.r().toHexString());
    f.put("s", fee.s().toHexString());
    f.put("validUntil", validUntil);
    f.put("providerData", fee.providerData().toHexString());
    ObjectNode n = JsonNodeFactory.instance.objectNode();
    n.set("providerFee", f);
    n.put("nonce", Long.toString(nonces.last(consumer)));
    LOG.info("Provider: signed a {} (valid until block time {})", what, validUntil);
    return ProviderResponse.ok(200, n);
  }

  /** {@code GET /files/{assetId}?order=&consumer=&nonce=&signature=}. */
  public ProviderResponse download(String assetId, Map<String, String> query) {
    Verdict<DownloadRequest> parsed = ProviderRequests.download(assetId, query);
    if (parsed instanceof Verdict.Refused<DownloadRequest> r) {
      return refuse("download of " + assetId, r);
    }
    DownloadRequest req = ((Verdict.Granted<DownloadRequest>) parsed).value();
    String what = "download of asset " + req.assetId().toHexString() + " by " + req.consumer().toChecksumHex()
        + " (order " + req.orderTx().toHex() + ")";
    LedgerState s = snapshot();
    Verdict<RequestVerifier.Download> v = verifier.download(req, s, nonces.last(req.consumer()));
    if (v instanceof Verdict.Refused<RequestVerifier.Download> r) {
      return refuse(what, r);
    }
    AssetTerms asset = ((Verdict.Granted<RequestVerifier.Download>) v).value().asset();
    Optional<Path> file = files.find(asset.contentHash());
    if (file.isEmpty()) {
      return refuse(what, new Verdict.Refused<>(Refusal.FILE_NOT_STORED, "content hash " + asset.contentHash().toHexString()));
    }
    if (!nonces.advance(req.consumer(), req.nonce())) {
      return refuse(what, new Verdict.Refused<>(Refusal.NONCE_REPLAYED, "a concurrent request used nonce " + req.nonce()));
    }
    long size = file.get().toFile().length();
    LOG.info("Provider: serving {}: {} bytes, sha256 {}, checked at block #{}", what, size, asset.contentHash().toHexString(),
        s.headNumber());
    String type = asset.contentType() == null || asset.contentType().isBlank() ? OCTET_STREAM : asset.contentType();
    return new ProviderResponse.File(file.get(), size, type, asset.contentHash());
  }

  /** {@code PUT /files/{assetId}?signer=&nonce=&signature=} with the file's bytes as body. */
  public ProviderResponse upload(String assetId, Map<String, String> query, ByteBuffer body) {
    Verdict<UploadRequest> parsed = ProviderRequests.upload(assetId, query);
    if (parsed instanceof Verdict.Refused<UploadRequest> r) {
      return refuse("upload to " + assetId, r);
    }
    UploadRequest req = ((Verdict.Granted<UploadRequest>) parsed).value();
    String what = "upload of " + body.remaining() + " bytes to asset " + req.assetId().toHexString() + " by "
        + req.signer().toChecksumHex();
    LedgerState s = snapshot();
    Verdict<RequestVerifier.Upload> v = verifier.upload(req, s, nonces.last(req.signer()));
    if (v instanceof Verdict.Refused<RequestVerifier.Upload> r) {
      return refuse(what, r);
    }
    AssetTerms asset = ((Verdict.Granted<RequestVerifier.Upload>) v).value().asset();
    Bytes32 sha = FileStore.sha256(body);
    Optional<Refusal> content = RequestVerifier.content(asset, sha);
    if (content.isPresent()) {
      return refuse(what, new Verdict.Refused<>(content.get(),
          "received " + sha.toHexString() + ", on chain " + asset.contentHash().toHexString()));
    }
    if (!nonces.advance(req.signer(), req.nonce())) {
      return refuse(what, new Verdict.Refused<>(Refusal.NONCE_REPLAYED, "a concurrent request used nonce " + req.nonce()));
    }
    boolean stored = files.put(sha, body);
    LOG.info("Provider: {}: {} (sha256 {})", what, stored ? "stored" : "already stored", sha.toHexString());
    ObjectNode n = JsonNodeFactory.instance.objectNode();
    n.put("assetId", req.assetId().toHexString());
    n.put("contentHash", sha.toHexString());
    n.put("size", body.remaining());
    n.put("stored", stored);
    return ProviderResponse.ok(stored ? 201 : 200, n);
  }

  /** The head block and the state after it: one immutable snapshot for all checks of a request. */
  private LedgerState snapshot() {
    BlockHeader head = chain.head();
    return new LedgerState(head.number(), head.timestamp(), chain.stateAt(head));
  }

  private static ProviderResponse refuse(String what, Verdict.Refused<?> r) {
    LOG.info("Provider: refused {}: {} ({})", what, r.reason().code(), r.detail());
    return ProviderResponse.refused(r.reason(), r.detail());
  }
}
