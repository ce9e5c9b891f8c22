package org.mercato.market.data.provider;

/**
 * Why a provider refuses a request, with the HTTP status and the {@code error} code of the JSON body
 * ({@code {"error": code, "message": ...}}); docs/spec/data-market.md §Provider (download service), "Refusals".
 */
public enum Refusal {
  BAD_REQUEST(400, "bad_request", "malformed request"),
  UNSIGNED(401, "unsigned", "the request carries no signature"),
  BAD_SIGNATURE(401, "bad_signature", "the signature does not recover the claimed account"),
  NONCE_REPLAYED(409, "nonce_replayed", "the nonce is not above the last one accepted from this account"),
  NO_SUCH_ORDER(404, "no_such_order", "no order with this transaction hash in committed state"),
  ORDER_FOR_OTHER_ASSET(403, "order_for_other_asset", "the order is for another asset"),
  ORDER_FOR_OTHER_PROVIDER(403, "order_for_other_provider", "the order names another provider"),
  NOT_ORDER_CONSUMER(403, "not_order_consumer", "the signer is not the order's consumer"),
  ORDER_EXPIRED(403, "order_expired", "the order's validUntil is before the head block's timestamp"),
  NO_SUCH_ASSET(404, "no_such_asset", "no such asset in committed state"),
  ASSET_NOT_DOWNLOADABLE(403, "asset_not_downloadable", "the asset's metadata state does not allow downloads"),
  FILE_NOT_STORED(404, "file_not_stored", "this provider holds no file for the asset's content hash"),
  NOT_PUBLISHER(403, "not_publisher", "the signer is neither the asset's owner nor a metadata updater"),
  NO_CONTENT_HASH(409, "no_content_hash", "the asset has no content hash on chain"),
  CONTENT_HASH_MISMATCH(422, "content_hash_mismatch", "SHA-256 of the uploaded bytes is not the asset's content hash"),
  UPLOAD_TOO_LARGE(413, "upload_too_large", "the upload exceeds the provider's maximum size"),
  NOT_FOUND(404, "not_found", "no such endpoint"),
  METHOD_NOT_ALLOWED(405, "method_not_allowed", "method not allowed on this endpoint"),
  INTERNAL(500, "internal", "the provider failed to handle the request");

  private final int status;
  private final String code;
  private final String description;

  Refusal(int status, String code, String description) {
    this.status = status;
    this.code = code;
    this.description = description;
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }

  public String description() {
    return description;
  }
}
