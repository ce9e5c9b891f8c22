package org.mercato.node;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mercato.node.compat.DevAccounts;
import org.mercato.node.config.ProviderConfig;
import org.mercato.node.testing.InProcessDevNode;
import org.mercato.node.testing.Rpc;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.DynamicArray;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.DynamicStruct;
import org.web3j.abi.datatypes.StaticStruct;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint8;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.crypto.Sign;
import org.web3j.utils.Numeric;

/**
 * The download service of docs/spec/data-market.md §Provider (download service) in a real in-process dev node, over
 * loopback HTTP: assets, datatokens and orders made by web3j-signed transactions, requests signed with web3j's
 * {@code Sign.signPrefixedMessage} over messages packed here by hand (independently of the provider's code). One
 * allowed download, and every refusal the issue names.
 */
class ProviderNodeTest {
  private static final String FACTORY = "0x0000000000000000000000000000000000001001";
  private static final long CHAIN_ID = 31337;
  private static final BigInteger GAS = BigInteger.valueOf(1_000_000);
  private static final Duration MINE = Duration.ofSeconds(30);
  private static final BigInteger E18 = BigInteger.TEN.pow(18);
  private static final int MAX_UPLOAD = 64 * 1024;
  private static final ObjectMapper JSON = new ObjectMapper();
  /** One increasing sequence for every signer: strictly increasing per account as the provider requires. */
  private static final AtomicLong NONCES = new AtomicLong(1_700_000_000_000L);

  private static final Credentials OWNER = DevAccounts.credentials(1);
  private static final Credentials CONSUMER = DevAccounts.credentials(2);
  private static final Credentials STRANGER = DevAccounts.credentials(3);
  private static final byte[] FILE = "station,day,temp\nZRH,2026-11-27,4.5\nGVA,2026-11-27,6.0\n".getBytes(StandardCharsets.UTF_8);

  private static InProcessDevNode node;
  private static Rpc rpc;
  private static HttpClient http;
  private static URI provider;
  private static String providerAddress;
  private static String asset;
  private static String token;

  @BeforeAll
  static void start() {
    node = new InProcessDevNode(Duration.ofMillis(200), List.of(),
        c -> c.withProvider(new ProviderConfig(true, "127.0.0.1", 0, Optional.empty(), MAX_UPLOAD)));
    rpc = new Rpc(node.rpcUri());
    http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    provider = node.node().provider().uri();
    providerAddress = node.node().provider().address().toHex();
    asset = publish(OWNER, "Weather", FILE, 0);
    token = datatoken(OWNER, asset);
    mined(OWNER, token, FunctionEncoder.encode(new Function("mint",
        List.of(new Address(CONSUMER.getAddress()), new Uint256(E18.multiply(BigInteger.TEN))), List.of())));
    HttpResponse<byte[]> up = upload(OWNER, asset, FILE, NONCES.incrementAndGet());
    assertEquals(201, up.statusCode(), body(up));
  }

  @AfterAll
  static void stop() {
    if (node != null) {
      node.close();
    }
  }

  @Test
  void theConsumerOfAnOrderDownloadsTheFileAndItMatchesTheChain() throws Exception {
    String order = order(CONSUMER, token);
    HttpResponse<byte[]> r = download(CONSUMER, CONSUMER.getAddress(), asset, order, NONCES.incrementAndGet());
    assertEquals(200, r.statusCode(), body(r));
    assertArrayEquals(FILE, r.body());
    // The consumer's check: SHA-256 of the bytes against the content hash the chain holds (getMetadata word 5).
    String onChain = "0x" + word(rpc.call("eth_call", Rpc.callObject(CONSUMER.getAddress(), FACTORY, FunctionEncoder.encode(
        new Function("getMetadata", List.of(new Bytes32(Numeric.hexStringToByteArray(asset))), List.of()))), "latest").asText(), 5);
    assertEquals(onChain, Numeric.toHexString(MessageDigest.getInstance("SHA-256").digest(r.body())));
    assertEquals(onChain, r.headers().firstValue("X-Mercato-Content-Hash").orElseThrow());
    assertEquals("text/csv", r.headers().firstValue("Content-Type").orElseThrow());
  }

