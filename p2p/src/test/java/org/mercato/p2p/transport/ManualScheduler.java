package org.mercato.p2p.transport;

import java.time.Duration;
import java.util.Comparator;
import java.util.PriorityQueue;

/**
 * A {@link Scheduler} on virtual time that the test advances by hand: due tasks run on the test's
 * thread, in due order. Nothing happens between advances, so timeouts fire exactly when the test says.
 */
final class ManualScheduler implements Scheduler {
  private record Task(long due, long seq, Runnable task) {}

  private final PriorityQueue<Task> tasks =
      new PriorityQueue<>(Comparator.comparingLong(Task::due).thenComparingLong(Task::seq));
  private long nowMillis;
  private long seq;

  @Override
  public synchronized void schedule(Runnable task, Duration delay) {
    tasks.add(new Task(nowMillis + Math.max(0, delay.toMillis()), seq++, task));
  }

  /** Moves virtual time forward by {@code d}, running every task that falls due meanwhile. */
  void advance(Duration d) {
    long target;
    synchronized (this) {
      target = nowMillis + d.toMillis();
    }
    while (true) {
      Task t;
      synchronized (this) {
        t = tasks.peek();
        if (t == null || t.due() > target) {
          nowMillis = target;
          return;
        }
        tasks.poll();
        nowMillis = t.due();
      }
      t.task().run();
    }
  }
}
