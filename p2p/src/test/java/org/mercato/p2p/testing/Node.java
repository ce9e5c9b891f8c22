package org.mercato.p2p.testing;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.mercato.p2p.crypto.NodeKey;
import org.mercato.p2p.peer.Backoff;
import org.mercato.p2p.peer.Peer;
import org.mercato.p2p.transport.ChannelDescriptor;
import org.mercato.p2p.transport.ChannelRouter;
import org.mercato.p2p.transport.P2pConfig;
import org.mercato.p2p.transport.P2pTransport;
import org.mercato.state.testing.TestChain;

/** One test node: a real chain over temp RocksDB, a loopback transport, a router and a worker pool. */
public final class Node implements AutoCloseable {
  public static final SecureRandom RANDOM = new SecureRandom();
  public static final long NETWORK = 31337;
  public static final int CONSENSUS = 0;
  public static final int MEMPOOL = 1;
  public static final int BLOCKSYNC = 2;
  public static final List<ChannelDescriptor> CHANNELS = List.of(
      new ChannelDescriptor(CONSENSUS, "consensus", 0, 1_024, 16L << 20),
      new ChannelDescriptor(MEMPOOL, "mempool", 1, 4_096, 32L << 20),
      new ChannelDescriptor(BLOCKSYNC, "blocksync", 2, 256, 64L << 20));

  public final TestChain chain;
  public final NodeKey key = NodeKey.random(RANDOM);
  public final ChannelRouter router = new ChannelRouter();
  public final ExecutorService workers = Executors.newFixedThreadPool(2);
  private P2pTransport transport;
  private final List<AutoCloseable> closeables = new java.util.ArrayList<>();

  public Node(Path dir) {
    this.chain = TestChain.open(dir, Chains.params());
  }

  /** Starts the transport once every channel owner is routed. */
  public P2pTransport start() throws InterruptedException {
    P2pConfig config = P2pConfig.defaults(key, NETWORK, "127.0.0.1", 0, CHANNELS)
        .withTimings(Duration.ofSeconds(5), Duration.ofMinutes(10), new Backoff(Duration.ofMillis(50), Duration.ofMillis(400)),
            Clock.systemUTC());
    transport = P2pTransport.start(config, router);
    return transport;
  }

  public P2pTransport transport() {
    return transport;
  }

  public <T extends AutoCloseable> T own(T c) {
    closeables.add(c);
    return c;
  }

  public Peer dial(Node other) throws Exception {
    return transport.dial(other.transport.selfAddress()).get(10, TimeUnit.SECONDS);
  }

  /** Closes {@code nodes} newest first, the reverse of the order they were opened in. */
  public static void closeAll(List<Node> nodes) {
    for (int i = nodes.size() - 1; i >= 0; i--) {
      nodes.get(i).close();
    }
  }

  public static void await(String what, BooleanSupplier condition) {
    await(what, Duration.ofSeconds(60), condition);
  }

  public static void await(String what, Duration timeout, BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  @Override
  public void close() {
    for (int i = closeables.size() - 1; i >= 0; i--) {
      try {
        closeables.get(i).close();
      } catch (Exception e) {
        // best effort
      }
    }
    if (transport != null) {
      transport.close();
    }
    workers.shutdownNow();
    chain.close();
  }
}