  @Test
  void aReplayedOrOlderNonceIsRefused() throws Exception {
    String order = order(CONSUMER, token);
    long n = NONCES.incrementAndGet();
    assertEquals(200, download(CONSUMER, CONSUMER.getAddress(), asset, order, n).statusCode());
    assertRefused(409, "nonce_replayed", download(CONSUMER, CONSUMER.getAddress(), asset, order, n));
    assertRefused(409, "nonce_replayed", download(CONSUMER, CONSUMER.getAddress(), asset, order, n - 1));
    JsonNode last = JSON.readTree(get(provider.resolve("/nonce?address=" + CONSUMER.getAddress())).body());
    assertEquals(Long.toString(n), last.get("nonce").asText(), "the provider reports the last accepted nonce");
    assertEquals(200, download(CONSUMER, CONSUMER.getAddress(), asset, order, NONCES.incrementAndGet()).statusCode(),
        "a higher nonce works again");
  }

  @Test
  void noOrderIsRefused() {
    assertRefused(404, "no_such_order",
        download(CONSUMER, CONSUMER.getAddress(), asset, "0x" + "ab".repeat(32), NONCES.incrementAndGet()));
    // A real transaction that is not an order (a mint) is no order either.
    String mint = mined(OWNER, token, FunctionEncoder.encode(new Function("mint",
        List.of(new Address(CONSUMER.getAddress()), new Uint256(BigInteger.ONE)), List.of()))).get("transactionHash").asText();
    assertRefused(404, "no_such_order", download(CONSUMER, CONSUMER.getAddress(), asset, mint, NONCES.incrementAndGet()));
  }

  @Test
  void anOrderOfAnotherAssetIsRefused() {
    byte[] otherBytes = "other bytes".getBytes(StandardCharsets.UTF_8);
    String other = publish(OWNER, "Other", otherBytes, 0);
    String otherToken = datatoken(OWNER, other);
    assertRefused(404, "file_not_stored", get(provider.resolve("/initialize?assetId=" + other + "&consumer=" + CONSUMER.getAddress())),
        "no provider fee for a file this provider does not hold");
    assertEquals(201, upload(OWNER, other, otherBytes, NONCES.incrementAndGet()).statusCode());
    mined(OWNER, otherToken, FunctionEncoder.encode(new Function("mint",
        List.of(new Address(CONSUMER.getAddress()), new Uint256(E18)), List.of())));
    String order = order(CONSUMER, otherToken);
    assertRefused(403, "order_for_other_asset", download(CONSUMER, CONSUMER.getAddress(), asset, order, NONCES.incrementAndGet()));
  }

  @Test
  void anOrderNamingAnotherProviderIsRefused() {
    String order = orderVia(STRANGER, CONSUMER, token);
    assertRefused(403, "order_for_other_provider", download(CONSUMER, CONSUMER.getAddress(), asset, order, NONCES.incrementAndGet()));
  }

  @Test
  void anotherAccountCannotUseTheConsumersOrder() {
    String order = order(CONSUMER, token);
    // The stranger signs honestly as itself: a valid signature, but not the order's consumer.
    assertRefused(403, "not_order_consumer", download(STRANGER, STRANGER.getAddress(), asset, order, NONCES.incrementAndGet()));
  }

  @Test
  void aSignatureThatDoesNotRecoverTheClaimedConsumerIsRefused() {
    String order = order(CONSUMER, token);
    // Claims to be the consumer, signed by the stranger.
    assertRefused(401, "bad_signature", download(STRANGER, CONSUMER.getAddress(), asset, order, NONCES.incrementAndGet()));
    // The consumer's signature, but for another nonce than the one sent.
    long n = NONCES.incrementAndGet();
    String sig = sign(CONSUMER, downloadMessage(asset, order, n));
    assertRefused(401, "bad_signature", send(downloadUri(CONSUMER.getAddress(), asset, order, n + 1, sig)));
    // Garbage and truncated signatures.
    assertRefused(401, "bad_signature", send(downloadUri(CONSUMER.getAddress(), asset, order, n + 2, "0x1234")));
    assertRefused(401, "bad_signature", send(downloadUri(CONSUMER.getAddress(), asset, order, n + 3, sig.substring(0, 130))));
  }

