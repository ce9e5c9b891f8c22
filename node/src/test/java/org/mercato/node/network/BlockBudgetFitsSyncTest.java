package org.mercato.node.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mercato.consensus.engine.BftConfig;
import org.mercato.p2p.sync.BlockSyncServer;
import org.mercato.p2p.sync.SyncCodec;
import org.mercato.p2p.sync.SyncMessage;
import org.mercato.p2p.sync.SyncMessage.SyncBlock;
import org.mercato.p2p.wire.WireFormat;
import org.mercato.state.block.BlockHeader;
import org.mercato.state.testing.TestChain;
import org.mercato.state.types.Address;
import org.mercato.state.types.Wei;

/**
 * A block filled to the proposer's byte budget can be synced: one block-sync response carries it and
 * its successor (the syncer applies a block only with the next one, whose lastCommit certifies it;
 * docs/spec/consensus.md §10 "Block size", p2p.md §10.3).
 */
class BlockBudgetFitsSyncTest {
  @TempDir Path dir;

  @Test
  void twoFullBlocksFitOneBlockSyncResponse() {
    BlockHeader header;
    Bytes transfer;
    try (TestChain tc = TestChain.open(dir, TestChain.params(30_000_000, Wei.of(1_000_000_000L), Wei.of(1), TestChain.fund(1, 100)))) {
      header = tc.chain().propose(1_001, Address.fromHex("0x00000000000000000000000000000000000000aa"), Bytes.EMPTY, List.of())
          .block().header();
      transfer = TestChain.transfer(TestChain.KEYS.get(0), 1_000, Wei.of(1_000_000_000L), Wei.of(50_000_000_000L),
          Address.fromHex("0x00000000000000000000000000000000000000cc"), Wei.of(123_456_789)).encoded();
    }
    // As many ~120-byte transfers as the proposer's budget lets into one block.
    List<Bytes> txs = new ArrayList<>();
    for (long used = transfer.size(); used <= BftConfig.DEFAULT_MAX_BLOCK_TX_BYTES; used += transfer.size()) {
      txs.add(transfer);
    }
    assertTrue(txs.size() >= 4_000, "the default max_block_txs of 4,000 transfers fits the byte budget: " + txs.size());
    SyncBlock full = new SyncBlock(header, txs, List.of());
    BlockSyncServer server = new BlockSyncServer(n -> n <= 2 ? Optional.of(full) : Optional.empty(), Runnable::run, 2, 8);
    SyncMessage.Blocks answer = assertInstanceOf(SyncMessage.Blocks.class, server.answer(new SyncMessage.GetBlocks(7, 1, 2)));
    assertEquals(2, answer.blocks().size(), "a full block and its successor in one response");
    // Room left for the real headers' lastCommit (this header's is empty): at least 40 signatures' worth.
    int spare = WireFormat.MAX_PAYLOAD - 2 * SyncCodec.encodedSize(full);
    assertTrue(spare >= 40 * 90, "spare bytes " + spare);
  }
}
