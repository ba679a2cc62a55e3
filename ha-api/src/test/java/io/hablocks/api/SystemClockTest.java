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
    CountDownLatch ran = new CountDownLatch(1);
    AtomicBoolean cancelledRan = new AtomicBoolean();
    Cancellable c = clock.schedule(Duration.ofMillis(50), () -> cancelledRan.set(true));
    assertThat(c.cancel()).isTrue();
    assertThat(c.cancel()).isFalse();
    // A later task runs after the cancelled one's due time, which proves the latter never ran.
    clock.schedule(Duration.ofMillis(80), ran::countDown);
    assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();
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
    assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();
  }
}
