package org.mercato.state.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.units.bigints.UInt256;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mercato.state.block.BlockHeader;
import org.mercato.state.crypto.KeyPair;
import org.mercato.state.storage.WriteBatch;
import org.mercato.state.testing.CounterContract;
import org.mercato.state.testing.TestChain;
import org.mercato.state.tx.Transaction;
import org.mercato.state.types.Address;
import org.mercato.state.types.Hash;
import org.mercato.state.types.Wei;
import org.mercato.state.world.StateDatabase;

/**
 * A block is on disk wholly or not at all: its writes go in one batch, and a batch closed without
 * commit (the process dying before the write) leaves head, indexes, body, receipts and state as
 * they were. Reopening continues from exactly the last committed head.
 */
class CommitCrashSafetyTest {
  private static final KeyPair ALICE = TestChain.KEYS.get(0);
  private static final Address SINK = Address.fromHex("0x00000000000000000000000000000000000000cc");
  private static final Address PROPOSER = Address.fromHex("0x00000000000000000000000000000000000000aa");
  private static final Wei TIP = Wei.of(1_000_000_000L);
  private static final Wei CAP = Wei.of(50_000_000_000L);

  @TempDir Path dir;
  private TestChain tc;
  private ExecutedBlock block1;

  @BeforeEach
  void setUp() {
    tc = TestChain.open(dir, TestChain.params(1_000_000, Wei.of(1_000_000_000L), Wei.of(1), TestChain.fund(2, 100)),
        new CounterContract());
    block1 = tc.produce(1_001, PROPOSER, List.of(
        TestChain.transfer(ALICE, 0, TIP, CAP, SINK, Wei.of(10)),
        TestChain.call(ALICE, 1, TIP, CAP, 100_000, CounterContract.ADDRESS, Wei.ZERO, CounterContract.addCall(4))));
  }

  @AfterEach
  void tearDown() {
    tc.close();
  }

  private ExecutedBlock proposeBlock2() {
    return tc.chain().propose(1_002, PROPOSER, Bytes.EMPTY, List.of(
        TestChain.transfer(ALICE, 2, TIP, CAP, SINK, Wei.of(20)),
        TestChain.call(ALICE, 3, TIP, CAP, 100_000, CounterContract.ADDRESS, Wei.ZERO, CounterContract.addCall(5))));
  }

  /** What Blockchain.commit puts in its batch. */
  private void stage(WriteBatch batch, ExecutedBlock b) {
    b.state().writeTo(batch);
    tc.chain().store().writeBlock(batch, b.block(), b.receipts());
  }

  /** Everything on disk still says block 1 is the head and block 2 does not exist. */
  private void assertOnlyBlock1(ExecutedBlock block2) {
    ChainStore store = tc.chain().store();
    Hash h2 = block2.block().hash();
    assertEquals(block1.block().hash(), store.headHash().orElseThrow());
    assertEquals(block1.block().hash(), store.canonicalHash(1).orElseThrow());
    assertTrue(store.canonicalHash(2).isEmpty());
    assertTrue(store.header(h2).isEmpty());
    assertTrue(store.block(h2).isEmpty());
    assertEquals(List.of(), store.transactions(h2));
    assertEquals(List.of(), store.receipts(h2));
    for (Transaction tx : block2.block().transactions()) {
      assertTrue(store.location(tx.hash()).isEmpty(), "location of " + tx);
    }
    StateDatabase states = new StateDatabase(tc.db());
    assertEquals(block1.block().header().stateRoot(), states.latestRoot().orElseThrow());
    assertFalse(states.hasState(block2.state().root()), "no trie node of block 2 was written");
    assertEquals(2, tc.nonce(ALICE.address()));
    assertEquals(Wei.of(10), tc.balance(SINK));
    assertEquals(UInt256.valueOf(4), CounterContract.total(tc.chain().latestState()));
  }

  private void assertBlock2(ExecutedBlock block2) {
    ChainStore store = tc.chain().store();
    Hash h2 = block2.block().hash();
    assertEquals(h2, store.headHash().orElseThrow());
    assertEquals(h2, store.canonicalHash(2).orElseThrow());
    assertEquals(block2.block().header(), store.header(h2).orElseThrow());
    assertEquals(block2.block().transactions(), store.transactions(h2));
    assertEquals(block2.receipts(), store.receipts(h2));
    for (int i = 0; i < block2.block().transactions().size(); i++) {
      assertEquals(new TransactionLocation(h2, i), store.location(block2.block().transactions().get(i).hash()).orElseThrow());
    }
    assertEquals(block2.state().root(), new StateDatabase(tc.db()).latestRoot().orElseThrow());
    assertEquals(4, tc.nonce(ALICE.address()));
    assertEquals(Wei.of(30), tc.balance(SINK));
    assertEquals(UInt256.valueOf(9), CounterContract.total(tc.chain().latestState()));
  }

