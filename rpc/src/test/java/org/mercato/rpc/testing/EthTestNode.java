package org.mercato.rpc.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.apache.tuweni.bytes.Bytes;
import org.mercato.rpc.eth.EthMethods;
import org.mercato.rpc.eth.FeeSuggestion;
import org.mercato.rpc.jsonrpc.JsonRpcMethod;
import org.mercato.rpc.jsonrpc.JsonRpcProcessor;
import org.mercato.rpc.jsonrpc.MethodRegistry;
import org.mercato.rpc.jsonrpc.RpcConnection;
import org.mercato.rpc.jsonrpc.RpcJson;
import org.mercato.rpc.methods.BasicMethods;
import org.mercato.rpc.server.JsonRpcServer;
import org.mercato.rpc.server.RpcServerConfig;
import org.mercato.state.chain.Blockchain;
import org.mercato.state.chain.ChainParameters;
import org.mercato.state.chain.ChainStore;
import org.mercato.state.chain.ExecutedBlock;
import org.mercato.state.crypto.KeyPair;
import org.mercato.state.crypto.Secp256k1s;
import org.mercato.state.crypto.hd.DevAccounts;
import org.mercato.state.exec.BlockExecutor;
import org.mercato.state.exec.SystemContracts;
import org.mercato.state.exec.TransactionProcessor;
import org.mercato.state.storage.RocksDatabase;
import org.mercato.state.testing.CounterContract;
import org.mercato.state.testing.DerivedContracts;
import org.mercato.state.tx.IntrinsicGas;
import org.mercato.state.tx.Transaction;
import org.mercato.state.tx.TransactionDecoder;
import org.mercato.state.tx.TransactionSigner;
import org.mercato.state.tx.UnsignedTransaction;
import org.mercato.state.txpool.PoolHead;
import org.mercato.state.txpool.TransactionPool;
import org.mercato.state.txpool.TxPoolConfig;
import org.mercato.state.types.Address;
import org.mercato.state.types.Wei;
import org.mercato.state.world.StateDatabase;

/**
 * A real node for eth_* tests, wired as MercatoNode wires it: a {@link Blockchain} over RocksDB in a
 * temp directory with {@link CounterContract} as its system contract, a {@link TransactionPool} that
 * drops included transactions on commit, the basic and eth namespaces behind a {@link JsonRpcProcessor},
 * and a {@link JsonRpcServer} on an ephemeral loopback port. Blocks are produced on demand.
 *
 * <p>Genesis gives each of the first {@link #FUNDED} Hardhat dev accounts {@link #BALANCE}.
 */
public final class EthTestNode implements AutoCloseable {
  public static final long CHAIN_ID = 1337;
  public static final long GAS_LIMIT = 30_000_000;
  public static final long GENESIS_TIMESTAMP = 1_700_000_000L;
  public static final Wei INITIAL_BASE_FEE = Wei.of(1_000_000_000L);
  public static final Wei MIN_BASE_FEE = Wei.of(7);
  public static final Wei GWEI = Wei.of(1_000_000_000L);
  public static final Wei BALANCE = Wei.coins(1000);
  public static final int FUNDED = 5;
  /** A dev account that genesis does not fund. */
  public static final int UNFUNDED = 7;
  public static final Address PROPOSER = Address.fromHex("0x00000000000000000000000000000000000b10c0");

  private static final List<KeyPair> KEYS = DevAccounts.derive(DevAccounts.HARDHAT_MNEMONIC, 8);
  private static final TransactionSigner SIGNER = new TransactionSigner(Secp256k1s.best());

  private final Path dir;
  private final RocksDatabase db;
  private final Blockchain chain;
  private final TransactionPool pool;
  private final JsonRpcProcessor processor;
  private final JsonRpcServer server;
  private final AtomicLong ids = new AtomicLong();
  private long timestamp = GENESIS_TIMESTAMP;

