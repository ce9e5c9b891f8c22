package org.mercato.state.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mercato.state.block.BlockHeader;
import org.mercato.state.crypto.KeyPair;
import org.mercato.state.testing.TestChain;
import org.mercato.state.types.Address;
import org.mercato.state.types.Wei;
import org.mercato.state.world.WorldView;

/** A reader of the head state keeps seeing that state after the next block commits (RPC consistency). */
class StateSnapshotTest {
  private static final KeyPair A = TestChain.KEYS.get(0);
  private static final Address SINK = Address.fromHex("0x00000000000000000000000000000000000000cc");
  private static final Address PROPOSER = Address.fromHex("0x00000000000000000000000000000000000000aa");

  @TempDir Path dir;

  @Test
  void stateAtTheHeadIsASnapshotThatACommitDoesNotChange() {
    try (TestChain tc = TestChain.open(dir, TestChain.params(1_000_000, Wei.of(1_000_000_000L), Wei.of(1), TestChain.fund(1, 100)))) {
      BlockHeader head = tc.chain().head();
      WorldView view = tc.chain().stateAt(head);
      Wei before = view.accountOrEmpty(A.address()).balance();

      tc.produce(head.timestamp() + 1, PROPOSER,
          List.of(TestChain.transfer(A, 0, Wei.of(1), Wei.of(50_000_000_000L), SINK, Wei.of(7))));

      assertNotEquals(before, tc.balance(A.address()), "the transfer moved coins in the new head");
      assertEquals(before, view.accountOrEmpty(A.address()).balance(), "the old view still reads its block's state");
      assertEquals(Wei.ZERO, view.accountOrEmpty(SINK).balance());
      assertEquals(Wei.of(7), tc.chain().stateAt(tc.chain().head()).accountOrEmpty(SINK).balance());
    }
  }
}
