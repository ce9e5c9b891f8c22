package org.mercato.market.data.provider;

import java.util.Map;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.mercato.state.types.Address;
import org.mercato.state.types.Hash;

/**
 * Request parameters as text (path segment and query) to typed requests; a malformed field is {@link Refusal#BAD_REQUEST}
 * naming it. Hex values are 0x-prefixed, nonces decimal (docs/spec/data-market.md §Provider (download service)).
 */
public final class ProviderRequests {
  private ProviderRequests() {}

  public static Verdict<DownloadRequest> download(String assetId, Map<String, String> query) {
    try {
      return Verdict.granted(new DownloadRequest(word("assetId", assetId), new Hash(word("order", query.get("order"))),
          address("consumer", query.get("consumer")), nonce(query.get("nonce")), signature(query.get("signature"))));
    } catch (IllegalArgumentException e) {
      return Verdict.refused(Refusal.BAD_REQUEST, e.getMessage());
    }
  }

  public static Verdict<UploadRequest> upload(String assetId, Map<String, String> query) {
    try {
      return Verdict.granted(new UploadRequest(word("assetId", assetId), address("signer", query.get("signer")),
          nonce(query.get("nonce")), signature(query.get("signature"))));
    } catch (IllegalArgumentException e) {
      return Verdict.refused(Refusal.BAD_REQUEST, e.getMessage());
    }
  }

  /**
   * A nonce: decimal digits only, 1 ≤ nonce ≤ 2^63 − 1 (a millisecond timestamp fits; no signs, exponents or fractions, so
   * a client cannot be confused by two spellings of one number).
   */
  public static long nonce(String text) {
    if (text == null || text.isEmpty()) {
      throw new IllegalArgumentException("nonce: missing");
    }
    if (text.length() > 19 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw new IllegalArgumentException("nonce: not a decimal integer in [1, 2^63-1]: " + text);
    }
    long n;
    try {
      n = Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("nonce: above 2^63-1: " + text);
    }
    if (n < 1) {
      throw new IllegalArgumentException("nonce: must be at least 1");
    }
    return n;
  }

  public static Address address(String field, String text) {
    return new Address(hex(field, text, 20));
  }

  public static Bytes32 word(String field, String text) {
    return Bytes32.wrap(hex(field, text, 32));
  }

  private static Optional<Bytes> signature(String text) {
    if (text == null || text.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Bytes.fromHexString(text));
    } catch (IllegalArgumentException e) {
      // Present but not hex: a bad signature (401), not a malformed request: the client did try to sign.
      return Optional.of(Bytes.EMPTY);
    }
  }

  private static Bytes hex(String field, String text, int size) {
    if (text == null || text.isEmpty()) {
      throw new IllegalArgumentException(field + ": missing");
    }
    if (!text.startsWith("0x") || text.length() != 2 + 2 * size) {
      throw new IllegalArgumentException(field + ": expected 0x and " + 2 * size + " hex digits");
    }
    try {
      return Bytes.fromHexString(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(field + ": not hex");
    }
  }
}
