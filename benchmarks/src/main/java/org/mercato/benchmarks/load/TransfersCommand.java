package org.mercato.benchmarks.load;

import java.net.http.HttpClient;
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.Callable;
import org.mercato.benchmarks.Transfers;
import org.mercato.rpc.client.JsonRpcClient;
import org.mercato.state.crypto.KeyPair;
import org.mercato.state.crypto.Secp256k1;
import org.mercato.state.crypto.Secp256k1s;
import org.mercato.state.tx.Transaction;
import org.mercato.state.tx.TransactionSigner;
import org.mercato.state.types.Address;
import org.mercato.state.types.Wei;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
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
  @Mixin LoadOptions options;

  @Option(names = "--txs", defaultValue = "100000", description = "Transfers to send (default: ${DEFAULT-VALUE}).")
  int txs;

  @Option(names = "--senders", defaultValue = "1000", description = "Fresh sender accounts (default: ${DEFAULT-VALUE}).")
  int senders;

  @Option(names = "--chain-id", description = "Chain id to sign for (default: the node's eth_chainId).")
  Long chainId;

  @Override
  public Integer call() throws Exception {
    if (senders < 1 || txs < senders) {
      throw new IllegalArgumentException("need --senders >= 1 and --txs >= --senders");
    }
    int perSender = txs / senders;
    Secp256k1 curve = Secp256k1s.best();
    HttpClient http = LoadOptions.newHttpClient();
    JsonRpcClient client = LoadOptions.client(options.rpc, http);
    long chain = chainId != null ? chainId : Long.decode(client.call("eth_chainId").asText());
    LoadOptions.Fees fees = LoadOptions.fees(client);
    Wei value = Wei.of(1);
    System.out.printf("node %s (%s), chain %d, base fee %s wei; %d senders x %d transfers = %d, batches of %d on %d connections%n",
        options.rpc, client.call("web3_clientVersion").asText(), chain, fees.baseFee().value(), senders, perSender,
        (long) senders * perSender, options.batch, options.connections);

    // 1. Fresh senders, funded from the dev accounts.
    long t0 = System.nanoTime();
    List<KeyPair> keys = Transfers.keys(senders, new SecureRandom(), curve);
    Wei perSenderFunds = fees.maxFee().multiply(21_000).add(value).multiply(perSender).multiply(2);
    if (!options.fund(client, http, chain, options.devAccounts(curve), keys, perSenderFunds, fees, new TransactionSigner(curve))) {
      return 1;
    }
    System.out.printf("funded %d senders with %s wei each in %.1f s%n", senders, perSenderFunds.value(), (System.nanoTime() - t0) / 1e9);

    // 2. Pre-sign everything (in parallel), interleaved by nonce round.
    long t1 = System.nanoTime();
    List<Address> recipients = Transfers.addresses(Math.min(txs, 100_000), new SecureRandom());
    List<Transaction> load = Transfers.sign(keys, new long[senders], perSender, chain, fees.tip(), fees.maxFee(), value,
        recipients, curve);
    // Fresh connections: servers close idle keep-alive connections (Node.js, so Hardhat, after 5 s)
    // while we were signing, and the JDK client would reuse a closed one.
    LoadRun run = options.run(load, LoadOptions.newHttpClient());
    System.out.printf("signed and serialized %d transfers in %.1f s%n", load.size(), (System.nanoTime() - t1) / 1e9);

    // 3. Submit, scan blocks, report.
    run.run(options.timeoutSeconds);
    int missing = run.report(System.out, "transfers");
    if (missing > 0) {
      System.out.printf("%d accepted transactions were not seen in a block within %d s of the last inclusion%n", missing,
          options.timeoutSeconds);
    }
    return missing == 0 ? 0 : 2;
  }
}
