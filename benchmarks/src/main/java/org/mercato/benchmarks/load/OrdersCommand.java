package org.mercato.benchmarks.load;

import java.math.BigInteger;
import java.net.http.HttpClient;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.units.bigints.UInt256;
import org.mercato.benchmarks.Transfers;
import org.mercato.market.data.DataMarketAddresses;
import org.mercato.market.data.abi.Abi;
import org.mercato.market.data.factory.DataAssetFactory;
import org.mercato.market.data.fre.FixedRateExchange;
import org.mercato.market.data.order.ProviderFee;
import org.mercato.node.cli.data.ChainSession;
import org.mercato.node.cli.data.Receipt;
import org.mercato.rpc.client.JsonRpcClient;
import org.mercato.state.crypto.KeyPair;
import org.mercato.state.crypto.Secp256k1;
import org.mercato.state.crypto.Secp256k1s;
import org.mercato.state.tx.Transaction;
import org.mercato.state.tx.TransactionSigner;
import org.mercato.state.tx.UnsignedTransaction;
import org.mercato.state.types.Address;
import org.mercato.state.types.Wei;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code mercato bench orders}: data-market orders per second on one node (docs/benchmarks.md). Dev account #0 publishes
 * one asset with a datatoken sold by a minting native-coin exchange at 1 coin; K fresh buyers are funded; N orders are
 * pre-signed (N/K per buyer, consecutive nonces), each one {@code buyFromFreAndOrder} transaction (or, with
 * {@code --two-step}, {@code buyDT} then {@code startOrder}), submitted in JSON-RPC batches; the report is the load
 * tool's, and the order ledger's {@code orderCount} before and after checks that every order was recorded.
 */
