package org.mercato.state.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.apache.tuweni.bytes.Bytes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mercato.state.block.Block;
import org.mercato.state.block.BlockHeader;
import org.mercato.state.block.LogsBloom;
import org.mercato.state.crypto.KeyPair;
import org.mercato.state.testing.CounterContract;
import org.mercato.state.testing.TestChain;
import org.mercato.state.tx.Transaction;
import org.mercato.state.tx.TransactionRejection;
import org.mercato.state.tx.UnsignedTransaction;
import org.mercato.state.types.Address;
import org.mercato.state.types.Hash;
import org.mercato.state.types.Wei;

/**
 * Every {@link BlockValidity} reason, each from a valid proposed block with one thing changed, on
 * a second node whose head is the parent. A rejected block leaves that node exactly as it was.
 */
class BlockValidationTest {
  private static final long LIMIT = 1_000_000;
  private static final KeyPair ALICE = TestChain.KEYS.get(0);
  private static final KeyPair BOB = TestChain.KEYS.get(1);
  private static final KeyPair CAROL = TestChain.KEYS.get(2);
  private static final KeyPair UNFUNDED = TestChain.KEYS.get(9);
  private static final Address SINK = Address.fromHex("0x00000000000000000000000000000000000000cc");
  private static final Address PROPOSER = Address.fromHex("0x00000000000000000000000000000000000000aa");
  private static final Wei TIP = Wei.of(1_000_000_000L);
  private static final Wei CAP = Wei.of(50_000_000_000L);

  @TempDir Path proposerDir;
  @TempDir Path validatorDir;
  private TestChain proposer;
  private TestChain validator;
  private Transaction block1Tx;
  private ExecutedBlock proposed;

  @BeforeEach
  void setUp() {
    proposer = TestChain.open(proposerDir, TestChain.params(LIMIT, Wei.of(1_000_000_000L), Wei.of(1), TestChain.fund(3, 100)),
        new CounterContract());
    validator = TestChain.open(validatorDir, proposer.params(), new CounterContract());
    block1Tx = TestChain.transfer(ALICE, 0, TIP, CAP, SINK, Wei.of(1));
    validator.accept(proposer.produce(1_010, PROPOSER, List.of(block1Tx)).block());

    // The valid block 2 everything below is derived from: a log-emitting call, a 1559 and a legacy transfer.
    proposed = proposer.chain().propose(1_020, PROPOSER, Bytes.EMPTY, List.of(
        TestChain.call(ALICE, 1, TIP, CAP, 100_000, CounterContract.ADDRESS, Wei.ZERO, CounterContract.addCall(3)),
        TestChain.transfer(BOB, 0, TIP, CAP, SINK, Wei.of(2)),
        TestChain.SIGNER.sign(UnsignedTransaction.legacy(TestChain.CHAIN_ID, 0, CAP, 21_000, SINK, Wei.of(3), Bytes.EMPTY), CAROL)));
    assertEquals(3, proposed.block().transactions().size());
    assertNotEquals(LogsBloom.EMPTY, proposed.block().header().logsBloom());
  }

  @AfterEach
  void tearDown() {
    proposer.close();
    validator.close();
  }

  /** The proposed header with some fields replaced. */
  private static final class H {
    Hash parentHash;
    long number;
    long timestamp;
    Address proposer;
    Hash stateRoot;
    Hash transactionsRoot;
    Hash receiptsRoot;
    Bytes logsBloom;
    long gasLimit;
    long gasUsed;
    Wei baseFee;
    Bytes lastCommit;
    Hash evidenceHash;

    H(BlockHeader h) {
      parentHash = h.parentHash();
      number = h.number();
      timestamp = h.timestamp();
      proposer = h.proposer();
      stateRoot = h.stateRoot();
      transactionsRoot = h.transactionsRoot();
      receiptsRoot = h.receiptsRoot();
      logsBloom = h.logsBloom();
      gasLimit = h.gasLimit();
      gasUsed = h.gasUsed();
      baseFee = h.baseFee();
      lastCommit = h.lastCommit();
      evidenceHash = h.evidenceHash();
    }

    BlockHeader build() {
      return new BlockHeader(parentHash, number, timestamp, proposer, stateRoot, transactionsRoot, receiptsRoot, logsBloom,
          gasLimit, gasUsed, baseFee, lastCommit, evidenceHash);
    }
  }

  private Block changed(UnaryOperator<H> change) {
    return new Block(change.apply(new H(proposed.block().header())).build(), proposed.block().transactions());
  }

