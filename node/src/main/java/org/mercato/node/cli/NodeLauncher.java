package org.mercato.node.cli;

import java.io.PrintStream;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.mercato.node.MercatoNode;
import org.mercato.node.config.NodeConfig;
import org.mercato.node.network.ValidatorNetwork;
import org.mercato.state.chain.ChainParameters;
import org.mercato.state.crypto.Secp256k1;

/** Starts a node, stops it cleanly on SIGINT/SIGTERM, and blocks until then. Shared by `dev` and `node`. */
final class NodeLauncher {
  private NodeLauncher() {}

  static MercatoNode start(ChainParameters params, NodeConfig config, MercatoNode.DevSettings dev, Secp256k1 curve) {
    return started(new MercatoNode(params, config, dev, curve, List.of(), Clock.systemUTC()));
  }

  static MercatoNode startBft(ChainParameters params, NodeConfig config, ValidatorNetwork.Settings settings, Secp256k1 curve) {
    return started(new MercatoNode(params, config, settings, curve, List.of(), Clock.systemUTC()));
  }

  /** Starts {@code node}; if starting fails, closes what it opened and rethrows. */
  private static MercatoNode started(MercatoNode node) {
    try {
      node.start();
    } catch (RuntimeException e) {
      node.close();
      throw e;
    }
    return node;
  }

  static int runUntilStopped(MercatoNode node, PrintStream out) {
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      node.close();
      stopped.countDown();
    }, "shutdown"));
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 0;
  }
}