  @Test
  void aBatchClosedWithoutCommitLeavesNothing() {
    ExecutedBlock block2 = proposeBlock2();
    try (WriteBatch batch = tc.db().newWriteBatch()) {
      stage(batch, block2);
      // the process dies here: no commit
    }
    assertOnlyBlock1(block2);
    tc.reopen();
    assertEquals(block1.block().hash(), tc.chain().headHash());
    assertOnlyBlock1(block2);

    // The same block can still be committed whole afterwards.
    tc.chain().commit(block2);
    assertBlock2(block2);
  }

  @Test
  void theSameBatchCommittedHasEverything() {
    // Control for the test above: the staged writes are exactly what a committed block is.
    ExecutedBlock block2 = proposeBlock2();
    try (WriteBatch batch = tc.db().newWriteBatch()) {
      stage(batch, block2);
      batch.commit();
    }
    assertBlock2(block2);
    tc.reopen();
    assertEquals(block2.block().hash(), tc.chain().headHash());
    assertBlock2(block2);
  }

  @Test
  void proposedOrValidatedButUncommittedBlocksDoNotSurviveARestart(@TempDir Path otherDir) {
    ExecutedBlock block2 = proposeBlock2();
    try (TestChain other = TestChain.open(otherDir, tc.params(), new CounterContract())) {
      other.accept(block1.block());
      assertTrue(other.chain().validate(block2.block()).isValid());
      other.reopen();
      assertEquals(block1.block().hash(), other.chain().headHash(), "validating wrote nothing");
    }
    tc.reopen();
    assertOnlyBlock1(block2);
  }

  @Test
  void reopeningAfterCommitsYieldsExactlyTheLastCommittedHead() {
    List<BlockHeader> headers = new ArrayList<>();
    headers.add(block1.block().header());
    for (int n = 2; n <= 6; n++) {
      Transaction tx = TestChain.transfer(ALICE, n, TIP, CAP, SINK, Wei.of(1));
      headers.add(tc.produce(1_000 + n, PROPOSER, List.of(tx)).block().header());
    }
    tc.reopen();
    BlockHeader last = headers.get(headers.size() - 1);
    assertEquals(last, tc.chain().head());
    assertEquals(last.hash(), tc.chain().headHash());
    assertEquals(last.stateRoot(), new StateDatabase(tc.db()).latestRoot().orElseThrow());
    assertTrue(tc.chain().store().canonicalHash(7).isEmpty());
    for (BlockHeader h : headers) {
      assertEquals(h, tc.chain().store().header(h.number()).orElseThrow());
    }
    assertEquals(7, tc.nonce(ALICE.address()));
    // The base fee of the next block follows from the restored head, as it would have without a restart.
    assertEquals(new org.mercato.state.exec.FeeMarket(Wei.of(1)).nextBaseFee(last.baseFee(), last.gasUsed(), last.gasLimit()),
        tc.chain().nextBaseFee());
  }

  @Test
  void aFailedWriteLeavesTheHeadWhereItWasAndTellsNoListener() {
    ExecutedBlock block2 = proposeBlock2();
    List<ExecutedBlock> told = new ArrayList<>();
    tc.chain().addListener(told::add);
    tc.db().close(); // every write now fails
    assertThrows(IllegalStateException.class, () -> tc.chain().commit(block2));
    assertEquals(block1.block().hash(), tc.chain().headHash(), "in-memory head did not move");
    assertEquals(List.of(), told);
    tc.reopen();
    assertOnlyBlock1(block2);
  }

  @Test
  void listenersSeeTheBlockAlreadyDurable() {
    ExecutedBlock block2 = proposeBlock2();
    List<Hash> seen = new ArrayList<>();
    tc.chain().addListener(b -> {
      seen.add(tc.chain().store().headHash().orElseThrow());
      assertEquals(b.block().hash(), tc.chain().headHash());
      assertEquals(4, tc.nonce(ALICE.address()), "the listener reads the new state");
    });
    tc.chain().commit(block2);
    assertEquals(List.of(block2.block().hash()), seen);
  }
}
