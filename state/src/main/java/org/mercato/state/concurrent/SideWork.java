package org.mercato.state.concurrent;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Pure work a single-threaded caller (the consensus or block-sync thread) hands to the machine's
 * other cores while it does something else, such as hashing the transactions root during
 * execution (docs/spec/state.md §4 "Work on other cores").
 *
 * <p>A task is claimed exactly once: by a helper thread, or by the caller in {@link Pending#join}
 * when no helper has picked it up yet. So a busy or saturated pool never makes the caller wait for
 * work that has not started, and tasks may start side work of their own without deadlock. Only
 * pure computations belong here (no I/O, no shared mutable state): the result is the same on
 * whichever thread runs them, so execution stays deterministic.
 */
public final class SideWork implements AutoCloseable {
  private final ExecutorService pool; // null: every task runs on its caller, in join

  private SideWork(ExecutorService pool) {
    this.pool = pool;
  }

  /** No helper threads: each task runs when its result is joined (tests, tools, a one-core machine). */
  public static SideWork inline() {
    return new SideWork(null);
  }

  /** {@code threads} daemon helpers named side-work-N; close to stop them. */
  public static SideWork threads(int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be positive");
    }
    AtomicInteger n = new AtomicInteger();
    return new SideWork(Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "side-work-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    }));
  }

  /** One helper per core beside the caller's (at least one): what a node uses. */
  public static SideWork forThisMachine() {
    return threads(Math.max(1, Runtime.getRuntime().availableProcessors() - 1));
  }

  /** Whether a task may run on another thread (splitting work is pointless otherwise). */
  public boolean parallel() {
    return pool != null;
  }

  /** Offers {@code task} to a helper thread and returns at once. */
  public <T> Pending<T> start(Supplier<T> task) {
    Pending<T> p = new Pending<>(task);
    if (pool != null) {
      try {
        pool.execute(p::runIfUnclaimed);
      } catch (RejectedExecutionException closed) {
        // closed or saturated: the caller runs it in join
      }
    }
    return p;
  }

  @Override
  public void close() {
    if (pool != null) {
      pool.shutdownNow();
    }
  }

  /** A started task: {@link #join} returns its result, running it here if no helper took it. */
  public static final class Pending<T> {
    private final Supplier<T> task;
    private final AtomicBoolean claimed = new AtomicBoolean();
    private final CompletableFuture<T> result = new CompletableFuture<>();

    private Pending(Supplier<T> task) {
      this.task = task;
    }

    private void runIfUnclaimed() {
      if (claimed.compareAndSet(false, true)) {
        try {
          result.complete(task.get());
        } catch (Throwable e) {
          result.completeExceptionally(e);
        }
      }
    }

    /** The task's result; rethrows what it threw (unchecked exceptions and errors as themselves). */
    public T join() {
      runIfUnclaimed();
      try {
        return result.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for side work", e);
      } catch (ExecutionException e) {
        Throwable c = e.getCause();
        if (c instanceof RuntimeException re) {
          throw re;
        }
        if (c instanceof Error err) {
          throw err;
        }
        throw new IllegalStateException(c);
      }
    }
  }
}
