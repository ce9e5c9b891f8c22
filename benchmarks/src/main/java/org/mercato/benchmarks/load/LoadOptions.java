package org.mercato.benchmarks.load;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import org.mercato.rpc.client.JsonRpcClient;
import org.mercato.state.crypto.KeyPair;
import org.mercato.state.crypto.Secp256k1;
import org.mercato.state.crypto.hd.DevAccounts;
import org.mercato.state.tx.Transaction;
import org.mercato.state.tx.TransactionSigner;
import org.mercato.state.tx.UnsignedTransaction;
import org.mercato.state.types.Wei;
import picocli.CommandLine.Option;

/**
 * What every load command shares (a picocli mixin): where the node is, how transactions are
 * submitted, which dev accounts pay, how long to wait; and the two steps every load starts with:
 * reading the fee to sign with, and funding fresh accounts from the dev accounts.
 */
public final class LoadOptions {
  @Option(names = "--rpc", defaultValue = "http://127.0.0.1:8545", description = "JSON-RPC URL (default: ${DEFAULT-VALUE}).")
  URI rpc;

  @Option(names = "--batch", defaultValue = "500", description = "eth_sendRawTransaction calls per JSON-RPC batch (default: ${DEFAULT-VALUE}).")
  int batch;

  @Option(names = "--connections", defaultValue = "4", description = "Concurrent submitting connections (default: ${DEFAULT-VALUE}).")
  int connections;

  @Option(names = "--rate", defaultValue = "0", paramLabel = "TX_PER_S",
      description = "Offer at most this many transactions per second, paced batch by batch; 0 sends as fast as the node "
          + "accepts (default: ${DEFAULT-VALUE}). Latency is only meaningful at a rate the chain sustains.")
  double rate;

  @Option(names = "--funders", defaultValue = "20", description = "Dev accounts that fund the fresh accounts (default: ${DEFAULT-VALUE}).")
  int funders;

  @Option(names = "--mnemonic", defaultValue = DevAccounts.HARDHAT_MNEMONIC, description = "Mnemonic of the funded dev accounts (default: Hardhat's).")
  String mnemonic;

  @Option(names = "--timeout", defaultValue = "60", description = "Give up after this many seconds without a new inclusion (default: ${DEFAULT-VALUE}).")
  long timeoutSeconds;

  /** The fee every load transaction is signed with: a 1 gwei tip over twice the head's base fee. */
  record Fees(Wei baseFee, Wei tip, Wei maxFee) {}

  static HttpClient newHttpClient() {
    return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10))
        .executor(Executors.newCachedThreadPool(r -> {
          Thread t = new Thread(r, "http");
          t.setDaemon(true);
          return t;
        })).build();
  }

  static JsonRpcClient client(URI rpc, HttpClient http) {
    return new JsonRpcClient(rpc, http, Duration.ofSeconds(120));
  }

  static Fees fees(JsonRpcClient client) {
    JsonNode latest = client.call("eth_getBlockByNumber", "latest", false);
    Wei baseFee = new Wei(new BigInteger(latest.path("baseFeePerGas").asText("0x0").substring(2), 16));
    Wei tip = Wei.of(1_000_000_000L);
    return new Fees(baseFee, tip, baseFee.multiply(2).add(tip));
  }

  List<KeyPair> devAccounts(Secp256k1 curve) {
    return DevAccounts.derive(mnemonic, "", funders, curve);
  }

  /**
   * Sends {@code each} to every account of {@code accounts}, the dev accounts paying in turn, and waits for all of it.
   * Prints the funding run's report; false (with a line saying so) if any funding transfer is missing.
   */
  boolean fund(JsonRpcClient client, HttpClient http, long chain, List<KeyPair> devs, List<KeyPair> accounts, Wei each,
      Fees fees, TransactionSigner signer) throws InterruptedException {
    long[] nonce = new long[funders];
    for (int f = 0; f < funders; f++) {
      nonce[f] = Long.decode(client.call("eth_getTransactionCount", devs.get(f).address().toHex(), "pending").asText());
    }
    List<Transaction> funding = new ArrayList<>(accounts.size());
    for (int a = 0; a < accounts.size(); a++) {
      int f = a % funders;
      funding.add(signer.sign(UnsignedTransaction.transfer(chain, nonce[f]++, fees.tip(), fees.maxFee(),
          accounts.get(a).address(), each), devs.get(f)));
    }
    LoadRun run = new LoadRun(client, rpc, http, funding, batch, connections, 0).run(timeoutSeconds);
    if (run.report(System.out, "funding") != 0 || run.included() != accounts.size()) {
      System.out.println("funding incomplete: stopping");
      return false;
    }
    return true;
  }

  /** A load run of {@code load} over fresh connections (servers close keep-alive connections left idle while we signed). */
  LoadRun run(List<Transaction> load, HttpClient http) {
    if (rate < 0) {
      throw new IllegalArgumentException("--rate must be >= 0");
    }
    return new LoadRun(client(rpc, http), rpc, http, load, batch, connections, rate);
  }
}
