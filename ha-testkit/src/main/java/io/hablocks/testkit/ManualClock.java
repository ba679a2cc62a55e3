package io.hablocks.testkit;

import io.hablocks.api.Cancellable;
import io.hablocks.api.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.function.BooleanSupplier;

/**
 * A {@link Clock} that stands still until a test moves it. {@link #advance} runs every task that
 * falls due, on the calling thread, in due-time order (equal due times in the order they were
 * scheduled), with {@link #nanoTime()} set to each task's due time while it runs; tasks scheduled
 * by tasks run in the same advance if they fall due within it. Nothing sleeps, so a test of a
 * 3-second failover takes microseconds and gives the same result every run.
 *
 * <p>Thread-safe: other threads may schedule and read time while one thread advances. A task
 * that throws stops the advance at its due time and the exception reaches the advancing thread.
 */
public final class ManualClock implements Clock {

  private final Object lock = new Object();
  private final PriorityQueue<Task> queue = new PriorityQueue<>();
  private final Instant wallOrigin;
  private long now;
  private long sequence;

  /** A clock at monotonic time 0 and wall time 2026-01-01T00:00:00Z. */
  public ManualClock() {
    this(Instant.parse("2026-01-01T00:00:00Z"));
  }

  /**
   * A clock at monotonic time 0 and the given wall time.
   *
   * @param wallTime the wall time at monotonic 0
   */
  public ManualClock(Instant wallTime) {
    this.wallOrigin = Objects.requireNonNull(wallTime, "wallTime");
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
      long due = now + Math.max(0, delay.toNanos());
      Task t = new Task(due, sequence++, task);
      queue.add(t);
      return t;
    }
  }

  /**
   * Moves time forward, running what falls due.
   *
   * @param amount how far; not negative
   * @return this clock
   */
  public ManualClock advance(Duration amount) {
    if (amount.isNegative()) {
      throw new IllegalArgumentException("time cannot go back: " + amount);
    }
    long target;
    synchronized (lock) {
      target = now + amount.toNanos();
    }
    runUntil(target);
    return this;
  }

  /**
   * Runs the tasks due now (delay zero) without moving time.
   *
   * @return this clock
   */
  public ManualClock runDue() {
    return advance(Duration.ZERO);
  }

  /**
   * Moves time forward task by task until the condition holds, and no further.
   *
   * @param condition what to wait for; checked before each step
   * @param limit the most time to move
   * @return the time moved
   * @throws AssertionError if the condition is still false after {@code limit}
   */
  public Duration advanceUntil(BooleanSupplier condition, Duration limit) {
    long start = nanoTime();
    long end = start + limit.toNanos();
    while (!condition.getAsBoolean()) {
      Long next = nextDueNanos();
      if (next == null || next > end) {
        runUntil(end);
        if (condition.getAsBoolean()) {
          break;
        }
        throw new AssertionError("condition still false after " + limit);
      }
      runUntil(next);
    }
    return Duration.ofNanos(nanoTime() - start);
  }

  /** @return the number of tasks waiting (cancelled ones excluded) */
  public int pendingTasks() {
    synchronized (lock) {
      return (int) queue.stream().filter(t -> !t.cancelled).count();
    }
  }

  /** @return the time until the next task is due, or null if none waits */
  public Duration nextDue() {
    Long next = nextDueNanos();
    return next == null ? null : Duration.ofNanos(next - nanoTime());
  }

  private Long nextDueNanos() {
    synchronized (lock) {
      while (!queue.isEmpty() && queue.peek().cancelled) {
        queue.poll();
      }
      return queue.isEmpty() ? null : queue.peek().due;
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

  @Override
  public String toString() {
    return "ManualClock[" + Duration.ofNanos(nanoTime()) + "]";
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
