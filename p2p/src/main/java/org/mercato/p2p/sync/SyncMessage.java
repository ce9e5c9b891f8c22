package org.mercato.p2p.sync;

import java.util.List;
import java.util.Objects;
import org.apache.tuweni.bytes.Bytes;
import org.mercato.state.block.BlockHeader;
import org.mercato.state.types.Hash;

/** The block-sync channel's messages (u64 scalars on the wire, non-negative longs here) (docs/spec/p2p.md §10.1); wire form in {@link SyncCodec}. */
public sealed interface SyncMessage {
  /** Blocks per GetBlocks / Blocks message. */
  int MAX_BLOCKS = 64;

  /** What a node's chain looks like: sent on connect and when the head moves. */
  record Status(long headHeight, Hash headHash, Hash genesisHash) implements SyncMessage {
    public Status {
      Objects.requireNonNull(headHash);
      Objects.requireNonNull(genesisHash);
      if (headHeight < 0) {
        throw new IllegalArgumentException("negative height");
      }
    }
  }

  /** Canonical blocks {@code from .. from+count-1}. */
  record GetBlocks(long requestId, long from, int count) implements SyncMessage {
    public GetBlocks {
      if (count < 1 || count > MAX_BLOCKS || from < 0 || requestId < 0) {
        throw new IllegalArgumentException("count must be 1.." + MAX_BLOCKS + ", from and requestId non-negative");
      }
    }
  }

  /**
   * One block as served: the header, its transactions' canonical encodings (no senders) and its
   * evidence items (opaque bytes; bound to the header by {@code evidenceHash}).
   */
  record SyncBlock(BlockHeader header, List<Bytes> transactions, List<Bytes> evidence) {
    public SyncBlock {
      Objects.requireNonNull(header);
      transactions = List.copyOf(transactions);
      evidence = List.copyOf(evidence);
    }

    /** A block without evidence. */
    public SyncBlock(BlockHeader header, List<Bytes> transactions) {
      this(header, transactions, List.of());
    }
  }

  /** The answer to a GetBlocks: a non-empty prefix of the requested range. */
  record Blocks(long requestId, List<SyncBlock> blocks) implements SyncMessage {
    public Blocks {
      blocks = List.copyOf(blocks);
      if (requestId < 0) {
        throw new IllegalArgumentException("negative request id");
      }
      if (blocks.isEmpty() || blocks.size() > MAX_BLOCKS) {
        throw new IllegalArgumentException("1.." + MAX_BLOCKS + " blocks");
      }
    }
  }

  /** The GetBlocks cannot be answered. */
  record NoBlocks(long requestId, Reason reason) implements SyncMessage {
    public enum Reason {
      NOT_AVAILABLE,
      BUSY
    }

    public NoBlocks {
      Objects.requireNonNull(reason);
      if (requestId < 0) {
        throw new IllegalArgumentException("negative request id");
      }
    }
  }
}
