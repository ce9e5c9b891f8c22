package org.mercato.consensus.engine;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.PriorityQueue;

/** A single-threaded scheduler with simulated time: tasks run only when the test advances it. Also the engines' clock. */
final class ManualScheduler implements ConsensusScheduler {
  private record Task(long at, long seq, Runnable run) {}

  private final Instant epoch;
  private final PriorityQueue<Task> tasks = new PriorityQueue<>(Comparator.comparingLong(Task::at).thenComparingLong(Task::seq));
  private long now;
  private long seq;

  ManualScheduler(Instant epoch) {
    this.epoch = epoch;
  }

  @Override
  public void execute(Runnable task) {
    tasks.add(new Task(now, seq++, task));
  }

  @Override
  public void schedule(Runnable task, Duration delay) {
    tasks.add(new Task(now + delay.toNanos(), seq++, task));
  }

  /** Runs everything due up to now + {@code d}, in time order, then sets the time to now + {@code d}. */
  void advance(Duration d) {
    long target = now + d.toNanos();
    while (!tasks.isEmpty() && tasks.peek().at() <= target) {
      Task t = tasks.poll();
      now = Math.max(now, t.at());
      t.run().run();
    }
    now = target;
  }

  void runDue() {
    advance(Duration.ZERO);
  }

  Clock clock() {
    return new Clock() {
      @Override
      public ZoneId getZone() {
        return ZoneOffset.UTC;
      }

      @Override
      public Clock withZone(ZoneId zone) {
        return this;
      }

      @Override
      public Instant instant() {
        return epoch.plusNanos(now);
      }
    };
  }
}
