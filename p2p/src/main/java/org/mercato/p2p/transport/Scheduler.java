package org.mercato.p2p.transport;

import java.time.Duration;

/**
 * Runs a task later (redials, keep-alive checks: docs/spec/p2p.md §7). Injected so tests control time; the
 * default uses netty's event loops. May run the task on any thread.
 */
@FunctionalInterface
public interface Scheduler {
  void schedule(Runnable task, Duration delay);
}
