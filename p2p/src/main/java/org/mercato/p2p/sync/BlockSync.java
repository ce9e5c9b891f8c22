package org.mercato.p2p.sync;

import java.util.concurrent.Executor;
import org.mercato.p2p.peer.DisconnectReason;
import org.mercato.p2p.peer.Peer;
import org.mercato.p2p.sync.SyncMessage.Blocks;
import org.mercato.p2p.sync.SyncMessage.GetBlocks;
import org.mercato.p2p.sync.SyncMessage.NoBlocks;
import org.mercato.p2p.sync.SyncMessage.Status;
import org.mercato.p2p.transport.P2pListener;
import org.mercato.p2p.wire.MessageResult;
import org.mercato.state.chain.Blockchain;
import org.mercato.state.chain.CommitVerifier;
import org.mercato.state.tx.TransactionDecoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The block-sync channel (docs/spec/p2p.md §10): decodes its messages (an undecodable one closes the
 * peer with {@code MALFORMED_MESSAGE}), serves GetBlocks through {@link BlockSyncServer} and drives a
 * {@link Syncer}. Register it with the transport (directly or through a
 * {@link org.mercato.p2p.transport.ChannelRouter}); callbacks only enqueue.
 */
public final class BlockSync implements P2pListener, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(BlockSync.class);

  private final SyncConfig config;
  private final BlockSyncServer server;
  private final Syncer syncer;

  private BlockSync(SyncConfig config, BlockSyncServer server, Syncer syncer) {
    this.config = config;
    this.server = server;
    this.syncer = syncer;
  }

  /**
   * Starts serving {@code source} and syncing {@code chain}. {@code workers} serves requests and
   * recovers senders (a shared pool is fine); the sync thread is the chain's only writer until
   * {@link SyncListener#caughtUp}.
   */
  public static BlockSync start(SyncConfig config, Blockchain chain, BlockSource source, CommitVerifier verifier,
      TransactionDecoder decoder, Executor workers, SyncListener listener) {
    BlockSyncServer server = new BlockSyncServer(source, workers, config.channel(), config.maxServedPerPeer(),
        config.responseBudgetBytes());
    Syncer syncer = new Syncer(config, chain, verifier, decoder, workers, listener);
    return new BlockSync(config, server, syncer.start());
  }

  /** As above, serving the chain's own store. */
  public static BlockSync start(SyncConfig config, Blockchain chain, CommitVerifier verifier, TransactionDecoder decoder,
      Executor workers, SyncListener listener) {
    return start(config, chain, BlockSource.of(chain.store()), verifier, decoder, workers, listener);
  }

  public int channel() {
    return config.channel();
  }

  public SyncProgress progress() {
    return syncer.progress();
  }

  public Syncer syncer() {
    return syncer;
  }

  @Override
  public void peerConnected(Peer peer) {
    syncer.onPeerConnected(peer);
  }

  @Override
  public void messageReceived(Peer peer, int channelId, byte[] payload) {
    if (channelId != config.channel()) {
      return;
    }
    MessageResult<SyncMessage> r = SyncCodec.decode(payload);
    if (!r.isOk()) {
      LOG.info("blocksync: closing {}: undecodable message: {}", peer.id(), r);
      peer.disconnect(DisconnectReason.MALFORMED_MESSAGE);
      return;
    }
    SyncMessage m = r.message();
    if (m instanceof Status s) {
      syncer.onStatus(peer, s);
    } else if (m instanceof GetBlocks g) {
      server.onRequest(peer, g);
    } else if (m instanceof Blocks b) {
      syncer.onBlocks(peer, b);
    } else if (m instanceof NoBlocks n) {
      syncer.onNoBlocks(peer, n);
    }
  }

  @Override
  public void peerDisconnected(Peer peer, DisconnectReason reason) {
    server.peerGone(peer);
    syncer.onPeerGone(peer);
  }

  @Override
  public void close() {
    syncer.close();
  }
}
