package io.hablocks.stonith;

import static org.assertj.core.api.Assertions.assertThat;

import io.hablocks.api.fence.FenceAction;
import io.hablocks.api.fence.FenceResult;
import io.hablocks.stonith.FenceOperation.DeviceOutcome;
import io.hablocks.testkit.ManualClock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The fencer's logic on a manual clock with Java fence devices. */
// a hang fails the test instead of stalling the build
@Timeout(30)
class FencerTest {

  private final ManualClock clock = new ManualClock();

  private Fencer.Builder builder() {
    return Fencer.builder(clock, "n1").executor(Runnable::run);
  }

  private static StonithDevice dev(ScriptedDevice d, String... kv) {
    Map<String, String> m = new java.util.LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    return StonithDevice.java(d, m);
  }

  @Test
  void offThroughAStaticListAndTheHistorySaysWhoWhatWhen() {
    ScriptedDevice a = new ScriptedDevice("a", clock);
    try (Fencer f = builder().device(dev(a, "pcmk_host_list", "n2 n3")).build()) {
      clock.advance(Duration.ofSeconds(5));
      CompletableFuture<FenceOperation> fut = f.fence("n2", FenceAction.OFF, "crmd");
      FenceOperation op = fut.getNow(null);
      assertThat(op).isNotNull();
      assertThat(op.state()).isEqualTo(FenceOperation.State.DONE);
      assertThat(a.calls).extracting(ScriptedDevice.Call::action, ScriptedDevice.Call::plug)
          .containsExactly(org.assertj.core.groups.Tuple.tuple(FenceAction.OFF, "n2"));
      assertThat(a.calls.get(0).timeout()).isEqualTo(Duration.ofSeconds(60));
      assertThat(f.history()).containsExactly(op);
      assertThat(op.origin()).isEqualTo("n1");
      assertThat(op.executor()).isEqualTo("n1");
      assertThat(op.clients()).containsExactly("crmd@n1");
      assertThat(op.devices()).containsExactly(new DeviceOutcome(1, "a", "off", 0, 1, ""));
      assertThat(op.requested()).isEqualTo(clock.instant());
      assertThat(op.completed()).isEqualTo(clock.instant());
      assertThat(f.history("n3")).isEmpty();
      FenceOperation none = f.fence("n9", FenceAction.OFF, "crmd").getNow(null);
      assertThat(none.state()).isEqualTo(FenceOperation.State.FAILED);
      assertThat(none.reason()).isEqualTo("no fence device can fence n9");
      assertThat(f.history("n9")).containsExactly(none);
      assertThat(f.history()).hasSize(2);
    }
  }

  @Test
  void hostMapActionMapAndHostArgumentReachTheDevice() {
    ScriptedDevice a = new ScriptedDevice("a", clock);
    try (Fencer f = builder().device(dev(a, "pcmk_host_map", "n2:blade-7",
        "pcmk_reboot_action", "off", "pcmk_off_timeout", "20s")).build()) {
      FenceOperation op = f.fence("n2", FenceAction.REBOOT, "x").getNow(null);
      assertThat(op.succeeded()).isTrue();
      assertThat(a.calls.get(0).action()).isEqualTo(FenceAction.OFF);
      assertThat(a.calls.get(0).plug()).isEqualTo("blade-7");
      // the timeout is the requested action's: pcmk_reboot_timeout (unset: stonith-timeout)
      assertThat(a.calls.get(0).timeout()).isEqualTo(Duration.ofSeconds(60));
      assertThat(op.devices().get(0).action()).isEqualTo("off");
    }
  }

  @Test
  void topologyFallsThroughToLevelTwoWhenADeviceOfLevelOneFails() {
    ScriptedDevice a = new ScriptedDevice("a", clock);
    ScriptedDevice b = new ScriptedDevice("b", clock).always(FenceResult.EC_CONNECTION_LOST);
    ScriptedDevice c = new ScriptedDevice("c", clock);
    try (Fencer f = builder().device(dev(a)).device(dev(b)).device(dev(c))
        .topology(FencingTopology.of(FenceLevel.forNode(1, "n2", "a", "b"),
            FenceLevel.forNode(2, "n2", "c")))
        .build()) {
      FenceOperation op = f.fence("n2", FenceAction.OFF, "x").getNow(null);
      assertThat(op.succeeded()).isTrue();
      // a succeeded, but b failed (tried pcmk_off_retries=2 times), so level 1 failed
      assertThat(a.fencingCalls()).hasSize(1);
      assertThat(b.fencingCalls()).hasSize(2);
      assertThat(c.fencingCalls()).hasSize(1);
      assertThat(op.devices()).extracting(DeviceOutcome::level, DeviceOutcome::device,
          DeviceOutcome::exitCode, DeviceOutcome::attempts).containsExactly(
              org.assertj.core.groups.Tuple.tuple(1, "a", 0, 1),
              org.assertj.core.groups.Tuple.tuple(1, "b", 4, 2),
              org.assertj.core.groups.Tuple.tuple(2, "c", 0, 1));
      assertThat(op.devices().get(1).reason()).contains("exit 4").contains("b: failed with 4");
    }
  }

