package org.mercato.consensus.engine;

import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The one consensus thread: every engine task (inbound message, timer, block build, commit) runs
 * here, one at a time. The node adapts a single-threaded {@link ScheduledExecutorService}
 * ({@link #of}); tests use a manual scheduler with simulated time.
 */
public interface ConsensusScheduler {
  /** Runs {@code task} on the consensus thread, after the tasks already queued. */
  void execute(Runnable task);

  /** Runs {@code task} on the consensus thread after {@code delay}. */
  void schedule(Runnable task, Duration delay);

  /**
   * {@code executor} must be single-threaded. A scheduled executor keeps a task's exception in a
   * future nobody reads, so every task is wrapped to log what it throws: a failure on the consensus
   * thread must leave a trace, not a silent stall.
   */
  static ConsensusScheduler of(ScheduledExecutorService executor) {
    return new ConsensusScheduler() {
      @Override
      public void execute(Runnable task) {
        executor.execute(logged(task, executor));
      }

      @Override
      public void schedule(Runnable task, Duration delay) {
        executor.schedule(logged(task, executor), delay.toNanos(), TimeUnit.NANOSECONDS);
      }
    };
  }

  private static Runnable logged(Runnable task, ScheduledExecutorService executor) {
    return () -> {
      try {
        task.run();
      } catch (RejectedExecutionException e) {
        if (executor.isShutdown()) {
          // The node is stopping: a task that still schedules its next timer is refused. Not a failure.
          org.slf4j.LoggerFactory.getLogger(ConsensusScheduler.class).debug("Consensus task refused while stopping: {}", e.toString());
          return;
        }
        org.slf4j.LoggerFactory.getLogger(ConsensusScheduler.class).error("Consensus task failed", e);
        throw e;
      } catch (RuntimeException | Error e) {
        org.slf4j.LoggerFactory.getLogger(ConsensusScheduler.class).error("Consensus task failed", e);
        throw e;
      }
    };
  }
}