  @Test
  void anUnsignedRequestIsRefused() {
    String order = order(CONSUMER, token);
    assertRefused(401, "unsigned", send(downloadUri(CONSUMER.getAddress(), asset, order, NONCES.incrementAndGet(), null)));
    assertRefused(400, "bad_request", send(provider.resolve("/files/" + asset + "?order=" + order + "&consumer="
        + CONSUMER.getAddress())), "no nonce");
  }

  @Test
  void thePayerOfAnOrderForSomeoneElseCannotDownloadButItsConsumerCan() throws IOException {
    // The owner pays a datatoken of its own for the consumer: the order entitles the consumer only (§Provider, check 8).
    mined(OWNER, token, FunctionEncoder.encode(new Function("mint",
        List.of(new Address(OWNER.getAddress()), new Uint256(E18)), List.of())));
    JsonNode fee = JSON.readTree(get(provider.resolve("/initialize?assetId=" + asset + "&consumer=" + CONSUMER.getAddress())).body());
    String order = startOrder(OWNER, CONSUMER.getAddress(), token, providerFee(fee.get("providerFee")));
    assertRefused(403, "not_order_consumer", download(OWNER, OWNER.getAddress(), asset, order, NONCES.incrementAndGet()));
    assertEquals(200, download(CONSUMER, CONSUMER.getAddress(), asset, order, NONCES.incrementAndGet()).statusCode());
  }

  @Test
  void anAssetWhoseStateNoLongerAllowsDownloadsIsRefused() {
    byte[] bytes = "retired data".getBytes(StandardCharsets.UTF_8);
    String a = publish(OWNER, "Retired", bytes, 0);
    String t = datatoken(OWNER, a);
    mined(OWNER, t, FunctionEncoder.encode(new Function("mint", List.of(new Address(CONSUMER.getAddress()), new Uint256(E18)),
        List.of())));
    assertEquals(201, upload(OWNER, a, bytes, NONCES.incrementAndGet()).statusCode());
    String order = order(CONSUMER, t);
    // The publisher marks the asset end-of-life (state 1) after the order was made.
    mined(OWNER, FACTORY, FunctionEncoder.encode(new Function("setMetadataState",
        List.of(new Bytes32(Numeric.hexStringToByteArray(a)), new Uint8(1)), List.of())));
    assertRefused(403, "asset_not_downloadable", download(CONSUMER, CONSUMER.getAddress(), a, order, NONCES.incrementAndGet()));
    assertRefused(403, "asset_not_downloadable", get(provider.resolve("/initialize?assetId=" + a + "&consumer=" + CONSUMER.getAddress())),
        "no provider fee for new orders either");
  }

  @Test
  void anExpiredOrderIsRefused() {
    byte[] bytes = "short-lived".getBytes(StandardCharsets.UTF_8);
    String shortLived = publish(OWNER, "Brief", bytes, 1); // an order grants one second of block time
    String shortToken = datatoken(OWNER, shortLived);
    mined(OWNER, shortToken, FunctionEncoder.encode(new Function("mint",
        List.of(new Address(CONSUMER.getAddress()), new Uint256(E18)), List.of())));
    assertEquals(201, upload(OWNER, shortLived, bytes, NONCES.incrementAndGet()).statusCode());
    String order = order(CONSUMER, shortToken);
    long orderBlock = Numeric.decodeQuantity(rpc.receipt(order).orElseThrow().get("blockNumber").asText()).longValueExact();
    long validUntil = timestamp(orderBlock) + 1; // order block timestamp + accessDuration (§Orders), inclusive
    // Wait (on block time, not on our clock) until the head block's timestamp is past validUntil.
    long n = orderBlock;
    while (true) {
      n = rpc.waitForBlock(n + 1, MINE);
      if (timestamp(n) > validUntil) {
        break;
      }
    }
    assertRefused(403, "order_expired", download(CONSUMER, CONSUMER.getAddress(), shortLived, order, NONCES.incrementAndGet()));
  }