  @Test
  void everyLevelFailingFailsTheOperationWithEveryReason() {
    ScriptedDevice a = new ScriptedDevice("a", clock).always(1);
    ScriptedDevice c = new ScriptedDevice("c", clock).always(FenceResult.EC_LOGIN_DENIED);
    try (Fencer f = builder().device(dev(a, "pcmk_off_retries", "1")).device(dev(c))
        .topology(FencingTopology.of(FenceLevel.forNode(1, "n2", "a"),
            FenceLevel.forNode(2, "n2", "c")))
        .build()) {
      FenceOperation op = f.fence("n2", FenceAction.OFF, "x").getNow(null);
      assertThat(op.state()).isEqualTo(FenceOperation.State.FAILED);
      assertThat(op.exitCode()).isEqualTo(FenceResult.EC_LOGIN_DENIED);
      assertThat(op.reason()).contains("all 2 level(s) failed").contains("level 1 a off exit 1")
          .contains("level 2 c off exit 3");
      assertThat(a.fencingCalls()).hasSize(1);
    }
  }

  @Test
  void topologyFallsThroughToLevelTwoWhenLevelOneTimesOut() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    ScriptedDevice hang = new ScriptedDevice("hang", clock).behaving((a, p) -> {
      try {
        release.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return FenceResult.of(0);
    });
    ScriptedDevice c = new ScriptedDevice("c", clock);
    ExecutorService pool = Executors.newCachedThreadPool();
    try (Fencer f = Fencer.builder(clock, "n1").executor(pool)
        .device(dev(hang, "pcmk_off_timeout", "10s")).device(dev(c))
        .topology(FencingTopology.of(FenceLevel.forNode(1, "n2", "hang"),
            FenceLevel.forNode(2, "n2", "c")))
        .build()) {
      CompletableFuture<FenceOperation> fut = f.fence("n2", FenceAction.OFF, "x");
      clock.advance(Duration.ofMillis(9999));
      assertThat(fut).isNotDone();
      assertThat(c.calls).isEmpty();
      clock.advance(Duration.ofMillis(1));
      FenceOperation op = fut.get(10, TimeUnit.SECONDS);
      assertThat(op.succeeded()).isTrue();
      assertThat(op.devices()).extracting(DeviceOutcome::device, DeviceOutcome::exitCode)
          .containsExactly(org.assertj.core.groups.Tuple.tuple("hang", FenceResult.EC_TIMED_OUT),
              org.assertj.core.groups.Tuple.tuple("c", 0));
      assertThat(op.devices().get(0).reason()).contains("timed out");
      assertThat(c.calls.get(0).atNanos()).isEqualTo(Duration.ofSeconds(10).toNanos());
    } finally {
      release.countDown();
      pool.shutdownNow();
    }
  }

  @Test
  void retriesWithinTheTimeout() {
    ScriptedDevice a = new ScriptedDevice("a", clock).then(0, 1, 1).always(0);
    try (Fencer f = builder().device(dev(a, "pcmk_off_retries", "3")).build()) {
      FenceOperation op = f.fence("a-target", FenceAction.OFF, "x").getNow(null);
      // host check: dynamic-list is not possible (Java device without list) so status is used
      assertThat(a.calls.get(0).action()).isEqualTo(FenceAction.STATUS);
      assertThat(op.succeeded()).isTrue();
      assertThat(a.fencingCalls()).hasSize(3);
      assertThat(op.devices().get(0).attempts()).isEqualTo(3);
    }
    ScriptedDevice b = new ScriptedDevice("b", clock).always(1);
    try (Fencer f = builder().device(dev(b, "pcmk_host_check", "none")).build()) {
      FenceOperation op = f.fence("n2", FenceAction.OFF, "x").getNow(null);
      // pcmk_off_retries defaults to 2: two tries in all
      assertThat(op.state()).isEqualTo(FenceOperation.State.FAILED);
      assertThat(b.fencingCalls()).hasSize(2);
    }
  }

