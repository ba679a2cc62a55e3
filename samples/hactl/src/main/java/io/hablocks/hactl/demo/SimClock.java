package io.hablocks.hactl.demo;

import io.hablocks.api.Cancellable;
import io.hablocks.api.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.function.BooleanSupplier;

/**
 * A simulated {@link Clock} for the demo: time stands still until {@link #advance} moves it,
 * running due tasks on the calling thread in due-time order (ties in scheduling order). The same
 * idea as ha-testkit's {@code ManualClock}, which is a test artifact and so not on hactl's
 * runtime class path; kept small here.
 */
public final class SimClock implements Clock {

  private final Object lock = new Object();
  private final PriorityQueue<Task> queue = new PriorityQueue<>();
  private final Instant wallOrigin;
  private long now;
  private long sequence;

  /** @param wallOrigin the wall time at simulated time zero */
  public SimClock(Instant wallOrigin) {
    this.wallOrigin = Objects.requireNonNull(wallOrigin, "wallOrigin");
  }

  @Override
  public long nanoTime() {
    synchronized (lock) {
      return now;
    }
  }

  @Override
  public Instant instant() {
    return wallOrigin.plusNanos(nanoTime());
  }

  @Override
  public Cancellable schedule(Duration delay, Runnable task) {
    Objects.requireNonNull(task, "task");
    synchronized (lock) {
      Task t = new Task(now + Math.max(0, delay.toNanos()), sequence++, task);
      queue.add(t);
      return t;
    }
  }

  /**
   * Moves time forward, running what falls due.
   *
   * @param amount how far; not negative
   */
  public void advance(Duration amount) {
    if (amount.isNegative()) {
      throw new IllegalArgumentException("time cannot go back: " + amount);
    }
    runUntil(nanoTime() + amount.toNanos());
  }

  /**
   * Moves time forward task by task until the condition holds.
   *
   * @param condition what to wait for
   * @param limit the most simulated time to move
   * @param what the condition in words, for the error
   * @throws IllegalStateException naming the condition if it is still false after the limit
   */
  public void advanceUntil(BooleanSupplier condition, Duration limit, String what) {
    long end = nanoTime() + limit.toNanos();
    while (!condition.getAsBoolean()) {
      Long next;
      synchronized (lock) {
        while (!queue.isEmpty() && queue.peek().cancelled) {
          queue.poll();
        }
        next = queue.isEmpty() ? null : queue.peek().due;
      }
      if (next == null || next > end) {
        runUntil(end);
        if (condition.getAsBoolean()) {
          return;
        }
        throw new IllegalStateException("demo: " + what + " did not happen within " + limit
            + " of simulated time");
      }
      runUntil(next);
    }
  }

  private void runUntil(long target) {
    while (true) {
      Task t;
      synchronized (lock) {
        t = queue.peek();
        if (t == null || t.due > target) {
          now = Math.max(now, target);
          return;
        }
        queue.poll();
        if (t.cancelled) {
          continue;
        }
        now = Math.max(now, t.due);
        t.started = true;
      }
      t.task.run();
    }
  }

  private final class Task implements Comparable<Task>, Cancellable {
    final long due;
    final long seq;
    final Runnable task;
    boolean cancelled;
    boolean started;

    Task(long due, long seq, Runnable task) {
      this.due = due;
      this.seq = seq;
      this.task = task;
    }

    @Override
    public boolean cancel() {
      synchronized (lock) {
        if (cancelled || started) {
          return false;
        }
        cancelled = true;
        return true;
      }
    }

    @Override
    public int compareTo(Task o) {
      int c = Long.compare(due, o.due);
      return c != 0 ? c : Long.compare(seq, o.seq);
    }
  }
}
