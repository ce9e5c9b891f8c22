package org.mercato.benchmarks.load;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.units.bigints.UInt256;
import org.mercato.benchmarks.Measure;
import org.mercato.benchmarks.Transfers;
import org.mercato.market.data.DataMarketAddresses;
import org.mercato.market.data.abi.Abi;
import org.mercato.market.data.fre.FixedRateExchange;
import org.mercato.market.data.order.OrderBook;
import org.mercato.market.data.order.ProviderFee;
import org.mercato.node.MercatoNode;
import org.mercato.state.block.Receipt;
import org.mercato.state.chain.Blockchain;
import org.mercato.state.chain.ChainParameters;
import org.mercato.state.chain.ChainStore;
import org.mercato.state.chain.ExecutedBlock;
import org.mercato.state.crypto.KeyPair;
import org.mercato.state.crypto.Secp256k1;
import org.mercato.state.crypto.Secp256k1s;
import org.mercato.state.exec.BlockExecutor;
import org.mercato.state.exec.TransactionProcessor;
import org.mercato.state.storage.RocksDatabase;
import org.mercato.state.trie.NodeCache;
import org.mercato.state.tx.Transaction;
import org.mercato.state.tx.TransactionDecoder;
import org.mercato.state.tx.TransactionSigner;
import org.mercato.state.tx.UnsignedTransaction;
import org.mercato.state.types.Address;
import org.mercato.state.types.Wei;
import org.mercato.state.world.StateDatabase;

/**
 * Profiling aid for the order path, not a benchmark of the node: blocks of {@code buyFromFreAndOrder} orders (the
 * {@code mercato bench orders} workload: one asset, a minting native-coin exchange at 1 coin, a zero provider fee signed
 * once, 1,000 buyers, interleaved by nonce round) proposed and committed on a real RocksDB chain with the node's
 * system contracts, in-process, without RPC or consensus. Prints per block the wall time of propose and commit, this
 * thread's CPU time for both (less sensitive than wall time to the neighbours' load on a shared machine) and the GC
 * time. Run:
 * {@code java -Xmx1g -XX:+UseParallelGC -cp 'benchmarks/target/mercato-benchmarks.jar:benchmarks/target/lib/*'
 * org.mercato.benchmarks.load.OrderBlockLoop [blocks=12] [ordersPerBuyer=7]}
 */
public final class OrderBlockLoop {
  private static final long CHAIN_ID = 31337;
  private static final int BUYERS = 1_000;
  private static final BigInteger PRICE = BigInteger.TEN.pow(18);
  private static final Wei TIP = Wei.of(1_000_000_000L);
  private static final Wei MAX_FEE = Wei.of(3_000_000_000L);
  private static final long GAS = 141_182; // what `mercato bench orders` signs: the estimate + 10 %

  private OrderBlockLoop() {}