  @Test
  void onlyTheOwnerOrAMetadataUpdaterMayUpload() {
    byte[] bytes = "publisher only".getBytes(StandardCharsets.UTF_8);
    String a = publish(OWNER, "Guarded", bytes, 0);
    assertRefused(403, "not_publisher", upload(STRANGER, a, bytes, NONCES.incrementAndGet()));
    assertRefused(401, "unsigned", send(HttpRequest.newBuilder(provider.resolve("/files/" + a + "?signer=" + OWNER.getAddress()
        + "&nonce=" + NONCES.incrementAndGet())).PUT(HttpRequest.BodyPublishers.ofByteArray(bytes)).build()));
    // The owner grants the stranger the metadataUpdater role (2): now the stranger may upload.
    mined(OWNER, FACTORY, FunctionEncoder.encode(new Function("grantRole",
        List.of(new Bytes32(Numeric.hexStringToByteArray(a)), new Uint8(2), new Address(STRANGER.getAddress())), List.of())));
    HttpResponse<byte[]> r = upload(STRANGER, a, bytes, NONCES.incrementAndGet());
    assertEquals(201, r.statusCode(), body(r));
  }

  @Test
  void bytesThatDoNotMatchTheOnChainHashAreRefusedAndNotStored() throws Exception {
    byte[] real = "the real file".getBytes(StandardCharsets.UTF_8);
    String a = publish(OWNER, "Hashed", real, 0);
    byte[] forged = "a forged file".getBytes(StandardCharsets.UTF_8);
    assertRefused(422, "content_hash_mismatch", upload(OWNER, a, forged, NONCES.incrementAndGet()));
    String forgedHash = Numeric.toHexStringNoPrefix(MessageDigest.getInstance("SHA-256").digest(forged));
    assertFalse(Files.exists(node.node().provider().filesDir().resolve(forgedHash)), "nothing stored");
    assertRefused(413, "upload_too_large", upload(OWNER, a, new byte[MAX_UPLOAD + 1], NONCES.incrementAndGet()));
    assertEquals(201, upload(OWNER, a, real, NONCES.incrementAndGet()).statusCode(), "the real bytes are accepted");
  }

  @Test
  void theInfoEndpointNamesTheProviderAndChain() throws IOException {
    JsonNode info = JSON.readTree(get(provider).body());
    assertEquals(providerAddress.toLowerCase(), info.get("provider").asText().toLowerCase());
    assertEquals(CHAIN_ID, info.get("chainId").asLong());
    assertTrue(provider.getHost().equals("127.0.0.1"), "loopback by default: " + provider);
  }

  // ---- the chain side, as a client would do it ----