  @Test
  void pcmkDelayBaseAndMaxComeFromTheClock() {
    ScriptedDevice a = new ScriptedDevice("a", clock);
    ScriptedDevice b = new ScriptedDevice("b", clock);
    try (Fencer f = builder().random(new Random(42))
        .device(dev(a, "pcmk_host_list", "n2", "pcmk_delay_base", "5s"))
        .device(dev(b, "pcmk_host_list", "n3", "pcmk_delay_base", "2s", "pcmk_delay_max", "8s"))
        .build()) {
      CompletableFuture<FenceOperation> fut = f.fence("n2", FenceAction.REBOOT, "x");
      clock.advance(Duration.ofMillis(4999));
      assertThat(a.calls).isEmpty();
      clock.advance(Duration.ofMillis(1));
      assertThat(a.calls).hasSize(1);
      assertThat(fut).isCompleted();
      long start = clock.nanoTime();
      CompletableFuture<FenceOperation> fut3 = f.fence("n3", FenceAction.OFF, "x");
      clock.advanceUntil(fut3::isDone, Duration.ofSeconds(9));
      long waited = b.calls.get(0).atNanos() - start;
      assertThat(Duration.ofNanos(waited)).isBetween(Duration.ofSeconds(2), Duration.ofSeconds(8));
      // no delay for "on"
      long before = clock.nanoTime();
      f.fence("n3", FenceAction.ON, "x");
      assertThat(b.calls.get(1).atNanos()).isEqualTo(before);
    }
  }

  @Test
  void priorityFencingDelayOnlyForTheNodeWithTheHighestPriority() {
    ScriptedDevice a = new ScriptedDevice("a", clock);
    Map<String, Integer> prio = Map.of("n2", 10, "n3", 1);
    try (Fencer f = builder().device(dev(a, "pcmk_host_check", "none"))
        .priorityFencingDelay(Duration.ofSeconds(15), n -> prio.getOrDefault(n, 0)).build()) {
      f.gate().markUnclean("n3", "test");
      CompletableFuture<FenceOperation> hi = f.fence("n2", FenceAction.OFF, "x");
      clock.advance(Duration.ofMillis(14_999));
      assertThat(hi).isNotDone();
      clock.advance(Duration.ofMillis(1));
      assertThat(hi).isCompleted();
      CompletableFuture<FenceOperation> lo = f.fence("n3", FenceAction.OFF, "x");
      assertThat(lo).isCompleted();
    }
  }

  @Test
  void concurrentRequestsForOneTargetAreMerged() {
    ScriptedDevice a = new ScriptedDevice("a", clock);
    QueueExecutor q = new QueueExecutor();
    try (Fencer f = Fencer.builder(clock, "n1").executor(q)
        .device(dev(a, "pcmk_host_list", "n2")).build()) {
      CompletableFuture<FenceOperation> first = f.fence("n2", FenceAction.REBOOT, "crmd");
      CompletableFuture<FenceOperation> second = f.fence("n2", FenceAction.REBOOT, "admin");
      CompletableFuture<FenceOperation> other = f.fence("n2", FenceAction.OFF, "admin");
      assertThat(f.history()).hasSize(2);
      assertThat(f.history().get(0).state()).isEqualTo(FenceOperation.State.PENDING);
      assertThat(f.history().get(0).clients()).containsExactly("crmd@n1", "admin@n1");
      q.runAll();
      assertThat(first.join()).isSameAs(second.join());
      assertThat(first.join().clients()).containsExactly("crmd@n1", "admin@n1");
      assertThat(other.join().id()).isNotEqualTo(first.join().id());
      assertThat(a.fencingCalls()).extracting(ScriptedDevice.Call::action)
          .containsExactly(FenceAction.REBOOT, FenceAction.OFF);
      // after it ended, a new request is a new operation
      CompletableFuture<FenceOperation> third = f.fence("n2", FenceAction.REBOOT, "crmd");
      q.runAll();
      assertThat(third.join().id()).isNotEqualTo(first.join().id());
      assertThat(f.history("n2")).hasSize(3);
    }
  }

