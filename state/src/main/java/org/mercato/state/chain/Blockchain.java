package org.mercato.state.chain;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.StreamSupport;
import org.apache.tuweni.bytes.Bytes;
import org.mercato.state.block.Block;
import org.mercato.state.block.BlockHeader;
import org.mercato.state.block.LogsBloom;
import org.mercato.state.block.Receipt;
import org.mercato.state.concurrent.SideWork;
import org.mercato.state.exec.BlockContext;
import org.mercato.state.exec.BlockExecution;
import org.mercato.state.exec.BlockExecutor;
import org.mercato.state.exec.FeeMarket;
import org.mercato.state.exec.SupplyLedger;
import org.mercato.state.storage.Database;
import org.mercato.state.storage.WriteBatch;
import org.mercato.state.trie.TrieRoots;
import org.mercato.state.tx.Transaction;
import org.mercato.state.tx.TransactionValidator;
import org.mercato.state.types.Address;
import org.mercato.state.types.Hash;
import org.mercato.state.world.PreparedState;
import org.mercato.state.world.StateDatabase;
import org.mercato.state.world.WorldUpdater;
import org.mercato.state.world.WorldView;

/**
 * The chain as consensus drives it: {@link #propose}, {@link #validate} and {@link #commit} are the
 * seam (docs/spec/blocks.md). The dev engine calls propose then commit; BFT consensus will call
 * propose on the proposer, validate on the others, and commit once +2/3 precommit.
 *
 * <p>Only the consensus thread calls propose, validate and commit. Readers (RPC) see the head through
 * a volatile field, which changes only after its block is durable.
 */
public final class Blockchain {
  private final ChainParameters params;
  private final Database db;
  private final ChainStore store;
  private final StateDatabase stateDb;
  private final BlockExecutor executor;
  private final FeeMarket feeMarket;
  private final TransactionValidator txValidator;
  private final List<BlockListener> listeners = new CopyOnWriteArrayList<>();
  private volatile BlockHeader head;
  private volatile Hash headHash;

  public Blockchain(ChainParameters params, Database db, ChainStore store, StateDatabase stateDb, BlockExecutor executor) {
    this.params = params;
    this.db = db;
    this.store = store;
    this.stateDb = stateDb;
    this.executor = executor;
    this.feeMarket = new FeeMarket(params.minBaseFee());
    this.txValidator = new TransactionValidator(params.chainId(), params.blockGasLimit());
    ExecutedBlock genesis = genesis();
    Optional<Hash> stored = store.canonicalHash(0);
    if (stored.isEmpty()) {
      write(genesis);
    } else if (!stored.get().equals(genesis.block().hash())) {
      throw new IllegalStateException("the database holds another chain: its genesis is " + stored.get()
          + ", this genesis is " + genesis.block().hash());
    }
    Hash h = store.headHash().orElseThrow(() -> new IllegalStateException("database has genesis but no head"));
    this.head = store.header(h).orElseThrow(() -> new IllegalStateException("head block " + h + " missing"));
    this.headHash = h;
  }

  public ChainParameters parameters() {
    return params;
  }

  public ChainStore store() {
    return store;
  }

  public BlockHeader head() {
    return head;
  }

  public Hash headHash() {
    return headHash;
  }

  /** Latest committed state (flat tables: fast). */
  public WorldView latestState() {
    return stateDb.latest();
  }

  /**
   * State after the block with this header, read through the trie: an immutable snapshot, so a
   * reader that makes several reads (eth_call, a market query) sees one state even if a block
   * commits meanwhile. The flat tables ({@link #latestState}) would be faster for the head but
   * change under the reader at commit.
   */
  public WorldView stateAt(BlockHeader header) {
    return stateDb.at(header.stateRoot());
  }

  public void addListener(BlockListener l) {
    listeners.add(l);
  }

  /** The base fee the next block must use. */
  public org.mercato.state.types.Wei nextBaseFee() {
    BlockHeader h = head;
    return feeMarket.nextBaseFee(h.baseFee(), h.gasUsed(), h.gasLimit());
  }

  /** Builds the next block on the head from {@code candidates} (in priority order), without evidence. */
  public ExecutedBlock propose(long timestamp, Address proposer, Bytes lastCommit, Iterable<Transaction> candidates) {
    return propose(timestamp, proposer, lastCommit, List.of(), candidates);
  }