  private Block withBody(List<Transaction> body) {
    return new Block(proposed.block().header(), body);
  }

  private BlockValidationResult expectRejected(Block block, BlockValidity why) {
    Hash headBefore = validator.chain().headHash();
    Wei aliceBefore = validator.balance(ALICE.address());
    BlockValidationResult r = validator.chain().validate(block);
    assertFalse(r.isValid(), "accepted a block that should fail with " + why);
    assertEquals(why, r.invalidity().orElseThrow(), r.detail());
    assertTrue(r.block().isEmpty());
    // Validation writes nothing.
    assertEquals(headBefore, validator.chain().headHash());
    assertEquals(aliceBefore, validator.balance(ALICE.address()));
    assertTrue(validator.chain().store().header(block.hash()).isEmpty());
    for (Transaction tx : block.transactions()) {
      if (!tx.equals(block1Tx)) {
        assertTrue(validator.chain().store().location(tx.hash()).isEmpty());
      }
    }
    return r;
  }

  @Test
  void theUnchangedBlockIsValid() {
    BlockValidationResult r = validator.chain().validate(proposed.block());
    assertTrue(r.isValid(), r.detail());
    assertEquals(proposed.state().root(), r.block().orElseThrow().state().root());
    assertEquals(proposed.receipts(), r.block().orElseThrow().receipts());
  }

  @Test
  void headerRules() {
    BlockHeader parent = validator.chain().head();
    Hash genesis = validator.chain().store().canonicalHash(0).orElseThrow();
    expectRejected(changed(h -> { h.parentHash = genesis; return h; }), BlockValidity.UNKNOWN_PARENT);
    expectRejected(changed(h -> { h.parentHash = Hash.wrap(Bytes.repeat((byte) 7, 32)); return h; }), BlockValidity.UNKNOWN_PARENT);
    expectRejected(changed(h -> { h.number = 3; return h; }), BlockValidity.WRONG_NUMBER);
    expectRejected(changed(h -> { h.number = 1; return h; }), BlockValidity.WRONG_NUMBER);
    expectRejected(changed(h -> { h.timestamp = parent.timestamp() - 1; return h; }), BlockValidity.TIMESTAMP_BEFORE_PARENT);
    expectRejected(changed(h -> { h.gasLimit = LIMIT + 1; return h; }), BlockValidity.WRONG_GAS_LIMIT);
    expectRejected(changed(h -> { h.gasLimit = LIMIT - 1; return h; }), BlockValidity.WRONG_GAS_LIMIT);
    expectRejected(changed(h -> { h.baseFee = h.baseFee.add(Wei.of(1)); return h; }), BlockValidity.WRONG_BASE_FEE);
    expectRejected(changed(h -> { h.baseFee = h.baseFee.subtract(Wei.of(1)); return h; }), BlockValidity.WRONG_BASE_FEE);
  }

  @Test
  void timestampEqualToTheParentsIsAllowed() {
    long parentTs = validator.chain().head().timestamp();
    // propose clamps an earlier timestamp up to the parent's.
    ExecutedBlock same = proposer.chain().propose(parentTs - 5, PROPOSER, Bytes.EMPTY, List.of());
    assertEquals(parentTs, same.block().header().timestamp());
    assertTrue(validator.chain().validate(same.block()).isValid());
  }

  @Test
  void invalidTransactions() {
    List<Transaction> body = proposed.block().transactions();
    Transaction otherChain = TestChain.SIGNER.sign(
        UnsignedTransaction.transfer(1, 1, TIP, CAP, SINK, Wei.of(1)), ALICE);
    Transaction nonceTooHigh = TestChain.transfer(ALICE, 5, TIP, CAP, SINK, Wei.of(1));
    Transaction broke = TestChain.transfer(UNFUNDED, 0, TIP, CAP, SINK, Wei.of(1));
    Transaction tooMuchGas = TestChain.call(BOB, 0, TIP, CAP, LIMIT + 1, SINK, Wei.ZERO, Bytes.EMPTY);

    assertDetail(expectRejected(withBody(List.of(otherChain)), BlockValidity.INVALID_TRANSACTION), TransactionRejection.INVALID_CHAIN_ID);
    assertDetail(expectRejected(withBody(List.of(nonceTooHigh)), BlockValidity.INVALID_TRANSACTION), TransactionRejection.NONCE_TOO_HIGH);
    assertDetail(expectRejected(withBody(List.of(block1Tx)), BlockValidity.INVALID_TRANSACTION), TransactionRejection.NONCE_TOO_LOW);
    assertDetail(expectRejected(withBody(List.of(broke)), BlockValidity.INVALID_TRANSACTION), TransactionRejection.INSUFFICIENT_FUNDS);
    assertDetail(expectRejected(withBody(List.of(tooMuchGas)), BlockValidity.INVALID_TRANSACTION),
        TransactionRejection.GAS_LIMIT_EXCEEDS_BLOCK);
    // A valid body with one transaction repeated: the copy's nonce is spent.
    List<Transaction> dup = new ArrayList<>(body);
    dup.add(body.get(1));
    assertDetail(expectRejected(withBody(dup), BlockValidity.INVALID_TRANSACTION), TransactionRejection.NONCE_TOO_LOW);
    // An invalid one after valid ones still rejects the whole block.
    List<Transaction> tail = new ArrayList<>(body);
    tail.add(broke);
    expectRejected(withBody(tail), BlockValidity.INVALID_TRANSACTION);
  }

