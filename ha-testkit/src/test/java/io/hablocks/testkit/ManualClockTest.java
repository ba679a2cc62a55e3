package io.hablocks.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hablocks.api.Cancellable;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ManualClockTest {

  private final ManualClock clock = new ManualClock(Instant.parse("2026-11-25T00:00:00Z"));
  private final List<String> log = new ArrayList<>();

  @Test
  void runsDueTasksInOrderAtTheirOwnTime() {
    clock.schedule(Duration.ofSeconds(3), () -> log.add("c@" + clock.elapsed().toMillis()));
    clock.schedule(Duration.ofSeconds(1), () -> log.add("a@" + clock.elapsed().toMillis()));
    clock.schedule(Duration.ofSeconds(1), () -> log.add("b@" + clock.elapsed().toMillis()));
    clock.advance(Duration.ofMillis(2500));
    assertThat(log).containsExactly("a@1000", "b@1000");
    assertThat(clock.elapsed()).isEqualTo(Duration.ofMillis(2500));
    assertThat(clock.instant()).isEqualTo(Instant.parse("2026-11-25T00:00:02.500Z"));
    clock.advance(Duration.ofSeconds(1));
    assertThat(log).containsExactly("a@1000", "b@1000", "c@3000");
  }

  @Test
  void tasksScheduledByTasksRunInTheSameAdvance() {
    AtomicInteger ticks = new AtomicInteger();
    Runnable[] tick = new Runnable[1];
    tick[0] = () -> {
      ticks.incrementAndGet();
      clock.schedule(Duration.ofSeconds(1), tick[0]);
    };
    clock.schedule(Duration.ofSeconds(1), tick[0]);
    clock.advance(Duration.ofSeconds(10));
    assertThat(ticks).hasValue(10);
    assertThat(clock.pendingTasks()).isEqualTo(1);
    assertThat(clock.nextDue()).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void cancelledTasksDoNotRun() {
    Cancellable c = clock.schedule(Duration.ofSeconds(1), () -> log.add("x"));
    assertThat(c.cancel()).isTrue();
    assertThat(c.cancel()).isFalse();
    clock.advance(Duration.ofSeconds(2));
    assertThat(log).isEmpty();
    Cancellable done = clock.schedule(Duration.ZERO, () -> log.add("y"));
    clock.runDue();
    assertThat(done.cancel()).isFalse();
    assertThat(log).containsExactly("y");
  }

  @Test
  void advanceUntilStopsWhenTheConditionHolds() {
    clock.schedule(Duration.ofMillis(3610), () -> log.add("master"));
    clock.schedule(Duration.ofSeconds(5), () -> log.add("later"));
    Duration took = clock.advanceUntil(() -> log.contains("master"), Duration.ofSeconds(10));
    assertThat(took).isEqualTo(Duration.ofMillis(3610));
    assertThat(log).containsExactly("master");
    assertThatThrownBy(() -> clock.advanceUntil(() -> false, Duration.ofSeconds(2)))
        .isInstanceOf(AssertionError.class).hasMessageContaining("PT2S");
  }

  @Test
  void aThrowingTaskReachesTheAdvancingThreadAndStopsThere() {
    clock.schedule(Duration.ofSeconds(1), () -> {
      throw new IllegalStateException("boom");
    });
    clock.schedule(Duration.ofSeconds(2), () -> log.add("after"));
    assertThatThrownBy(() -> clock.advance(Duration.ofSeconds(5))).hasMessage("boom");
    assertThat(clock.elapsed()).isEqualTo(Duration.ofSeconds(1));
    clock.advance(Duration.ofSeconds(1));
    assertThat(log).containsExactly("after");
  }

  @Test
  void timeNeverGoesBack() {
    assertThatThrownBy(() -> clock.advance(Duration.ofSeconds(-1)))
        .hasMessageContaining("cannot go back");
  }
}