  /**
   * Builds the next block on the head from {@code candidates} (in priority order), carrying
   * {@code evidence} (opaque items, already verified by consensus) in its body.
   */
  public ExecutedBlock propose(long timestamp, Address proposer, Bytes lastCommit, List<Bytes> evidence,
      Iterable<Transaction> candidates) {
    BlockHeader parent = head;
    long ts = Math.max(timestamp, parent.timestamp());
    BlockContext ctx = new BlockContext(params.chainId(), parent.number() + 1, ts, proposer, nextBaseFee(), params.blockGasLimit());
    // validate() refuses a block with a transaction that fails the stateless rules (chain id,
    // size...), so the proposer skips those too; lazily, as the executor stops once the block is full.
    List<BlockExecution.Skipped> unfit = new ArrayList<>();
    Iterable<Transaction> fit = () -> StreamSupport.stream(candidates.spliterator(), false).filter(tx -> {
      org.mercato.state.tx.ValidationResult v = txValidator.validate(tx);
      if (!v.isOk()) {
        unfit.add(new BlockExecution.Skipped(tx, v.rejection().orElseThrow(), v.detail()));
      }
      return v.isOk();
    }).iterator();
    BlockExecution exec = executor.build(stateDb.latest(), ctx, fit);
    if (!unfit.isEmpty()) {
      List<BlockExecution.Skipped> skipped = new ArrayList<>(unfit);
      skipped.addAll(exec.skipped());
      exec = new BlockExecution(exec.included(), exec.receipts(), exec.gasUsed(), exec.burned(), exec.tips(), exec.changes(),
          skipped, null);
    }
    BlockExecution done = exec;
    SideWork.Pending<ResultRoots> roots = stateDb.sideWork().start(() -> ResultRoots.of(done.included(), done.receipts()));
    PreparedState prepared = stateDb.prepare(parent.stateRoot(), exec.changes());
    ResultRoots r = roots.join();
    BlockHeader header = new BlockHeader(
        headHash, ctx.number(), ts, proposer, prepared.root(), r.transactions(), r.receipts(),
        r.bloom(), params.blockGasLimit(), exec.gasUsed(), ctx.baseFee(), lastCommit, Block.evidenceHash(evidence));
    return new ExecutedBlock(new Block(header, exec.included(), evidence), exec.receipts(), prepared, exec);
  }

  /**
   * Checks a block proposed by someone else against the head: header rules, the evidence hash (the
   * evidence itself is consensus's to verify), then re-execution.
   */
  public BlockValidationResult validate(Block block) {
    BlockHeader parent = head;
    BlockHeader h = block.header();
    if (!h.parentHash().equals(headHash)) {
      return BlockValidationResult.invalid(BlockValidity.UNKNOWN_PARENT, "parent " + h.parentHash() + ", head " + headHash);
    }
    if (h.number() != parent.number() + 1) {
      return BlockValidationResult.invalid(BlockValidity.WRONG_NUMBER, "number " + h.number());
    }
    if (h.timestamp() < parent.timestamp()) {
      return BlockValidationResult.invalid(BlockValidity.TIMESTAMP_BEFORE_PARENT, h.timestamp() + " < " + parent.timestamp());
    }
    if (h.gasLimit() != params.blockGasLimit()) {
      return BlockValidationResult.invalid(BlockValidity.WRONG_GAS_LIMIT, String.valueOf(h.gasLimit()));
    }
    if (!h.baseFee().equals(nextBaseFee())) {
      return BlockValidationResult.invalid(BlockValidity.WRONG_BASE_FEE, h.baseFee() + " != " + nextBaseFee());
    }
    if (!Block.evidenceHash(block.evidence()).equals(h.evidenceHash())) {
      return BlockValidationResult.invalid(BlockValidity.WRONG_EVIDENCE_HASH,
          block.evidence().size() + " evidence items, header " + h.evidenceHash());
    }
    for (Transaction tx : block.transactions()) {
      org.mercato.state.tx.ValidationResult v = txValidator.validate(tx);
      if (!v.isOk()) {
        return BlockValidationResult.invalid(BlockValidity.INVALID_TRANSACTION, tx.hash() + ": " + v.errorMessage());
      }
    }
    BlockContext ctx = new BlockContext(params.chainId(), h.number(), h.timestamp(), h.proposer(), h.baseFee(), h.gasLimit());
    // Pure hashing goes to another core while this thread executes and then updates the state
    // trie (docs/spec/state.md §4); the checks below keep the order they had on one thread.
    SideWork.Pending<Hash> txRoot = stateDb.sideWork().start(() -> transactionsRoot(block.transactions()));
    BlockExecution exec = executor.validate(stateDb.latest(), ctx, block.transactions());
    if (exec.invalidity().isPresent()) {
      BlockExecution.Skipped s = exec.invalidity().get();
      return BlockValidationResult.invalid(BlockValidity.INVALID_TRANSACTION,
          s.transaction().hash() + ": " + s.reason().message() + (s.detail().isEmpty() ? "" : " (" + s.detail() + ")"));
    }
    if (exec.gasUsed() != h.gasUsed()) {
      return BlockValidationResult.invalid(BlockValidity.WRONG_GAS_USED, exec.gasUsed() + " != " + h.gasUsed());
    }
    SideWork.Pending<ResultRoots> roots = stateDb.sideWork().start(() -> ResultRoots.of(txRoot.join(), exec.receipts()));
    PreparedState prepared = stateDb.prepare(parent.stateRoot(), exec.changes());
    ResultRoots r = roots.join();
    if (!r.transactions().equals(h.transactionsRoot())) {
      return BlockValidationResult.invalid(BlockValidity.WRONG_TRANSACTIONS_ROOT, "");
    }
    if (!r.receipts().equals(h.receiptsRoot())) {
      return BlockValidationResult.invalid(BlockValidity.WRONG_RECEIPTS_ROOT, "");
    }
    if (!r.bloom().equals(h.logsBloom())) {
      return BlockValidationResult.invalid(BlockValidity.WRONG_LOGS_BLOOM, "");
    }
    if (!prepared.root().equals(h.stateRoot())) {
      return BlockValidationResult.invalid(BlockValidity.WRONG_STATE_ROOT, prepared.root() + " != " + h.stateRoot());
    }
    return BlockValidationResult.valid(new ExecutedBlock(block, exec.receipts(), prepared, exec));
  }

