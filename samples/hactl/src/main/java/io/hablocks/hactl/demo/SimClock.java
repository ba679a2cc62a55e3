package io.hablocks.hactl.demo;

import io.hablocks.api.Cancellable;
import io.hablocks.api.Clock;
import io.hablocks.testkit.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;

/**
 * The demo's simulated time: ha-testkit's {@link ManualClock} (tasks run in due order on the
 * thread that advances it), with failures worded for a person running {@code hactl demo} rather
 * than for a test report.
 */
public final class SimClock implements Clock {

  private final ManualClock clock;

  /**
   * A clock at simulated time 0.
   *
   * @param wallOrigin the wall time at simulated time 0
   */
  public SimClock(Instant wallOrigin) {
    this.clock = new ManualClock(wallOrigin);
  }

  @Override
  public long nanoTime() {
    return clock.nanoTime();
  }

  @Override
  public Instant instant() {
    return clock.instant();
  }

  @Override
  public Cancellable schedule(Duration delay, Runnable task) {
    return clock.schedule(delay, task);
  }

  /**
   * Moves simulated time forward, running what falls due.
   *
   * @param amount how far
   */
  public void advance(Duration amount) {
    clock.advance(amount);
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
    try {
      clock.advanceUntil(condition, limit);
    } catch (AssertionError e) {
      throw new IllegalStateException("demo: " + what + " did not happen within " + limit
          + " of simulated time");
    }
  }
}
