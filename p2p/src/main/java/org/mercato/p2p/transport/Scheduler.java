package org.mercato.p2p.transport;

import java.time.Duration;

/** Runs a task later (redials). Injected so tests control time; the default uses netty's event loop. */
@FunctionalInterface
public interface Scheduler {
  void schedule(Runnable task, Duration delay);
}
