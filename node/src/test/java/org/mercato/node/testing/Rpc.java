package org.mercato.node.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.mercato.rpc.client.JsonRpcClient;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.TransactionEncoder;
import org.web3j.utils.Numeric;

/**
 * A node's JSON-RPC as the tests read it: thin typed helpers over {@link JsonRpcClient}, and
 * transactions signed by web3j (an independent implementation, as a wallet would sign them).
 */
public final class Rpc {
  public static final BigInteger TRANSFER_GAS = BigInteger.valueOf(21_000);

  private final URI uri;
  private final JsonRpcClient client;

  public Rpc(URI uri) {
    this(uri, Duration.ofSeconds(30));
  }

  public Rpc(URI uri, Duration timeout) {
    this.uri = uri;
    this.client = new JsonRpcClient(uri,
        HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build(), timeout);
  }

  public URI uri() {
    return uri;
  }

  public JsonNode call(String method, Object... params) {
    return client.call(method, params);
  }

  public List<JsonRpcClient.Outcome> batch(List<JsonRpcClient.Call> calls) {
    return client.batch(calls);
  }

  public long blockNumber() {
    return quantity(call("eth_blockNumber")).longValueExact();
  }

  public long chainId() {
    return quantity(call("eth_chainId")).longValueExact();
  }

  public BigInteger balance(String address, String block) {
    return quantity(call("eth_getBalance", address, block));
  }

  public BigInteger nonce(String address, String block) {
    return quantity(call("eth_getTransactionCount", address, block));
  }

  public BigInteger storage(String address, long slot, String block) {
    return quantity(call("eth_getStorageAt", address, hex(slot), block));
  }

  /** The block by number without transaction bodies, or null if there is none. */
  public JsonNode block(long number) {
    JsonNode b = call("eth_getBlockByNumber", hex(number), false);
    return b == null || b.isNull() ? null : b;
  }

  public Optional<JsonNode> receipt(String hash) {
    JsonNode r = call("eth_getTransactionReceipt", hash);
    return r == null || r.isNull() ? Optional.empty() : Optional.of(r);
  }

  public JsonNode waitForReceipt(String hash, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Optional<JsonNode> r = receipt(hash);
      if (r.isPresent()) {
        return r.get();
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("transaction " + hash + " not mined within " + timeout);
      }
      sleep(50);
    }
  }

  /** Waits until the head is at least {@code number}; returns the head seen. */
  public long waitForBlock(long number, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      long head = blockNumber();
      if (head >= number) {
        return head;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("head still " + head + " after " + timeout + ", waiting for block " + number);
      }
      sleep(50);
    }
  }

  public String sendRaw(String raw) {
    return call("eth_sendRawTransaction", raw).asText();
  }

  /** A fee cap the next blocks accept: twice the latest base fee plus a 1 gwei tip. */
  public BigInteger maxFee() {
    return quantity(call("eth_getBlockByNumber", "latest", false).get("baseFeePerGas")).shiftLeft(1).add(TIP);
  }

  public static final BigInteger TIP = BigInteger.valueOf(1_000_000_000L);

  /** An EIP-1559 transfer signed by web3j. */
  public static String signTransfer(Credentials from, long chainId, BigInteger nonce, String to, BigInteger value, BigInteger maxFee) {
    RawTransaction tx = RawTransaction.createEtherTransaction(chainId, nonce, TRANSFER_GAS, to, value, TIP, maxFee);
    return Numeric.toHexString(TransactionEncoder.signMessage(tx, from));
  }

  /** An EIP-1559 contract call signed by web3j. */
  public static String signCall(Credentials from, long chainId, BigInteger nonce, String to, String data, BigInteger gas, BigInteger maxFee) {
    RawTransaction tx = RawTransaction.createTransaction(chainId, nonce, gas, to, BigInteger.ZERO, data, TIP, maxFee);
    return Numeric.toHexString(TransactionEncoder.signMessage(tx, from));
  }

  /** Signs an EIP-1559 call from {@code from} at its pending nonce and sends it; returns the hash. */
  public String sendCall(Credentials from, long chainId, String to, String data, BigInteger gas) {
    BigInteger nonce = nonce(from.getAddress(), "pending");
    return sendRaw(signCall(from, chainId, nonce, to, data, gas, maxFee()));
  }

  /** Sends a signed call and waits for its receipt, which must report success (status 1): the receipt. */
  public JsonNode mined(Credentials from, long chainId, String to, String data, BigInteger gas, Duration timeout) {
    JsonNode receipt = waitForReceipt(sendCall(from, chainId, to, data, gas), timeout);
    if (!"0x1".equals(receipt.path("status").asText())) {
      throw new AssertionError("transaction failed: " + receipt);
    }
    return receipt;
  }

  public static Map<String, Object> callObject(String from, String to, String data) {
    return Map.of("from", from, "to", to, "data", data);
  }

  public static BigInteger quantity(JsonNode node) {
    if (node == null || !node.isTextual()) {
      throw new AssertionError("not a quantity: " + node);
    }
    return Numeric.decodeQuantity(node.asText());
  }

  public static String hex(long n) {
    return "0x" + Long.toHexString(n);
  }

  /** Blocks {@code from..to} (inclusive) fetched in batches; a missing block is a null entry. */
  public List<JsonNode> blocks(long from, long to) {
    List<JsonNode> out = new ArrayList<>();
    for (long start = from; start <= to; start += 100) {
      List<JsonRpcClient.Call> calls = new ArrayList<>();
      for (long n = start; n <= Math.min(to, start + 99); n++) {
        calls.add(JsonRpcClient.Call.of("eth_getBlockByNumber", hex(n), false));
      }
      for (JsonRpcClient.Outcome o : batch(calls)) {
        JsonNode b = o.get();
        out.add(b == null || b.isNull() ? null : b);
      }
    }
    return out;
  }

  /** Thread.sleep for tests that poll a node: an interrupt fails the test. */
  public static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }
}
