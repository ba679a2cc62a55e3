package io.hablocks.api.internal;

import io.hablocks.api.Cancellable;
import io.hablocks.api.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The machine's clock. This is the one place in ha-blocks that owns a scheduled executor: one
 * daemon thread that runs every timer of every module that uses {@link Clock#system()}.
 */
public final class SystemClock implements Clock {

  /** The shared instance. */
  public static final SystemClock INSTANCE = new SystemClock();

  private static final System.Logger LOG = System.getLogger(Clock.class.getName());

  private final ScheduledThreadPoolExecutor timer;

  private SystemClock() {
    timer = new ScheduledThreadPoolExecutor(1, r -> {
      Thread t = new Thread(r, "ha-clock");
      t.setDaemon(true);
      return t;
    });
    timer.setRemoveOnCancelPolicy(true);
  }

  @Override
  public long nanoTime() {
    return System.nanoTime();
  }

  @Override
  public Instant instant() {
    return Instant.now();
  }

  @Override
  public Cancellable schedule(Duration delay, Runnable task) {
    long nanos = Math.max(0, delay.toNanos());
    Future<?> f = timer.schedule(() -> {
      try {
        task.run();
      } catch (RuntimeException e) {
        // Tasks own their failures (see Clock); report and keep the timer thread alive.
        LOG.log(System.Logger.Level.WARNING, "clock task failed", e);
      }
    }, nanos, TimeUnit.NANOSECONDS);
    return () -> f.cancel(false);
  }

  @Override
  public String toString() {
    return "SystemClock";
  }
}