  @Test
  void dynamicListAndStatusHostChecks() {
    ScriptedDevice lister = new ScriptedDevice("lister", clock).behaving((a, p) ->
        a == FenceAction.LIST ? new FenceResult(0, "n2,n2\nn3 blade\n", "") : FenceResult.of(0));
    ScriptedDevice status = new ScriptedDevice("status", clock).behaving((a, p) ->
        a == FenceAction.STATUS ? FenceResult.of(p.equals("n4") ? 2 : 1) : FenceResult.of(0));
    try (Fencer f = builder().device(StonithDevice.java(lister, Map.of(), true))
        .device(dev(status)).build()) {
      assertThat(f.fence("n3", FenceAction.OFF, "x").join().devices())
          .extracting(DeviceOutcome::device).containsExactly("lister");
      assertThat(f.fence("n4", FenceAction.OFF, "x").join().devices())
          .extracting(DeviceOutcome::device).containsExactly("status");
      assertThat(f.fence("n5", FenceAction.OFF, "x").join().state())
          .isEqualTo(FenceOperation.State.FAILED);
      // the list is cached: one list call for three requests
      assertThat(lister.calls.stream().filter(c -> c.action() == FenceAction.LIST)).hasSize(1);
    }
  }

  @Test
  void rebootThroughALevelOfTwoDevicesIsOffOffOnOn() {
    ScriptedDevice p1 = new ScriptedDevice("psu1", clock);
    ScriptedDevice p2 = new ScriptedDevice("psu2", clock).behaving((a, p) ->
        FenceResult.of(a == FenceAction.ON ? 1 : 0));
    try (Fencer f = builder().device(dev(p1)).device(dev(p2))
        .topology(FencingTopology.of(FenceLevel.forNode(1, "n2", "psu1", "psu2"))).build()) {
      FenceOperation op = f.fence("n2", FenceAction.REBOOT, "x").join();
      assertThat(op.succeeded()).isTrue();
      assertThat(op.devices()).extracting(DeviceOutcome::device, DeviceOutcome::action,
          DeviceOutcome::exitCode).containsExactly(
              org.assertj.core.groups.Tuple.tuple("psu1", "off", 0),
              org.assertj.core.groups.Tuple.tuple("psu2", "off", 0),
              org.assertj.core.groups.Tuple.tuple("psu1", "on", 0),
              org.assertj.core.groups.Tuple.tuple("psu2", "on", 1));
    }
  }

  @Test
  void gateBlocksUntilFencingSucceedsAndSaysWhy() {
    ScriptedDevice a = new ScriptedDevice("ipmi", clock).always(FenceResult.EC_LOGIN_DENIED);
    try (Fencer f = builder().device(dev(a, "pcmk_host_list", "n2")).build()) {
      FencingGate g = f.gate();
      assertThat(g.mayRecover("db", "n2").recoverable()).isTrue();
      g.markUnclean("n2", "stop of db failed");
      assertThat(g.mayRecover("db", "n2").recoverable()).isFalse();
      assertThat(g.mayRecover("db", "n2").reason()).contains("db is blocked")
          .contains("stop of db failed");
      f.fence("n2", FenceAction.OFF, "crmd").join();
      FencingGate.Decision d = g.mayRecover("db", "n2");
      assertThat(d.recoverable()).isFalse();
      assertThat(d.state()).isEqualTo(FencingGate.NodeState.UNCLEAN);
      assertThat(d.reason()).contains("fencing failed").contains("ipmi").contains("exit 3");
      assertThat(g.uncleanNodes()).containsOnlyKeys("n2");
      a.always(0);
      f.fence("n2", FenceAction.OFF, "crmd").join();
      d = g.mayRecover("db", "n2");
      assertThat(d.recoverable()).isTrue();
      assertThat(d.state()).isEqualTo(FencingGate.NodeState.FENCED);
      assertThat(d.reason()).contains("ipmi (off)");
      assertThat(g.uncleanNodes()).isEmpty();
    }
  }

  @Test
  void confirmDownUnblocks() {
    try (Fencer f = builder().build()) {
      f.gate().markUnclean("n2", "lost");
      FenceOperation op = f.confirm("n2", "admin").join();
      assertThat(op.reason()).contains("confirmed down manually by admin");
      assertThat(f.gate().mayRecover("n2").recoverable()).isTrue();
    }
  }

  @Test
  void badRequestsAreRefusedWithAReason() {
    try (Fencer f = builder().build()) {
      org.assertj.core.api.Assertions.assertThatThrownBy(
          () -> f.fence("n2", FenceAction.STATUS, "x")).isInstanceOf(StonithException.class)
          .hasMessageContaining("'status' is not a fencing action");
      org.assertj.core.api.Assertions.assertThatThrownBy(
          () -> f.fence("n 2", FenceAction.OFF, "x")).hasMessageContaining("not a node name");
    }
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> builder()
        .topology(FencingTopology.of(FenceLevel.forNode(1, "n2", "ghost"))).build())
        .hasMessageContaining("unknown device 'ghost'");
    List<FenceOperation> none = List.of();
    assertThat(none).isEmpty();
  }
}