  public static void main(String[] args) throws Exception {
    int blocks = args.length > 0 ? Integer.parseInt(args[0]) : 12;
    int perBuyer = args.length > 1 ? Integer.parseInt(args[1]) : 7;
    Secp256k1 curve = Secp256k1s.best();
    Random random = new Random(11);
    KeyPair publisher = Transfers.keys(1, random, curve).get(0);
    List<KeyPair> buyers = Transfers.keys(BUYERS, random, curve);
    TreeMap<Address, Wei> alloc = new TreeMap<>();
    alloc.put(publisher.address(), Wei.coins(1_000));
    buyers.forEach(k -> alloc.put(k.address(), Wei.coins(100_000)));
    ChainParameters params = new ChainParameters(CHAIN_ID, 1_700_000_000L, 1_000_000_000L, Wei.of(1_000_000_000L),
        Wei.of(1_000_000_000L), alloc);
    Path dir = Files.createTempDirectory("mercato-orders-");
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    try (RocksDatabase db = RocksDatabase.open(dir.resolve("db"));
        org.mercato.state.concurrent.SideWork sideWork = org.mercato.state.concurrent.SideWork.forThisMachine()) {
      StateDatabase stateDb = new StateDatabase(db, new NodeCache(StateDatabase.DEFAULT_NODE_CACHE_NODES), sideWork);
      Blockchain chain = new Blockchain(params, db, new ChainStore(db, new TransactionDecoder(curve)), stateDb,
          new BlockExecutor(new TransactionProcessor(MercatoNode.systemContracts(List.of()))));
      TransactionSigner signer = new TransactionSigner(curve);
      long[] pubNonce = {0};
      java.util.function.Function<Bytes[], Receipt> publish = call -> {
        Transaction tx = signer.sign(UnsignedTransaction.dynamicFee(CHAIN_ID, pubNonce[0]++, TIP, MAX_FEE, 5_000_000,
            new Address(call[0]), Wei.ZERO, call[1], List.of()), publisher);
        ExecutedBlock b = chain.propose(chain.head().timestamp() + 1, Address.ZERO, Bytes.EMPTY, List.of(tx));
        chain.commit(b);
        Receipt r = b.receipts().get(0);
        if (!r.success()) {
          throw new IllegalStateException("set-up call failed");
        }
        return r;
      };
      publish.apply(new Bytes[] {DataMarketAddresses.ASSET_FACTORY.bytes(), Abi.call("createAsset(string,string)", "Bench", "BNCH")});
      Bytes32 assetId = UInt256.ONE.toBytes();
      Receipt token = publish.apply(new Bytes[] {DataMarketAddresses.ASSET_FACTORY.bytes(), Abi.call(
          "createDatatoken(bytes32,string,string,uint256,address)", assetId, "Bench DT", "BNCHDT", BigInteger.TEN.pow(40),
          publisher.address())});
      Address datatoken = new Address(token.logs().get(0).topics().get(1).slice(12, 20));
      publish.apply(new Bytes[] {DataMarketAddresses.FIXED_RATE_EXCHANGE.bytes(), Abi.call(
          "createFixedRate(address,uint256,uint256,address,bool)", datatoken, PRICE, BigInteger.ZERO, publisher.address(), true)});
      Bytes32 exchangeId = FixedRateExchange.exchangeId(Address.ZERO, datatoken);
      BigInteger cost = PRICE.add(PRICE.divide(BigInteger.valueOf(1_000))); // B0 + the 0.1 % community fee
      ProviderFee fee = ProviderFee.sign(publisher, Address.ZERO, UInt256.ZERO, UInt256.ZERO, Bytes.EMPTY);

      System.out.printf("%d orders per block (%d buyers x %d); datatoken %s%n", BUYERS * perBuyer, BUYERS, perBuyer, datatoken);
      System.out.println("block  orders  gasUsed      | propose-ms commit-ms | cpu-ms | gc-ms");
      long cpuSum = 0;
      long wallSum = 0;
      int counted = 0;
      for (int round = 0; round < blocks; round++) {
        List<Transaction> txs = new ArrayList<>(BUYERS * perBuyer);
        for (int n = 0; n < perBuyer; n++) {
          for (KeyPair k : buyers) {
            txs.add(signer.sign(UnsignedTransaction.dynamicFee(CHAIN_ID, (long) round * perBuyer + n, TIP, MAX_FEE, GAS,
                DataMarketAddresses.ORDER_BOOK, new Wei(cost), OrderCalldata.buyAndOrder(exchangeId, cost, k.address(), fee),
                List.of()), k));
          }
        }
        long before = OrderBook.orderCount(chain.latestState());
        long gc0 = Measure.gcMillis();
        long c0 = threads.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        ExecutedBlock b = chain.propose(chain.head().timestamp() + 1, Address.ZERO, Bytes.EMPTY, txs);
        long t1 = System.nanoTime();
        chain.commit(b);
        long t2 = System.nanoTime();
        long c1 = threads.getCurrentThreadCpuTime();
        long orders = OrderBook.orderCount(chain.latestState()) - before;
        if (orders != txs.size()) {
          throw new IllegalStateException("only " + orders + " of " + txs.size() + " orders recorded");
        }
        System.out.printf("%5d %7d %12d | %10d %9d | %6d | %5d%n", b.block().header().number(), orders,
            b.block().header().gasUsed(), Measure.ms(t1 - t0), Measure.ms(t2 - t1), Measure.ms(c1 - c0), Measure.gcMillis() - gc0);
        if (round >= 2) { // the first blocks run while the JIT compiles
          cpuSum += c1 - c0;
          wallSum += t2 - t0;
          counted++;
        }
      }
      if (counted > 0) {
        System.out.printf("blocks 3..%d: mean propose+commit %d ms wall, %d ms CPU per block of %d orders (%.1f us CPU per order)%n",
            blocks, Measure.ms(wallSum / counted), Measure.ms(cpuSum / counted), BUYERS * perBuyer, cpuSum / counted / 1e3 / (BUYERS * perBuyer));
      }
    } finally {
      Measure.deleteTree(dir);
    }
  }


}
