package org.mercato.p2p.transport;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.mercato.p2p.crypto.NodeId;
import org.mercato.p2p.handshake.Handshake;
import org.mercato.p2p.handshake.Session;
import org.mercato.p2p.peer.BanList;
import org.mercato.p2p.peer.DisconnectReason;
import org.mercato.p2p.peer.Peer;
import org.mercato.p2p.peer.PeerAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's p2p host: listens, dials, runs the secret-connection handshake on every connection,
 * keeps one session per node id, bans misbehaving ids, closes peers that go silent (keep-alive,
 * §7.2) and redials persistent peers with backoff (§7.1) (docs/spec/p2p.md). Carries opaque bytes on
 * the configured channels and nothing else.
 *
 * <p>Pipeline per connection: {@code handshake} ({@link HandshakeHandler}), replaced after the
 * handshake by {@code recvRate} ({@link RecvRateLimiter}, §7.3), {@code frames} ({@link FrameDecoder},
 * length checked before buffering) then
 * {@code session} ({@link SessionHandler}: decrypt, envelope, channel check, listener). Outbound
 * messages are sealed by {@link PeerConnection}'s writer, priority first.
 */
public final class P2pTransport implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(P2pTransport.class);
  private static final WriteBufferWaterMark WATER_MARK = new WriteBufferWaterMark(128 * 1024, 256 * 1024);
  private static final int CONNECT_TIMEOUT_MS = 3_000;

  private final P2pConfig config;
  private final P2pListener listener;
  private final EventLoopGroup group;
  private final BanList bans;
  private final Scheduler scheduler;
  private final Object peersLock = new Object();
  private final Map<NodeId, PeerConnection> peers = new HashMap<>();
  private final List<PersistentPeer> persistent = new ArrayList<>();
  private volatile boolean closed;
  private Channel server;

  private P2pTransport(P2pConfig config, P2pListener listener) {
    this.config = config;
    this.listener = listener;
    this.group = new NioEventLoopGroup(config.ioThreads());
    this.bans = new BanList(config.clock(), config.banDuration());
    this.scheduler = config.scheduler().orElse((task, delay) ->
        group.schedule(task, Math.max(0, delay.toMillis()), TimeUnit.MILLISECONDS));
  }

  /** Binds the listen address and starts dialling the persistent peers. */
  public static P2pTransport start(P2pConfig config, P2pListener listener) throws InterruptedException {
    P2pTransport t = new P2pTransport(config, listener);
    try {
      t.bind();
    } catch (InterruptedException | RuntimeException e) {
      t.group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
      throw e;
    }
    for (PeerAddress a : config.persistentPeers()) {
      PersistentPeer p = new PersistentPeer(a);
      t.persistent.add(p);
      t.maintain(p);
    }
    return t;
  }

  private void bind() throws InterruptedException {
    ServerBootstrap b = new ServerBootstrap()
        .group(group)
        .channel(NioServerSocketChannel.class)
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK)
        .childHandler(initializer(false, Optional.empty(), null));
    server = b.bind(config.listenHost(), config.listenPort()).sync().channel();
    LOG.info("p2p: node {} listening on {}", config.nodeKey().id(), server.localAddress());
  }

  public NodeId nodeId() {
    return config.nodeKey().id();
  }

  public InetSocketAddress localAddress() {
    return (InetSocketAddress) server.localAddress();
  }

  /** {@code ID@HOST:PORT} of this host, as others would dial it. */
  public PeerAddress selfAddress() {
    return PeerAddress.of(nodeId(), localAddress());
  }

  /**
   * Dials a peer; completes with the admitted peer, or exceptionally with a {@link DialException}
   * giving the reason (connect failure: {@code IO_ERROR}).
   */
  public CompletableFuture<Peer> dial(PeerAddress address) {
    CompletableFuture<Peer> result = new CompletableFuture<>();
    if (closed) {
      result.completeExceptionally(new DialException(DisconnectReason.LOCAL_CLOSE, null));
      return result;
    }
    Bootstrap b = new Bootstrap()
        .group(group)
        .channel(NioSocketChannel.class)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, CONNECT_TIMEOUT_MS)
        .option(ChannelOption.TCP_NODELAY, true)
        .option(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK)
        .handler(initializer(true, address.id(), result));
    try {
      b.connect(address.host(), address.port()).addListener(f -> {
        if (!f.isSuccess()) {
          LOG.debug("p2p: dial {} failed: {}", address, f.cause().toString());
          notifyFailed(InetSocketAddress.createUnresolved(address.host(), address.port()), true, DisconnectReason.IO_ERROR);
          result.completeExceptionally(new DialException(DisconnectReason.IO_ERROR, f.cause()));
        }
      });
    } catch (RejectedExecutionException e) {
      result.completeExceptionally(new DialException(DisconnectReason.LOCAL_CLOSE, e));
    }
    return result;
  }

  public List<Peer> peers() {
    synchronized (peersLock) {
      return List.copyOf(peers.values());
    }
  }

  public Optional<Peer> peer(NodeId id) {
    synchronized (peersLock) {
      return Optional.ofNullable(peers.get(id));
    }
  }

  public boolean isBanned(NodeId id) {
    return bans.isBanned(id);
  }

  /** Keep-alive and read-pause counters of every connection since start (docs/spec/p2p.md §7.2, §7.3). */
  public TransportStats stats() {
    return config.stats();
  }

  /** Closes every connection ({@code LOCAL_CLOSE}), stops redials and releases the threads. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (server != null) {
      server.close().syncUninterruptibly();
    }
    for (Peer p : peers()) {
      ((PeerConnection) p).close(DisconnectReason.LOCAL_CLOSE);
    }
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
  }

  // ---- connections ------------------------------------------------------------------------

  private ChannelInitializer<SocketChannel> initializer(
      boolean outbound, Optional<NodeId> expected, CompletableFuture<Peer> dialResult) {
    return new ChannelInitializer<>() {
      @Override
      protected void initChannel(SocketChannel ch) {
        Handshake handshake = new Handshake(config.nodeKey(), config.networkId(), expected, config.random());
        ch.pipeline().addLast("handshake", new HandshakeHandler(handshake, config.handshakeTimeout(),
            new HandshakeHandler.Outcome() {
              @Override
              public DisconnectReason admit(ChannelHandlerContext ctx, Session session) {
                return P2pTransport.this.admit(ctx, session, outbound, dialResult);
              }

              @Override
              public void failed(ChannelHandlerContext ctx, DisconnectReason reason) {
                InetSocketAddress remote = (InetSocketAddress) ctx.channel().remoteAddress();
                LOG.debug("p2p: {} connection {} failed before admission: {}",
                    outbound ? "outbound" : "inbound", remote, reason);
                notifyFailed(remote, outbound, reason);
                if (dialResult != null) {
                  dialResult.completeExceptionally(new DialException(reason, null));
                }
              }
            }));
      }
    };
  }

  /** Peer policy after a successful handshake (§2.4, §6): bans, duplicates, the peer limit. */
  private DisconnectReason admit(ChannelHandlerContext ctx, Session session, boolean outbound,
      CompletableFuture<Peer> dialResult) {
    NodeId id = session.remoteId();
    OutboundQueues queues = new OutboundQueues(config.channels());
    PeerConnection pc = new PeerConnection(ctx.channel(), session, outbound, queues, this::closing, scheduler,
        config.keepAlive(), config.clock(), config.stats());
    PeerConnection replaced = null;
    synchronized (peersLock) {
      if (closed) {
        return DisconnectReason.LOCAL_CLOSE;
      }
      if (bans.isBanned(id)) {
        return DisconnectReason.BANNED;
      }
      PeerConnection existing = peers.get(id);
      if (existing != null) {
        if (!keepNewOverExisting(id, outbound, existing)) {
          return DisconnectReason.DUPLICATE_PEER;
        }
        replaced = existing;
      } else if (peers.size() >= config.maxPeers()) {
        return DisconnectReason.TOO_MANY_PEERS;
      }
      peers.put(id, pc);
    }
    if (replaced != null) {
      replaced.close(DisconnectReason.DUPLICATE_PEER);
    }
    ctx.pipeline().addAfter(ctx.name(), "recvRate", new RecvRateLimiter(config.recvRate(), config.clock(), scheduler,
        config.stats()));
    ctx.pipeline().addAfter("recvRate", "frames", new FrameDecoder());
    ctx.pipeline().addAfter("frames", "session", new SessionHandler(pc, queues, listener, () -> onInactive(pc)));
    pc.keepAlive().start();
    LOG.debug("p2p: connected {}", pc);
    try {
      listener.peerConnected(pc);
    } catch (RuntimeException e) {
      LOG.warn("p2p listener failed on connect of {}", id, e);
    }
    if (dialResult != null) {
      dialResult.complete(pc);
    }
    return null;
  }

  /** Of two sessions with one node, both sides keep the one whose dialer has the lower id (§6). */
  private boolean keepNewOverExisting(NodeId remote, boolean newOutbound, PeerConnection existing) {
    if (newOutbound == existing.outbound()) {
      return false;
    }
    NodeId newDialer = newOutbound ? nodeId() : remote;
    NodeId oldDialer = existing.outbound() ? nodeId() : remote;
    return newDialer.compareTo(oldDialer) < 0;
  }

  /** The first reason a peer's connection closes for: logged once, and banned if it misbehaved. */
  private void closing(PeerConnection pc, DisconnectReason reason) {
    if (reason.misbehaviour()) {
      bans.ban(pc.id());
      LOG.info("p2p: closing {}: {}; banned for {}", pc, reason, config.banDuration());
    } else {
      LOG.debug("p2p: closing {}: {}", pc, reason);
    }
  }

  private void onInactive(PeerConnection pc) {
    synchronized (peersLock) {
      peers.remove(pc.id(), pc);
    }
    config.stats().disconnects().record(pc.closeReason());
    try {
      listener.peerDisconnected(pc, pc.closeReason());
    } catch (RuntimeException e) {
      LOG.warn("p2p listener failed on disconnect of {}", pc.id(), e);
    }
    for (PersistentPeer p : persistent) {
      if (p.address.id().map(pc.id()::equals).orElse(false) || p.connection == pc) {
        scheduleRedial(p);
      }
    }
  }

  private void notifyFailed(InetSocketAddress remote, boolean outbound, DisconnectReason reason) {
    config.stats().disconnects().record(reason);
    try {
      listener.connectionFailed(remote, outbound, reason);
    } catch (RuntimeException e) {
      LOG.warn("p2p listener failed on a connection failure", e);
    }
  }

  // ---- persistent peers (§7) ------------------------------------------------------------------

  private static final class PersistentPeer {
    final PeerAddress address;
    int attempts;
    boolean redialPending;
    volatile PeerConnection connection;

    PersistentPeer(PeerAddress address) {
      this.address = address;
    }
  }

  private void maintain(PersistentPeer p) {
    if (closed) {
      return;
    }
    if (p.address.id().isPresent() && peer(p.address.id().get()).isPresent()) {
      synchronized (p) {
        p.attempts = 0;
      }
      return; // connected (perhaps it dialled us); its disconnect schedules the next attempt
    }
    if (p.address.id().isPresent() && bans.isBanned(p.address.id().get())) {
      scheduleRedial(p);
      return;
    }
    dial(p.address).whenComplete((peer, err) -> {
      if (err == null) {
        p.connection = (PeerConnection) peer;
        synchronized (p) {
          p.attempts = 0;
        }
      } else {
        scheduleRedial(p);
      }
    });
  }

  private void scheduleRedial(PersistentPeer p) {
    java.time.Duration delay;
    synchronized (p) {
      if (closed || p.redialPending) {
        return;
      }
      p.redialPending = true;
      delay = config.backoff().delay(p.attempts++);
    }
    LOG.debug("p2p: redial {} in {} ms", p.address, delay.toMillis());
    try {
      scheduler.schedule(() -> {
        synchronized (p) {
          p.redialPending = false;
        }
        maintain(p);
      }, delay);
    } catch (RejectedExecutionException e) {
      // shutting down
    }
  }
}