  /** createAssetWithMetadata with the file's size and SHA-256; returns the assetId. */
  private static String publish(Credentials owner, String name, byte[] file, long accessDuration) {
    byte[] sha;
    try {
      sha = MessageDigest.getInstance("SHA-256").digest(file);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
    JsonNode r = mined(owner, FACTORY, FunctionEncoder.encode(new Function("createAssetWithMetadata", List.of(
        new Utf8String(name), new Utf8String(name.substring(0, 3).toUpperCase()), new Utf8String("test data"),
        new DynamicArray<>(Utf8String.class, List.of(new Utf8String("weather"))), new Utf8String("CC-BY-4.0"),
        new Utf8String("text/csv"), new Uint256(file.length), new Bytes32(sha), new Uint256(accessDuration), new Uint8(0)),
        List.of())));
    return r.get("logs").get(0).get("topics").get(1).asText();
  }

  private static String datatoken(Credentials owner, String assetId) {
    JsonNode r = mined(owner, FACTORY, FunctionEncoder.encode(new Function("createDatatoken",
        List.of(new Bytes32(Numeric.hexStringToByteArray(assetId)), new Utf8String("Access"), new Utf8String("ACC"),
            new Uint256(E18.multiply(BigInteger.valueOf(1000))), new Address(owner.getAddress())), List.of())));
    return "0x" + r.get("logs").get(0).get("topics").get(1).asText().substring(26);
  }

  /**
   * The consumer asks this provider for a provider fee ({@code GET /initialize}) and spends one datatoken on an order
   * naming it (Ocean's startOrder on the datatoken); returns the order's key, its transaction hash.
   */
  private static String order(Credentials consumer, String datatoken) {
    String assetId = assetOf(datatoken);
    HttpResponse<byte[]> init = get(provider.resolve("/initialize?assetId=" + assetId + "&consumer=" + consumer.getAddress()));
    assertEquals(200, init.statusCode(), body(init));
    JsonNode f;
    try {
      f = JSON.readTree(init.body()).get("providerFee");
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    return startOrder(consumer, consumer.getAddress(), datatoken, providerFee(f));
  }

  private static DynamicStruct providerFee(JsonNode f) {
    return new DynamicStruct(new Address(f.get("providerFeeAddress").asText()),
        new Address(f.get("providerFeeToken").asText()), new Uint256(new BigInteger(f.get("providerFeeAmount").asText())),
        new Uint8(f.get("v").asLong()), new Bytes32(Numeric.hexStringToByteArray(f.get("r").asText())),
        new Bytes32(Numeric.hexStringToByteArray(f.get("s").asText())), new Uint256(f.get("validUntil").asLong()),
        new DynamicBytes(Numeric.hexStringToByteArray(f.get("providerData").asText())));
  }

  /** An order whose zero provider fee is signed by {@code provider}'s key (web3j), so the order names that account. */
  private static String orderVia(Credentials provider, Credentials consumer, String datatoken) {
    byte[] data = "{}".getBytes(StandardCharsets.UTF_8);
    byte[] zero20 = new byte[20];
    byte[] msg = Hash.sha3(concat(data, Numeric.hexStringToByteArray(provider.getAddress()), zero20, uint(0), uint(0)));
    Sign.SignatureData d = Sign.signPrefixedMessage(msg, provider.getEcKeyPair());
    return startOrder(consumer, consumer.getAddress(), datatoken, new DynamicStruct(new Address(provider.getAddress()),
        new Address("0x0000000000000000000000000000000000000000"), new Uint256(0), new Uint8(d.getV()[0] & 0xff),
        new Bytes32(d.getR()), new Bytes32(d.getS()), new Uint256(0), new DynamicBytes(data)));
  }

  /** Ocean's startOrder on the datatoken, sent (and paid) by {@code payer} for {@code consumer}. */
  private static String startOrder(Credentials payer, String consumer, String datatoken, DynamicStruct providerFee) {
    String zero = "0x0000000000000000000000000000000000000000";
    return mined(payer, datatoken, FunctionEncoder.encode(new Function("startOrder", List.of(new Address(consumer),
        new Uint256(0), providerFee, new StaticStruct(new Address(zero), new Address(zero), new Uint256(0))), List.of())))
        .get("transactionHash").asText();
  }

  private static String assetOf(String datatoken) {
    return rpc.call("eth_call", Rpc.callObject(OWNER.getAddress(), FACTORY, FunctionEncoder.encode(
        new Function("assetOfDatatoken", List.of(new Address(datatoken)), List.of()))), "latest").asText();
  }

  private static JsonNode mined(Credentials sender, String to, String data) {
    return rpc.mined(sender, CHAIN_ID, to, data, GAS, MINE);
  }

  private static long timestamp(long block) {
    return Numeric.decodeQuantity(rpc.block(block).get("timestamp").asText()).longValueExact();
  }

  private static String word(String hex, int i) {
    return hex.substring(2 + 64 * i, 2 + 64 * (i + 1));
  }

  // ---- the provider side: messages packed by hand, signed by web3j ----

  private static byte[] downloadMessage(String assetId, String orderTx, long nonce) {
    return Hash.sha3(concat("mercato-download".getBytes(StandardCharsets.US_ASCII), uint(CHAIN_ID),
        Numeric.hexStringToByteArray(providerAddress), Numeric.hexStringToByteArray(assetId),
        Numeric.hexStringToByteArray(orderTx), uint(nonce)));
  }

  private static byte[] uploadMessage(String assetId, byte[] contentHash, long nonce) {
    return Hash.sha3(concat("mercato-upload".getBytes(StandardCharsets.US_ASCII), uint(CHAIN_ID),
        Numeric.hexStringToByteArray(providerAddress), Numeric.hexStringToByteArray(assetId), contentHash, uint(nonce)));
  }

  private static String sign(Credentials c, byte[] h) {
    Sign.SignatureData d = Sign.signPrefixedMessage(h, c.getEcKeyPair());
    return Numeric.toHexString(concat(d.getR(), d.getS(), d.getV()));
  }

  private static HttpResponse<byte[]> download(Credentials signer, String consumer, String assetId, String orderTx, long nonce) {
    return send(downloadUri(consumer, assetId, orderTx, nonce, sign(signer, downloadMessage(assetId, orderTx, nonce))));
  }

  private static URI downloadUri(String consumer, String assetId, String orderTx, long nonce, String signature) {
    return provider.resolve("/files/" + assetId + "?order=" + orderTx + "&consumer=" + consumer + "&nonce=" + nonce
        + (signature == null ? "" : "&signature=" + signature));
  }

  /** A PUT signed over the asset's on-chain content hash (the file the signer means to publish). */
  private static HttpResponse<byte[]> upload(Credentials signer, String assetId, byte[] body, long nonce) {
    String onChain = word(rpc.call("eth_call", Rpc.callObject(signer.getAddress(), FACTORY, FunctionEncoder.encode(
        new Function("getMetadata", List.of(new Bytes32(Numeric.hexStringToByteArray(assetId))), List.of()))), "latest").asText(), 5);
    String sig = sign(signer, uploadMessage(assetId, Numeric.hexStringToByteArray(onChain), nonce));
    URI uri = provider.resolve("/files/" + assetId + "?signer=" + signer.getAddress() + "&nonce=" + nonce + "&signature=" + sig);
    return send(HttpRequest.newBuilder(uri).PUT(HttpRequest.BodyPublishers.ofByteArray(body)).build());
  }

  private static HttpResponse<byte[]> get(URI uri) {
    return send(uri);
  }

  private static HttpResponse<byte[]> send(URI uri) {
    return send(HttpRequest.newBuilder(uri).GET().build());
  }

  private static HttpResponse<byte[]> send(HttpRequest request) {
    try {
      return http.send(HttpRequest.newBuilder(request, (k, v) -> true).timeout(Duration.ofSeconds(30)).build(),
          HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new AssertionError(request.method() + " " + request.uri() + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private static void assertRefused(int status, String code, HttpResponse<byte[]> r) {
    assertRefused(status, code, r, "");
  }

  private static void assertRefused(int status, String code, HttpResponse<byte[]> r, String why) {
    assertEquals(status, r.statusCode(), why + " " + body(r));
    try {
      JsonNode n = JSON.readTree(r.body());
      assertEquals(code, n.get("error").asText(), body(r));
      assertFalse(n.get("message").asText().isEmpty());
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + body(r), e);
    }
  }

  private static String body(HttpResponse<byte[]> r) {
    return r.statusCode() + " " + new String(r.body(), StandardCharsets.UTF_8);
  }

  private static byte[] uint(long v) {
    return Numeric.toBytesPadded(BigInteger.valueOf(v), 32);
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }
}
