package org.mercato.node.cli.data;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.tuweni.bytes.Bytes;
import org.mercato.rpc.client.JsonRpcCallException;
import org.mercato.rpc.client.JsonRpcClient;
import org.mercato.state.crypto.KeyPair;
import org.mercato.state.crypto.PrivateKey;
import org.mercato.state.crypto.Secp256k1s;
import org.mercato.state.tx.Transaction;
import org.mercato.state.tx.TransactionSigner;
import org.mercato.state.tx.UnsignedTransaction;
import org.mercato.state.types.Address;
import org.mercato.state.types.Wei;

/**
 * One account talking to one node over JSON-RPC: reads ({@code eth_call}, {@code market_*}) and transactions signed
 * locally with the project's {@link TransactionSigner} (EIP-1559), sent, and waited for. A call the node would revert
 * fails before anything is sent, with the contract's revert reason (the {@code eth_estimateGas} error).
 */
public final class ChainSession {
  /** Above the exact estimate: the buy path may mint where the estimate transferred (different slot counts). */
  private static final int GAS_MARGIN_PERCENT = 25;
  private static final Duration POLL = Duration.ofMillis(100);

  private final JsonRpcClient rpc;
  private final KeyPair key; // null for read-only sessions
  private final TransactionSigner signer;
  private final Duration timeout;

  private ChainSession(URI endpoint, KeyPair key, Duration timeout) {
    this.rpc = new JsonRpcClient(endpoint);
    this.key = key;
    this.signer = new TransactionSigner(Secp256k1s.best());
    this.timeout = timeout;
  }

  public static ChainSession readOnly(URI endpoint) {
    return new ChainSession(endpoint, null, Duration.ofSeconds(60));
  }

  public static ChainSession signing(URI endpoint, PrivateKey privateKey, Duration timeout) {
    return new ChainSession(endpoint, KeyPair.of(privateKey, Secp256k1s.best()), timeout);
  }

  public Address account() {
    if (key == null) {
      throw new IllegalStateException("no key: a read-only session");
    }
    return key.address();
  }

  /** For signatures other than transactions (a provider fee, a provider request); never printed. */
  KeyPair keyPair() {
    account();
    return key;
  }

  public JsonNode call(String method, Object... params) {
    return rpc.call(method, params);
  }

  /** {@code eth_call} at the head; a revert throws {@link ChainException} with the reason. */
  public Bytes ethCall(Address to, Bytes data) {
    try {
      return Bytes.fromHexString(rpc.call("eth_call", callObject(to, Wei.ZERO, data), "latest").asText());
    } catch (JsonRpcCallException e) {
      throw new ChainException(e.getMessage());
    }
  }

  /** Signs, sends and waits for a transaction from this session's account; a failed one throws {@link ChainException}. */
  public Receipt send(Address to, Wei value, Bytes data) {
    long gas;
    try {
      gas = Receipt.quantity(rpc.call("eth_estimateGas", callObject(to, value, data))).longValueExact();
    } catch (JsonRpcCallException e) {
      throw new ChainException(e.getMessage()); // e.g. "execution reverted: ERC20: transfer amount exceeds balance"
    }
    long chainId = Receipt.quantity(rpc.call("eth_chainId")).longValueExact();
    long nonce = Receipt.quantity(rpc.call("eth_getTransactionCount", account().toHex(), "pending")).longValueExact();
    BigInteger tip = Receipt.quantity(rpc.call("eth_maxPriorityFeePerGas"));
    BigInteger baseFee = Receipt.quantity(rpc.call("eth_getBlockByNumber", "latest", false).path("baseFeePerGas"));
    Wei maxFee = new Wei(baseFee.shiftLeft(1).add(tip));
    Transaction tx = signer.sign(UnsignedTransaction.dynamicFee(chainId, nonce, new Wei(tip), maxFee,
        gas + gas * GAS_MARGIN_PERCENT / 100, to, value, data, List.of()), key);
    String hash;
    try {
      hash = rpc.call("eth_sendRawTransaction", tx.encoded().toHexString()).asText();
    } catch (JsonRpcCallException e) {
      throw new ChainException("the node refused the transaction: " + e.getMessage());
    }
    Receipt receipt = await(hash);
    if (!receipt.success()) {
      throw new ChainException("transaction " + hash + " reverted in block " + receipt.block());
    }
    return receipt;
  }

  private Receipt await(String hash) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      JsonNode r = rpc.call("eth_getTransactionReceipt", hash);
      if (r != null && !r.isNull()) {
        return Receipt.of(r);
      }
      if (System.nanoTime() > deadline) {
        throw new ChainException("transaction " + hash + " not mined within " + timeout.toSeconds() + " s");
      }
      try {
        Thread.sleep(POLL.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ChainException("interrupted waiting for " + hash);
      }
    }
  }

  private Map<String, String> callObject(Address to, Wei value, Bytes data) {
    Map<String, String> m = new LinkedHashMap<>();
    if (key != null) {
      m.put("from", key.address().toHex());
    }
    m.put("to", to.toHex());
    if (value.value().signum() != 0) {
      m.put("value", "0x" + value.value().toString(16));
    }
    m.put("data", data.toHexString());
    return m;
  }

  /** A failure the user should read: a revert reason, a refusal by the node, a timeout. */
  public static final class ChainException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ChainException(String message) {
      super(message);
    }
  }
}