  @Test
  void proposeSkipsWhatValidateRejectsBeforeExecution() {
    // Stateless rules (chain id, size...) are checked by validate(); a proposer given such a
    // transaction directly (not through the pool) must skip it, or it builds a block nobody accepts.
    Transaction otherChain = TestChain.SIGNER.sign(UnsignedTransaction.transfer(1, 0, TIP, CAP, SINK, Wei.of(1)), BOB);
    Transaction ok = TestChain.transfer(CAROL, 0, TIP, CAP, SINK, Wei.of(1));
    ExecutedBlock b = proposer.chain().propose(1_020, PROPOSER, Bytes.EMPTY, List.of(otherChain, ok));
    assertEquals(List.of(ok), b.block().transactions());
    assertEquals(1, b.execution().skipped().size());
    assertEquals(otherChain, b.execution().skipped().get(0).transaction());
    assertEquals(TransactionRejection.INVALID_CHAIN_ID, b.execution().skipped().get(0).reason());
    assertTrue(validator.chain().validate(b.block()).isValid());
  }

  private static void assertDetail(BlockValidationResult r, TransactionRejection reason) {
    assertTrue(r.detail().contains(reason.message()), "expected '" + reason.message() + "' in: " + r.detail());
  }

  @Test
  void executionResultsMustMatchTheHeader() {
    List<Transaction> body = proposed.block().transactions();
    BlockHeader h0 = proposed.block().header();
    expectRejected(changed(h -> { h.gasUsed = h.gasUsed - 1; return h; }), BlockValidity.WRONG_GAS_USED);
    expectRejected(changed(h -> { h.gasUsed = h.gasUsed + 1; return h; }), BlockValidity.WRONG_GAS_USED);
    expectRejected(withBody(body.subList(0, 2)), BlockValidity.WRONG_GAS_USED); // a transaction dropped

    expectRejected(changed(h -> { h.transactionsRoot = Hash.EMPTY_TRIE_ROOT; return h; }), BlockValidity.WRONG_TRANSACTIONS_ROOT);
    // The two transfers swapped: same gas, same final state, different order.
    expectRejected(withBody(List.of(body.get(0), body.get(2), body.get(1))), BlockValidity.WRONG_TRANSACTIONS_ROOT);

    expectRejected(changed(h -> { h.receiptsRoot = h0.transactionsRoot(); return h; }), BlockValidity.WRONG_RECEIPTS_ROOT);
    expectRejected(changed(h -> { h.logsBloom = LogsBloom.EMPTY; return h; }), BlockValidity.WRONG_LOGS_BLOOM);

    expectRejected(changed(h -> { h.stateRoot = validator.chain().head().stateRoot(); return h; }), BlockValidity.WRONG_STATE_ROOT);
    // Tips go to the header's proposer: naming another one changes the state root and nothing else.
    expectRejected(changed(h -> { h.proposer = SINK; return h; }), BlockValidity.WRONG_STATE_ROOT);
  }

  @Test
  void afterEveryRejectionTheValidBlockStillValidatesAndCommits() {
    headerRules();
    invalidTransactions();
    executionResultsMustMatchTheHeader();
    validator.accept(proposed.block());
    proposer.chain().commit(proposed);
    assertEquals(proposer.chain().headHash(), validator.chain().headHash());
    assertEquals(proposer.chain().head().stateRoot(), validator.chain().head().stateRoot());
    assertEquals(proposer.balance(SINK), validator.balance(SINK));
  }
}
