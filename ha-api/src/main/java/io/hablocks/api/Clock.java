package io.hablocks.api;

import io.hablocks.api.internal.SystemClock;
import java.time.Duration;
import java.time.Instant;

/**
 * The only source of time and timers in ha-blocks: every timeout, interval and delay in every
 * module goes through a {@code Clock}, so tests run time forward (ha-testkit's {@code ManualClock})
 * instead of sleeping.
 *
 * <p>Contract: {@link #nanoTime()} is monotonic and never goes back; {@link #instant()} is wall
 * time and may jump. Tasks given to {@link #schedule} run once, no earlier than the delay after the
 * call, in due-time order (equal due times in submission order), on the clock's own thread for
 * the system clock or on the thread that advances a manual clock. A task must not block: it may
 * schedule further tasks. An exception thrown by a task does not stop the clock: the system clock reports
 * it through {@link System.Logger} {@code io.hablocks.api.Clock}, a manual clock rethrows it to
 * the thread that advanced time; tasks should handle their own failures. Implementations are thread-safe.
 */
public interface Clock {

  /** @return monotonic time in nanoseconds, with an arbitrary origin */
  long nanoTime();

  /** @return the current wall-clock time */
  Instant instant();

  /**
   * Runs a task once after a delay.
   *
   * @param delay how long from now; zero or negative runs it as soon as possible
   * @param task the task; must not block
   * @return a handle that cancels the task if it has not run
   */
  Cancellable schedule(Duration delay, Runnable task);

  /** @return the monotonic time as a Duration since the clock's origin */
  default Duration elapsed() {
    return Duration.ofNanos(nanoTime());
  }

  /**
   * The clock of the machine: {@link System#nanoTime()}, {@link Instant#now()}, and one daemon
   * timer thread shared by every user of the system clock.
   *
   * @return the shared system clock
   */
  static Clock system() {
    return SystemClock.INSTANCE;
  }
}
