package org.mercato.market.data.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Parsing of provider requests and the nonce format (docs/spec/data-market.md §Provider (download service)). */
class ProviderRequestsTest {
  private static final String ASSET = "0x" + "00".repeat(31) + "01";
  private static final String ORDER = "0x" + "ab".repeat(32);
  private static final String CONSUMER = "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266";

  @Test
  void nonceIsAPositiveDecimalLong() {
    assertEquals(1, ProviderRequests.nonce("1"));
    assertEquals(1_700_000_000_123L, ProviderRequests.nonce("1700000000123"), "a millisecond timestamp");
    assertEquals(Long.MAX_VALUE, ProviderRequests.nonce("9223372036854775807"));
    for (String bad : new String[] {"0", "-1", "+1", "1.0", "1e3", "0x10", " 1", "9223372036854775808", "99999999999999999999", ""}) {
      assertThrows(IllegalArgumentException.class, () -> ProviderRequests.nonce(bad), bad);
    }
    assertThrows(IllegalArgumentException.class, () -> ProviderRequests.nonce(null));
  }

  @Test
  void downloadParsesAndAbsentSignatureIsUnsignedNotMalformed() {
    Map<String, String> q = new HashMap<>(Map.of("order", ORDER, "consumer", CONSUMER, "nonce", "5"));
    DownloadRequest r = granted(ProviderRequests.download(ASSET, q));
    assertEquals(5, r.nonce());
    assertTrue(r.signature().isEmpty());
    q.put("signature", "0xzz");
    assertEquals(0, granted(ProviderRequests.download(ASSET, q)).signature().orElseThrow().size(),
        "non-hex signature: present but unusable, so 401 bad_signature later");
  }

  @Test
  void malformedFieldsAreBadRequestsNamingTheField() {
    Map<String, String> ok = Map.of("order", ORDER, "consumer", CONSUMER, "nonce", "5");
    assertRefused("assetId", ProviderRequests.download("0x01", ok));
    assertRefused("order", ProviderRequests.download(ASSET, with(ok, "order", "0x12")));
    assertRefused("consumer", ProviderRequests.download(ASSET, with(ok, "consumer", CONSUMER.substring(2))));
    assertRefused("nonce", ProviderRequests.download(ASSET, with(ok, "nonce", "1.5")));
    assertRefused("signer", ProviderRequests.upload(ASSET, Map.of("nonce", "1")));
  }

  private static Map<String, String> with(Map<String, String> m, String k, String v) {
    Map<String, String> out = new HashMap<>(m);
    out.put(k, v);
    return out;
  }

  private static <T> T granted(Verdict<T> v) {
    assertInstanceOf(Verdict.Granted.class, v, () -> "refused: " + v);
    return ((Verdict.Granted<T>) v).value();
  }

  private static void assertRefused(String field, Verdict<?> v) {
    Verdict.Refused<?> r = assertInstanceOf(Verdict.Refused.class, v);
    assertEquals(Refusal.BAD_REQUEST, r.reason());
    assertTrue(r.detail().startsWith(field + ":"), r.detail());
  }
}