  /** Makes a decided block durable (state, block, receipts, indexes, head: one atomic batch) and the new head. */
  public void commit(ExecutedBlock executed) {
    Block block = executed.block();
    if (!block.header().parentHash().equals(headHash)) {
      throw new IllegalStateException("commit of " + block + " does not extend head " + headHash);
    }
    write(executed);
    head = block.header();
    headHash = block.hash();
    for (BlockListener l : listeners) {
      l.onBlockCommitted(executed);
    }
  }

  /** Block 0: the allocations, the recorded genesis supply, no transactions. */
  private ExecutedBlock genesis() {
    WorldUpdater w = new WorldUpdater(EmptyWorld.INSTANCE);
    params.allocations().forEach((a, amount) -> w.putAccount(a, w.accountOrEmpty(a).withBalance(amount)));
    SupplyLedger.recordGenesisSupply(w, params.genesisSupply());
    PreparedState prepared = stateDb.prepare(Hash.EMPTY_TRIE_ROOT, w.toStateChanges());
    BlockHeader header = new BlockHeader(Hash.ZERO, 0, params.genesisTimestamp(), Address.ZERO, prepared.root(),
        Hash.EMPTY_TRIE_ROOT, Hash.EMPTY_TRIE_ROOT, LogsBloom.EMPTY, params.blockGasLimit(), 0,
        params.initialBaseFee(), Bytes.EMPTY, Hash.EMPTY_LIST_HASH);
    return new ExecutedBlock(new Block(header, List.of()), List.of(), prepared, null);
  }

  private void write(ExecutedBlock executed) {
    try (WriteBatch batch = db.newWriteBatch()) {
      executed.state().writeTo(batch);
      store.writeBlock(batch, executed.block(), executed.receipts());
      batch.commit();
    }
  }

  private static Hash transactionsRoot(List<Transaction> txs) {
    return TrieRoots.ordered(txs.stream().map(Transaction::encoded).toList());
  }

  /** The header fields a block's results determine, apart from the state root. */
  private record ResultRoots(Hash transactions, Hash receipts, Bytes bloom) {
    static ResultRoots of(List<Transaction> txs, List<Receipt> receipts) {
      return of(transactionsRoot(txs), receipts);
    }

    static ResultRoots of(Hash transactions, List<Receipt> receipts) {
      return new ResultRoots(transactions, TrieRoots.ordered(receipts.stream().map(Receipt::encoded).toList()), Blockchain.bloom(receipts));
    }
  }

  private static Bytes bloom(List<Receipt> receipts) {
    LogsBloom b = new LogsBloom();
    receipts.forEach(r -> b.or(r.bloom()));
    return b.toBytes();
  }
}
