package org.mercato.benchmarks.load;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import org.mercato.benchmarks.Transfers;
import org.mercato.rpc.client.JsonRpcClient;
import org.mercato.state.crypto.KeyPair;
import org.mercato.state.crypto.Secp256k1;
import org.mercato.state.crypto.Secp256k1s;
import org.mercato.state.crypto.hd.DevAccounts;
import org.mercato.state.tx.Transaction;
import org.mercato.state.tx.TransactionSigner;
import org.mercato.state.tx.UnsignedTransaction;
import org.mercato.state.types.Address;
import org.mercato.state.types.Wei;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code mercato bench transfers}: funds K fresh accounts from the dev accounts, pre-signs N
 * EIP-1559 transfers (N/K per sender, consecutive nonces, each to a fresh address), submits them in
 * JSON-RPC batches and reports included transactions per second and inclusion latency. Works
 * against any node that funds the Hardhat mnemonic's accounts (Mercato dev, Anvil, Hardhat).
 */
@Command(name = "transfers", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Sustained value-transfer load: included tx/s and inclusion latency of a running node.")
public final class TransfersCommand implements Callable<Integer> {
  @Option(names = "--rpc", defaultValue = "http://127.0.0.1:8545", description = "JSON-RPC URL (default: ${DEFAULT-VALUE}).")
  URI rpc;

  @Option(names = "--txs", defaultValue = "100000", description = "Transfers to send (default: ${DEFAULT-VALUE}).")
  int txs;

  @Option(names = "--senders", defaultValue = "1000", description = "Fresh sender accounts (default: ${DEFAULT-VALUE}).")
  int senders;

  @Option(names = "--batch", defaultValue = "500", description = "eth_sendRawTransaction calls per JSON-RPC batch (default: ${DEFAULT-VALUE}).")
  int batch;

  @Option(names = "--connections", defaultValue = "4", description = "Concurrent submitting connections (default: ${DEFAULT-VALUE}).")
  int connections;

  @Option(names = "--chain-id", description = "Chain id to sign for (default: the node's eth_chainId).")
  Long chainId;

  @Option(names = "--funders", defaultValue = "20", description = "Dev accounts that fund the senders (default: ${DEFAULT-VALUE}).")
  int funders;

  @Option(names = "--mnemonic", defaultValue = DevAccounts.HARDHAT_MNEMONIC, description = "Mnemonic of the funded dev accounts (default: Hardhat's).")
  String mnemonic;

  @Option(names = "--timeout", defaultValue = "60", description = "Give up after this many seconds without a new inclusion (default: ${DEFAULT-VALUE}).")
  long timeoutSeconds;

  private static HttpClient newHttpClient() {
    return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10))
        .executor(Executors.newCachedThreadPool(r -> {
          Thread t = new Thread(r, "http");
          t.setDaemon(true);
          return t;
        })).build();
  }

  @Override
  public Integer call() throws Exception {
    if (senders < 1 || txs < senders) {
      throw new IllegalArgumentException("need --senders >= 1 and --txs >= --senders");
    }
    int perSender = txs / senders;
    Secp256k1 curve = Secp256k1s.best();
    HttpClient http = newHttpClient();
    JsonRpcClient client = new JsonRpcClient(rpc, http, Duration.ofSeconds(120));
    long chain = chainId != null ? chainId : Long.decode(client.call("eth_chainId").asText());
    JsonNode latest = client.call("eth_getBlockByNumber", "latest", false);
    Wei baseFee = new Wei(new BigInteger(latest.path("baseFeePerGas").asText("0x0").substring(2), 16));
    Wei tip = Wei.of(1_000_000_000L);
    Wei maxFee = baseFee.multiply(2).add(tip);
    Wei value = Wei.of(1);
    System.out.printf("node %s (%s), chain %d, base fee %s wei; %d senders x %d transfers = %d, batches of %d on %d connections%n",
        rpc, client.call("web3_clientVersion").asText(), chain, baseFee.value(), senders, perSender,
        (long) senders * perSender, batch, connections);

    // 1. Fresh senders, funded from the dev accounts (F funders, each pays every F-th sender).
    long t0 = System.nanoTime();
    List<KeyPair> devs = DevAccounts.derive(mnemonic, "", funders, curve);
    List<KeyPair> keys = Transfers.keys(senders, new SecureRandom(), curve);
    Wei perSenderFunds = maxFee.multiply(21_000).add(value).multiply(perSender).multiply(2);
    TransactionSigner signer = new TransactionSigner(curve);
    List<Transaction> funding = new ArrayList<>(senders);
    long[] funderNonce = new long[funders];
    for (int f = 0; f < funders; f++) {
      funderNonce[f] = Long.decode(client.call("eth_getTransactionCount", devs.get(f).address().toHex(), "pending").asText());
    }
    for (int s = 0; s < senders; s++) {
      int f = s % funders;
      funding.add(signer.sign(UnsignedTransaction.transfer(chain, funderNonce[f]++, tip, maxFee, keys.get(s).address(), perSenderFunds),
          devs.get(f)));
    }
    LoadRun fund = new LoadRun(client, rpc, http, funding, batch, connections).run(timeoutSeconds);
    if (fund.report(System.out, "funding") != 0 || fund.included() != senders) {
      System.out.println("funding incomplete: stopping");
      return 1;
    }
    System.out.printf("funded %d senders with %s wei each in %.1f s%n", senders, perSenderFunds.value(), (System.nanoTime() - t0) / 1e9);

    // 2. Pre-sign everything (in parallel), interleaved by nonce round.
    long t1 = System.nanoTime();
    List<Address> recipients = Transfers.addresses(Math.min(txs, 100_000), new SecureRandom());
    List<Transaction> load = Transfers.sign(keys, new long[senders], perSender, chain, tip, maxFee, value, recipients, curve);
    // Fresh connections: servers close idle keep-alive connections (Node.js, so Hardhat, after 5 s)
    // while we were signing, and the JDK client would reuse a closed one.
    http = newHttpClient();
    client = new JsonRpcClient(rpc, http, Duration.ofSeconds(120));
    LoadRun run = new LoadRun(client, rpc, http, load, batch, connections);
    System.out.printf("signed and serialized %d transfers in %.1f s%n", load.size(), (System.nanoTime() - t1) / 1e9);

    // 3. Submit, scan blocks, report.
    run.run(timeoutSeconds);
    int missing = run.report(System.out, "transfers");
    if (missing > 0) {
      System.out.printf("%d accepted transactions were not seen in a block within %d s of the last inclusion%n", missing, timeoutSeconds);
    }
    return missing == 0 ? 0 : 2;
  }
}
