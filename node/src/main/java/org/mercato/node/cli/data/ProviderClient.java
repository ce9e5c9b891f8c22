package org.mercato.node.cli.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.units.bigints.UInt256;
import org.mercato.market.data.order.ProviderFee;
import org.mercato.market.data.provider.EthSignatures;
import org.mercato.market.data.provider.ProviderMessages;
import org.mercato.node.cli.data.ChainSession.ChainException;
import org.mercato.state.crypto.KeyPair;
import org.mercato.state.crypto.Secp256k1s;
import org.mercato.state.types.Address;
import org.mercato.state.types.Hash;

/**
 * The client side of the provider's HTTP API (docs/spec/data-market.md §Provider (download service)): identity, the
 * next nonce, a provider fee naming the provider for {@code startOrder}, signed upload and signed download. Every
 * request signature is EIP-191 over the spec's packed message with the provider's own address and chain id.
 */
final class ProviderClient {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI base;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private JsonNode info;

  ProviderClient(URI base) {
    String s = base.toString();
    this.base = URI.create(s.endsWith("/") ? s : s + "/");
  }

  /** The provider's address (from {@code GET /}), part of every signed message. */
  Address address() {
    return Address.fromHex(info().path("provider").asText());
  }

  long chainId() {
    return info().path("chainId").asLong();
  }

  /** A nonce above the last one the provider accepted from {@code account}. */
  long nextNonce(Address account) {
    return Long.parseLong(getJson("nonce?address=" + account.toHex()).path("nonce").asText()) + 1;
  }

  /** {@code GET /initialize}: a zero provider fee signed by the provider, so the order names it. */
  ProviderFee initialize(Bytes32 assetId, Address consumer) {
    JsonNode f = getJson("initialize?assetId=" + assetId.toHexString() + "&consumer=" + consumer.toHex()).path("providerFee");
    return new ProviderFee(Address.fromHex(f.path("providerFeeAddress").asText()), Address.fromHex(f.path("providerFeeToken").asText()),
        UInt256.valueOf(number(f.path("providerFeeAmount"))), f.path("v").asInt(), Bytes32.fromHexString(f.path("r").asText()),
        Bytes32.fromHexString(f.path("s").asText()), UInt256.valueOf(number(f.path("validUntil"))),
        Bytes.fromHexString(f.path("providerData").asText()));
  }

  /** {@code PUT /files/{assetId}} signed by {@code signer} over the asset's on-chain content hash. */
  JsonNode upload(KeyPair signer, Bytes32 assetId, Bytes32 contentHash, Path file) {
    long nonce = nextNonce(signer.address());
    Bytes sig = sign(signer, ProviderMessages.upload(chainId(), address(), assetId, contentHash, nonce));
    try {
      HttpRequest req = HttpRequest.newBuilder(base.resolve("files/" + assetId.toHexString() + "?signer=" + signer.address().toHex()
          + "&nonce=" + nonce + "&signature=" + sig.toHexString())).PUT(HttpRequest.BodyPublishers.ofFile(file)).build();
      HttpResponse<byte[]> r = http.send(req, HttpResponse.BodyHandlers.ofByteArray());
      return check(r.statusCode(), r.body());
    } catch (IOException e) {
      throw new ChainException("cannot upload to the provider at " + base + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ChainException("interrupted");
    }
  }

  /** {@code GET /files/{assetId}} for order {@code orderTx}, signed by the consumer; the body is written to {@code out}. */
  void download(KeyPair consumer, Bytes32 assetId, Hash orderTx, Path out) {
    long nonce = nextNonce(consumer.address());
    Bytes sig = sign(consumer, ProviderMessages.download(chainId(), address(), assetId, orderTx, nonce));
    try {
      HttpRequest req = HttpRequest.newBuilder(base.resolve("files/" + assetId.toHexString() + "?order=" + orderTx.toHex()
          + "&consumer=" + consumer.address().toHex() + "&nonce=" + nonce + "&signature=" + sig.toHexString())).GET().build();
      HttpResponse<InputStream> r = http.send(req, HttpResponse.BodyHandlers.ofInputStream());
      try (InputStream body = r.body()) {
        if (r.statusCode() != 200) {
          check(r.statusCode(), body.readAllBytes());
        }
        Files.copy(body, out, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new ChainException("cannot download from the provider at " + base + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ChainException("interrupted");
    }
  }

  private static Bytes sign(KeyPair key, Hash message) {
    return EthSignatures.encode(Secp256k1s.best().sign(ProviderMessages.personal(message), key));
  }

  private JsonNode info() {
    if (info == null) {
      info = getJson("");
    }
    return info;
  }

  private JsonNode getJson(String pathAndQuery) {
    try {
      HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(base.resolve(pathAndQuery)).GET().build(),
          HttpResponse.BodyHandlers.ofByteArray());
      return check(r.statusCode(), r.body());
    } catch (IOException e) {
      throw new ChainException("no provider answers at " + base + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ChainException("interrupted");
    }
  }

  /** The JSON body of a 2xx answer; otherwise the provider's {@code error: message} as a failure. */
  private JsonNode check(int status, byte[] body) throws IOException {
    JsonNode n;
    try {
      n = JSON.readTree(body);
    } catch (IOException e) {
      n = null;
    }
    if (status / 100 == 2 && n != null) {
      return n;
    }
    String why = n == null ? new String(body, 0, Math.min(body.length, 200), StandardCharsets.UTF_8)
        : n.path("error").asText() + ": " + n.path("message").asText();
    throw new ChainException("provider refused (HTTP " + status + "): " + why);
  }

  private static BigInteger number(JsonNode n) {
    String s = n.asText();
    return s.startsWith("0x") ? new BigInteger(s.substring(2), 16) : new BigInteger(s);
  }
}
