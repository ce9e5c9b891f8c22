package org.mercato.p2p.sync;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.tuweni.rlp.RLP;
import org.mercato.p2p.crypto.NodeId;
import org.mercato.p2p.peer.Peer;
import org.mercato.p2p.sync.SyncMessage.Blocks;
import org.mercato.p2p.sync.SyncMessage.GetBlocks;
import org.mercato.p2p.sync.SyncMessage.NoBlocks;
import org.mercato.p2p.sync.SyncMessage.SyncBlock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers GetBlocks from a {@link BlockSource} on a worker, never on the event loop (docs/spec/p2p.md
 * §10.2): the longest prefix of the range that fits the 1 MiB payload, NoBlocks(NOT_AVAILABLE) if
 * there is none, NoBlocks(BUSY) beyond {@code maxServedPerPeer} unanswered requests of one peer.
 */
public final class BlockSyncServer {
  private static final Logger LOG = LoggerFactory.getLogger(BlockSyncServer.class);
  /** Room for the type byte, the request id and the list headers. */
  public static final int MAX_BUDGET = SyncCodec.MAX_MESSAGE_BYTES - 64;

  private final BlockSource source;
  private final Executor executor;
  private final int channel;
  private final int maxServedPerPeer;
  private final int budget;
  private final Map<NodeId, AtomicInteger> outstanding = new ConcurrentHashMap<>();

  public BlockSyncServer(BlockSource source, Executor executor, int channel, int maxServedPerPeer) {
    this(source, executor, channel, maxServedPerPeer, MAX_BUDGET);
  }

  /** {@code budget}: the most bytes of blocks one response carries (at most {@link #MAX_BUDGET}; smaller in tests). */
  public BlockSyncServer(BlockSource source, Executor executor, int channel, int maxServedPerPeer, int budget) {
    if (budget < 1 || budget > MAX_BUDGET) {
      throw new IllegalArgumentException("budget must be 1.." + MAX_BUDGET);
    }
    this.source = source;
    this.executor = executor;
    this.channel = channel;
    this.maxServedPerPeer = maxServedPerPeer;
    this.budget = budget;
  }

  /** Called on the event loop: only enqueues. */
  public void onRequest(Peer peer, GetBlocks request) {
    AtomicInteger n = outstanding.computeIfAbsent(peer.id(), id -> new AtomicInteger());
    if (n.incrementAndGet() > maxServedPerPeer) {
      n.decrementAndGet();
      peer.send(channel, SyncCodec.encode(new NoBlocks(request.requestId(), NoBlocks.Reason.BUSY)));
      return;
    }
    try {
      executor.execute(() -> {
        try {
          peer.send(channel, SyncCodec.encode(answer(request)));
        } catch (RuntimeException e) {
          LOG.warn("blocksync: serving {} to {} failed", request, peer.id(), e);
        } finally {
          n.decrementAndGet();
        }
      });
    } catch (RejectedExecutionException e) {
      n.decrementAndGet();
      peer.send(channel, SyncCodec.encode(new NoBlocks(request.requestId(), NoBlocks.Reason.BUSY)));
    }
  }

  public void peerGone(Peer peer) {
    outstanding.remove(peer.id());
  }

  /**
   * The response to {@code request} (public for tests): the requested blocks while they fit the
   * budget; when the next one does not, its header alone (no transactions, no evidence) closes the
   * response. The syncer never applies a response's last block, it only takes the commit in that
   * header's lastCommit, so the trailer certifies the last full block; without it, blocks too big
   * to travel two per message could never be certified and sync would stall (docs/spec/p2p.md §10.2).
   */
  public SyncMessage answer(GetBlocks request) {
    List<SyncBlock> blocks = new ArrayList<>();
    int size = 0;
    for (long n = request.from(); n < request.from() + request.count(); n++) {
      Optional<SyncBlock> b = source.block(n);
      if (b.isEmpty()) {
        break;
      }
      int s = SyncCodec.encodedSize(b.get());
      if (size + s > budget) {
        SyncBlock headerOnly = new SyncBlock(b.get().header(), List.of());
        if (!blocks.isEmpty() && size + SyncCodec.encodedSize(headerOnly) <= MAX_BUDGET) {
          blocks.add(headerOnly);
        }
        break;
      }
      size += s;
      blocks.add(b.get());
    }
    if (blocks.isEmpty()) {
      return new NoBlocks(request.requestId(), NoBlocks.Reason.NOT_AVAILABLE);
    }
    // The outer list's header and the request id fit the 64 bytes kept back.
    assert SyncCodec.listSize(RLP.encodeLong(request.requestId()).size() + SyncCodec.listSize(size)) + 1 <= SyncCodec.MAX_MESSAGE_BYTES;
    return new Blocks(request.requestId(), blocks);
  }
}
