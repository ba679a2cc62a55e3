package io.hablocks.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class SystemClockTest {

  @Test
  void runsScheduledTasksAndHonoursCancel() throws InterruptedException {
    Clock clock = Clock.system();
    // Hold the single timer thread so the task to cancel cannot start, whatever the load.
    CountDownLatch holding = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    clock.schedule(Duration.ZERO, () -> {
      holding.countDown();
      try {
        release.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    assertThat(holding.await(30, TimeUnit.SECONDS)).isTrue();
    AtomicBoolean cancelledRan = new AtomicBoolean();
    Cancellable c = clock.schedule(Duration.ZERO, () -> cancelledRan.set(true));
    CountDownLatch ran = new CountDownLatch(1);
    clock.schedule(Duration.ofMillis(1), ran::countDown);
    assertThat(c.cancel()).isTrue();
    assertThat(c.cancel()).isFalse();
    release.countDown();
    // The later task runs after the cancelled one's due time: the cancelled one never ran.
    assertThat(ran.await(30, TimeUnit.SECONDS)).isTrue();
    assertThat(cancelledRan).isFalse();
  }

  @Test
  void aFailingTaskDoesNotStopTheTimer() throws InterruptedException {
    Clock clock = Clock.system();
    clock.schedule(Duration.ZERO, () -> {
      throw new IllegalStateException("boom");
    });
    CountDownLatch ran = new CountDownLatch(1);
    clock.schedule(Duration.ofMillis(1), ran::countDown);
    assertThat(ran.await(30, TimeUnit.SECONDS)).isTrue();
  }
}