@Command(name = "orders", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Data-market order load (buy + order, pre-signed, many buyers): orders per second of a running node.")
public final class OrdersCommand implements Callable<Integer> {
  @Mixin LoadOptions options;

  @Option(names = "--orders", defaultValue = "20000", description = "Orders to place (default: ${DEFAULT-VALUE}).")
  int orders;

  @Option(names = "--buyers", defaultValue = "1000", description = "Fresh buyer accounts (default: ${DEFAULT-VALUE}).")
  int buyers;

  @Option(names = "--two-step", description = "buyDT and startOrder as two transactions per order instead of buyFromFreAndOrder.")
  boolean twoStep;

  private static final BigInteger PRICE = BigInteger.TEN.pow(18); // 1 coin per datatoken

  @Override
  public Integer call() throws Exception {
    if (buyers < 1 || orders < buyers) {
      throw new IllegalArgumentException("need --buyers >= 1 and --orders >= --buyers");
    }
    int perBuyer = orders / buyers;
    Secp256k1 curve = Secp256k1s.best();
    HttpClient http = LoadOptions.newHttpClient();
    JsonRpcClient client = LoadOptions.client(options.rpc, http);
    long chain = Long.decode(client.call("eth_chainId").asText());
    List<KeyPair> devs = options.devAccounts(curve);

    // 1. Publish: asset, datatoken (cap far above the load), minting exchange at 1 coin.
    KeyPair publisher = devs.get(0);
    ChainSession session = ChainSession.signing(options.rpc, publisher.privateKey(), Duration.ofSeconds(options.timeoutSeconds));
    Receipt asset = session.send(DataMarketAddresses.ASSET_FACTORY, Wei.ZERO, Abi.call("createAsset(string,string)", "Bench", "BNCH"));
    Bytes32 assetId = asset.log(DataMarketAddresses.ASSET_FACTORY, DataAssetFactory.ASSET_CREATED_TOPIC).topics().get(1);
    Receipt token = session.send(DataMarketAddresses.ASSET_FACTORY, Wei.ZERO, Abi.call(
        "createDatatoken(bytes32,string,string,uint256,address)", assetId, "Bench DT", "BNCHDT", BigInteger.TEN.pow(40),
        publisher.address()));
    Address datatoken = new Address(token.log(DataMarketAddresses.ASSET_FACTORY, DataAssetFactory.TOKEN_CREATED_TOPIC)
        .topics().get(1).slice(12, 20));
    Receipt fre = session.send(DataMarketAddresses.FIXED_RATE_EXCHANGE, Wei.ZERO, Abi.call(
        "createFixedRate(address,uint256,uint256,address,bool)", datatoken, PRICE, BigInteger.ZERO, publisher.address(), true));
    Bytes32 exchangeId = fre.log(DataMarketAddresses.FIXED_RATE_EXCHANGE, FixedRateExchange.EXCHANGE_CREATED_TOPIC).topics().get(1);
    BigInteger cost = Abi.args(session.ethCall(DataMarketAddresses.FIXED_RATE_EXCHANGE, Abi.call(
        "calcBaseInGivenOutDT(bytes32,uint256,uint256)", exchangeId, OrderCalldata.ONE_DATATOKEN, BigInteger.ZERO)), 0).uint(0)
        .toBigInteger();
    // A zero provider fee names a provider; one signed fee serves every order (it carries no nonce).
    ProviderFee fee = ProviderFee.sign(publisher, Address.ZERO, UInt256.ZERO, UInt256.ZERO, Bytes.EMPTY);

    LoadOptions.Fees fees = LoadOptions.fees(client);
    Wei tip = fees.tip();
    Wei maxFee = fees.maxFee();
    List<KeyPair> keys = Transfers.keys(buyers, new SecureRandom(), curve);
    if (twoStep) { // the publisher holds one datatoken, so startOrder can be estimated from its account
      session.send(datatoken, Wei.ZERO, Abi.call("mint(address,uint256)", publisher.address(), OrderCalldata.ONE_DATATOKEN));
    }
    Map<String, Long> gas = gasLimits(client, publisher.address(), datatoken, exchangeId, cost, fee);
    long gasPerOrder = gas.values().stream().mapToLong(Long::longValue).sum();
    System.out.printf("node %s, chain %d: asset %s, datatoken %s, exchange %s, %s per datatoken; %d buyers x %d orders = %d, %s, gas %s%n",
        options.rpc, chain, assetId.toHexString(), datatoken.toHex(), exchangeId.toHexString(), cost, buyers, perBuyer,
        (long) buyers * perBuyer, twoStep ? "buyDT + startOrder" : "buyFromFreAndOrder", gas);

    // 2. Fund the buyers from the dev accounts.
    TransactionSigner signer = new TransactionSigner(curve);
    Wei perBuyerFunds = new Wei(cost.add(maxFee.value().multiply(BigInteger.valueOf(gasPerOrder))).multiply(BigInteger.valueOf(perBuyer * 2L)));
    if (!options.fund(client, http, chain, devs, keys, perBuyerFunds, fees, signer)) {
      return 1;
    }

    // 3. Pre-sign every order, interleaved by nonce round so each block sees many buyers.
    long t1 = System.nanoTime();
    List<Transaction> load = new ArrayList<>(orders * (twoStep ? 2 : 1));
    for (int round = 0; round < perBuyer; round++) {
      for (int b = 0; b < buyers; b++) {
        KeyPair k = keys.get(b);
        if (twoStep) {
          load.add(signer.sign(UnsignedTransaction.dynamicFee(chain, 2L * round, tip, maxFee, gas.get("buyDT"),
              DataMarketAddresses.FIXED_RATE_EXCHANGE, new Wei(cost), OrderCalldata.buyOne(exchangeId, cost), List.of()), k));
          load.add(signer.sign(UnsignedTransaction.dynamicFee(chain, 2L * round + 1, tip, maxFee, gas.get("startOrder"),
              DataMarketAddresses.ORDER_BOOK, Wei.ZERO, OrderCalldata.startOrder(datatoken, k.address(), fee), List.of()), k));
        } else {
          load.add(signer.sign(UnsignedTransaction.dynamicFee(chain, round, tip, maxFee, gas.get("buyFromFreAndOrder"),
              DataMarketAddresses.ORDER_BOOK, new Wei(cost), OrderCalldata.buyAndOrder(exchangeId, cost, k.address(), fee),
              List.of()), k));
        }
      }
    }
    http = LoadOptions.newHttpClient();
    client = LoadOptions.client(options.rpc, http);
    long before = orderCount(client);
    LoadRun run = options.run(load, http);
    System.out.printf("signed and serialized %d transactions in %.1f s%n", load.size(), (System.nanoTime() - t1) / 1e9);

    // 4. Submit, scan, report; the ledger must hold exactly one order per order placed.
    run.run(options.timeoutSeconds);
    int missing = run.report(System.out, "orders");
    long recorded = orderCount(client) - before;
    List<LoadRun.BlockSeen> blocks = run.blocks();
    if (blocks.size() >= 3) {
      double span = (blocks.get(blocks.size() - 1).seenNanos() - blocks.get(0).seenNanos()) / 1e9;
      int txs = run.included() - blocks.get(0).ours();
      System.out.printf("  orders: %d recorded in the ledger (of %d placed); sustained %.0f orders/s%n", recorded,
          (long) buyers * perBuyer, txs / (twoStep ? 2.0 : 1.0) / span);
    } else {
      System.out.printf("  orders: %d recorded in the ledger (of %d placed)%n", recorded, (long) buyers * perBuyer);
    }
    return missing == 0 && recorded == (long) buyers * perBuyer ? 0 : 2;
  }

  /** Gas limits from one estimate per call shape (deterministic schedule), +10 % for the mint-or-transfer branch. */
  private Map<String, Long> gasLimits(JsonRpcClient client, Address from, Address datatoken, Bytes32 exchangeId,
      BigInteger cost, ProviderFee fee) {
    Map<String, Long> gas = new LinkedHashMap<>();
    // Estimated from the publisher's account (funded; holds one datatoken in two-step mode): same calldata shapes.
    if (twoStep) {
      gas.put("buyDT", estimate(client, from, DataMarketAddresses.FIXED_RATE_EXCHANGE, cost, OrderCalldata.buyOne(exchangeId, cost)));
      gas.put("startOrder", estimate(client, from, DataMarketAddresses.ORDER_BOOK, BigInteger.ZERO,
          OrderCalldata.startOrder(datatoken, from, fee)));
    } else {
      gas.put("buyFromFreAndOrder", estimate(client, from, DataMarketAddresses.ORDER_BOOK, cost,
          OrderCalldata.buyAndOrder(exchangeId, cost, from, fee)));
    }
    return gas;
  }

  private static long estimate(JsonRpcClient client, Address from, Address to, BigInteger value, Bytes data) {
    Map<String, String> call = new LinkedHashMap<>();
    call.put("from", from.toHex());
    call.put("to", to.toHex());
    call.put("value", "0x" + value.toString(16));
    call.put("data", data.toHexString());
    long g = Long.decode(client.call("eth_estimateGas", call).asText());
    return g + g / 10;
  }

  private static long orderCount(JsonRpcClient client) {
    Map<String, String> call = Map.of("to", DataMarketAddresses.ORDER_BOOK.toHex(), "data", Abi.call("orderCount()").toHexString());
    return new BigInteger(client.call("eth_call", call, "latest").asText().substring(2), 16).longValueExact();
  }

}
