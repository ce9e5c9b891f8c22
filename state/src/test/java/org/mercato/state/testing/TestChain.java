package org.mercato.state.testing;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.units.bigints.UInt256;
import org.mercato.state.chain.BlockValidationResult;
import org.mercato.state.chain.Blockchain;
import org.mercato.state.chain.ChainParameters;
import org.mercato.state.chain.ChainStore;
import org.mercato.state.chain.ExecutedBlock;
import org.mercato.state.concurrent.SideWork;
import org.mercato.state.crypto.KeyPair;
import org.mercato.state.crypto.Secp256k1s;
import org.mercato.state.crypto.hd.DevAccounts;
import org.mercato.state.exec.BlockExecutor;
import org.mercato.state.exec.ContractResolver;
import org.mercato.state.exec.SystemContract;
import org.mercato.state.exec.SystemContracts;
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
 * A real {@link Blockchain} over a real RocksDB in a directory the test owns, wired as the node
 * wires it, with the given genesis and system contracts. {@link #reopen()} simulates a restart:
 * the database is closed and a new Blockchain is built over the same directory.
 */
public final class TestChain implements AutoCloseable {
  public static final long CHAIN_ID = 31337;
  /** Hardhat's first ten dev keys. */
  public static final List<KeyPair> KEYS = DevAccounts.derive(DevAccounts.HARDHAT_MNEMONIC, 10);
  public static final TransactionSigner SIGNER = new TransactionSigner(Secp256k1s.best());
  public static final TransactionDecoder DECODER = new TransactionDecoder(Secp256k1s.best());
  /** Shared by every test chain of the JVM (daemon threads; a pure-work pool has nothing to close per chain). */
  private static final SideWork SIDE_WORK = SideWork.threads(1);

  private final Path dir;
  private final ChainParameters params;
  private final List<SystemContract> contracts;
  private final ContractResolver resolver;
  private RocksDatabase db;
  private Blockchain chain;

  private TestChain(Path dir, ChainParameters params, List<SystemContract> contracts, ContractResolver resolver) {
    this.dir = dir;
    this.params = params;
    this.contracts = List.copyOf(contracts);
    this.resolver = resolver;
    open();
  }

  /** Opens (or reopens) a chain in {@code dir} whose registry also consults {@code resolver}. */
  public static TestChain open(Path dir, ChainParameters params, ContractResolver resolver, SystemContract... contracts) {
    return new TestChain(dir, params, List.of(contracts), resolver);
  }

  /** The registry the chain executes with (for eth_call-style simulation over the same lookup). */
  public SystemContracts systemContracts() {
    return new SystemContracts(contracts, resolver);
  }

  /** Opens (or reopens) a chain in {@code dir}. */
  public static TestChain open(Path dir, ChainParameters params, SystemContract... contracts) {
    return new TestChain(dir, params, List.of(contracts), ContractResolver.NONE);
  }

  /** Genesis parameters for chain {@link #CHAIN_ID} at timestamp 1,000. */
  public static ChainParameters params(long blockGasLimit, Wei initialBaseFee, Wei minBaseFee, Map<Address, Wei> allocations) {
    return new ChainParameters(CHAIN_ID, 1_000, blockGasLimit, initialBaseFee, minBaseFee, new TreeMap<>(allocations));
  }

  /** The first {@code n} dev keys, each with {@code coins} coins. */
  public static Map<Address, Wei> fund(int n, long coins) {
    Map<Address, Wei> alloc = new TreeMap<>();
    for (int i = 0; i < n; i++) {
      alloc.put(KEYS.get(i).address(), Wei.coins(coins));
    }
    return alloc;
  }

  private void open() {
    db = RocksDatabase.open(dir);
    try {
      // One helper thread, as a node on this 2-core machine has: tests run the parallel hashing paths.
      chain = new Blockchain(params, db, new ChainStore(db, DECODER),
          new StateDatabase(db, new NodeCache(StateDatabase.DEFAULT_NODE_CACHE_NODES), SIDE_WORK),
          new BlockExecutor(new TransactionProcessor(systemContracts())));
    } catch (RuntimeException e) {
      db.close();
      throw e;
    }
  }

  public Blockchain chain() {
    return chain;
  }

  public RocksDatabase db() {
    return db;
  }

  public ChainParameters params() {
    return params;
  }

  /** Closes the database and builds a new Blockchain over it, as a node restart does. */
  public TestChain reopen() {
    db.close();
    open();
    return this;
  }

  /** Proposes on the head at {@code timestamp} and commits: the dev engine's step. */
  public ExecutedBlock produce(long timestamp, Address proposer, List<Transaction> candidates) {
    ExecutedBlock b = chain.propose(timestamp, proposer, Bytes.EMPTY, candidates);
    chain.commit(b);
    return b;
  }

  /** Validates a block from another node and commits it; throws if it is invalid. */
  public ExecutedBlock accept(org.mercato.state.block.Block block) {
    BlockValidationResult r = chain.validate(block);
    if (!r.isValid()) {
      throw new AssertionError("block " + block + " rejected: " + r.invalidity().orElseThrow() + " " + r.detail());
    }
    chain.commit(r.block().orElseThrow());
    return r.block().orElseThrow();
  }

  public Wei balance(Address a) {
    return chain.latestState().accountOrEmpty(a).balance();
  }

  public long nonce(Address a) {
    return chain.latestState().accountOrEmpty(a).nonce();
  }

  /** An EIP-1559 transfer of {@code value} wei, 21,000 gas. */
  public static Transaction transfer(KeyPair from, long nonce, Wei tip, Wei maxFee, Address to, Wei value) {
    return SIGNER.sign(UnsignedTransaction.transfer(CHAIN_ID, nonce, tip, maxFee, to, value), from);
  }

  /** An EIP-1559 call with calldata. */
  public static Transaction call(KeyPair from, long nonce, Wei tip, Wei maxFee, long gas, Address to, Wei value, Bytes data) {
    return SIGNER.sign(UnsignedTransaction.dynamicFee(CHAIN_ID, nonce, tip, maxFee, gas, to, value, data, List.of()), from);
  }

  /** Calldata of {@code CounterContract.fail(reason)}. */
  public static Bytes failCall(String reason) {
    byte[] text = reason.getBytes(StandardCharsets.UTF_8);
    byte[] tail = new byte[(text.length + 31) / 32 * 32];
    System.arraycopy(text, 0, tail, 0, text.length);
    return Bytes.concatenate(CounterContract.FAIL, UInt256.valueOf(32).toBytes(), UInt256.valueOf(text.length).toBytes(),
        Bytes.wrap(tail));
  }

  @Override
  public void close() {
    db.close();
  }
}