  public EthTestNode() {
    try {
      dir = Files.createTempDirectory("mercato-eth-test-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    db = RocksDatabase.open(dir.resolve("db"));
    TransactionDecoder decoder = new TransactionDecoder(Secp256k1s.best());
    SystemContracts contracts = new SystemContracts(List.of(new CounterContract(), new DerivedContracts.Spawner()),
        DerivedContracts.RESOLVER);
    TreeMap<Address, Wei> alloc = new TreeMap<>();
    for (int i = 0; i < FUNDED; i++) {
      alloc.put(address(i), BALANCE);
    }
    ChainParameters params = new ChainParameters(CHAIN_ID, GENESIS_TIMESTAMP, GAS_LIMIT, INITIAL_BASE_FEE, MIN_BASE_FEE, alloc);
    chain = new Blockchain(params, db, new ChainStore(db, decoder), new StateDatabase(db),
        new BlockExecutor(new TransactionProcessor(contracts)));
    pool = new TransactionPool(TxPoolConfig.defaults(CHAIN_ID, GAS_LIMIT),
        () -> new PoolHead(chain.latestState(), chain.nextBaseFee()));
    chain.addListener(b -> pool.removeIncluded(b.block().transactions(), chain.latestState()));
    List<JsonRpcMethod> methods = new ArrayList<>(BasicMethods.create("Mercato/test", CHAIN_ID, () -> 0));
    methods.addAll(EthMethods.create(chain, pool, decoder, contracts, FeeSuggestion.defaults()));
    processor = new JsonRpcProcessor(new MethodRegistry(methods));
    server = new JsonRpcServer(RpcServerConfig.defaults().withPort(0).withWorkerThreads(2), processor);
    server.start();
  }

  public Blockchain chain() {
    return chain;
  }

  public TransactionPool pool() {
    return pool;
  }

  public URI uri() {
    return server.httpUri();
  }

  // ---- accounts and transactions

  public static KeyPair key(int i) {
    return KEYS.get(i);
  }

  public static Address address(int i) {
    return KEYS.get(i).address();
  }

  public static Transaction sign(int from, UnsignedTransaction tx) {
    return SIGNER.sign(tx, KEYS.get(from));
  }

  /** An EIP-1559 transfer paying a 1 gwei tip, fee cap 100 gwei. */
  public static Transaction transfer(int from, long nonce, Address to, Wei value) {
    return sign(from, UnsignedTransaction.transfer(CHAIN_ID, nonce, GWEI, GWEI.multiply(100), to, value));
  }

  /** CounterContract.add(amount) as an EIP-1559 transaction with the given tip and exactly the gas it uses. */
  public static Transaction counterAdd(int from, long nonce, long amount, Wei tip) {
    Bytes data = CounterContract.addCall(amount);
    return sign(from, UnsignedTransaction.dynamicFee(CHAIN_ID, nonce, tip, GWEI.multiply(100), addGas(amount),
        CounterContract.ADDRESS, Wei.ZERO, data, List.of()));
  }

  /** Gas an add(amount) call uses: intrinsic + one call + one storage write. */
  public static long addGas(long amount) {
    return IntrinsicGas.of(CounterContract.addCall(amount), List.of()) + CounterContract.CALL_GAS + CounterContract.WRITE_GAS;
  }

  // ---- blocks

  /** Proposes and commits a block with exactly {@code txs} (asserting none was skipped). */
  public ExecutedBlock mine(Transaction... txs) {
    return mine(List.of(txs));
  }

  public ExecutedBlock mine(List<Transaction> txs) {
    ExecutedBlock b = chain.propose(++timestamp, PROPOSER, Bytes.EMPTY, txs);
    assertTrue(b.execution().skipped().isEmpty(), () -> "skipped: " + b.execution().skipped());
    assertEquals(txs.size(), b.block().transactions().size());
    chain.commit(b);
    return b;
  }

  /**
   * The chain most tests share: block 1 = a 1-coin transfer from account 0 to 1 and add(5) from
   * account 0; block 2 = add(7) from account 2; block 3 empty. Returns the three transactions.
   */
  public List<Transaction> mineStandardChain() {
    Transaction t1 = transfer(0, 0, address(1), Wei.coins(1));
    Transaction t2 = counterAdd(0, 1, 5, GWEI);
    Transaction t3 = counterAdd(2, 0, 7, GWEI);
    mine(t1, t2);
    mine(t3);
    mine();
    return List.of(t1, t2, t3);
  }

  /** Commits a block of what the pool selects for it. */
  public ExecutedBlock mineFromPool() {
    return mine(pool.selectForBlock(GAS_LIMIT, chain.nextBaseFee(), chain.latestState()));
  }

  public void mineEmpty(int count) {
    for (int i = 0; i < count; i++) {
      mine();
    }
  }

  // ---- JSON-RPC

  /** A request object {"jsonrpc":"2.0","id":n,"method":..,"params":[..]}; params go through RpcJson. */
  public ObjectNode request(String method, Object... params) {
    ObjectNode req = RpcJson.mapper().createObjectNode();
    req.put("jsonrpc", "2.0");
    req.put("id", ids.incrementAndGet());
    req.put("method", method);
    ArrayNode p = req.putArray("params");
    for (Object o : params) {
      p.add(o instanceof JsonNode n ? n : RpcJson.mapper().valueToTree(o));
    }
    return req;
  }

  /** POSTs over real HTTP and returns the parsed response. */
  public JsonNode post(JsonNode body) {
    try {
      return RpcTestSupport.rpc(uri(), RpcJson.mapper().writeValueAsString(body));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The response of one call over HTTP. */
  public JsonNode call(String method, Object... params) {
    JsonNode response = post(request(method, params));
    assertEquals("2.0", response.path("jsonrpc").asText());
    return response;
  }

  /** The result of a call that must succeed (it may be JSON null). */
  public JsonNode result(String method, Object... params) {
    JsonNode response = call(method, params);
    assertFalse(response.has("error"), () -> method + " failed: " + response);
    assertTrue(response.has("result"), () -> method + ": no result in " + response);
    return response.get("result");
  }

  /** The error object of a call that must fail. */
  public JsonNode error(String method, Object... params) {
    JsonNode response = call(method, params);
    assertFalse(response.has("result"), () -> method + " should have failed: " + response);
    assertTrue(response.has("error"), () -> method + ": no error in " + response);
    return response.get("error");
  }

  /** In-process, without a transport: for fixtures. */
  public JsonNode process(String json) {
    byte[] out = processor.process(json.getBytes(StandardCharsets.UTF_8), RpcConnection.NONE);
    return RpcTestSupport.json(new String(out, StandardCharsets.UTF_8));
  }

  public static JsonNode json(String text) {
    return RpcTestSupport.json(text);
  }

  @Override
  public void close() {
    server.stop();
    db.close();
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
