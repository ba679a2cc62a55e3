package io.hablocks.resources;

import static org.assertj.core.api.Assertions.assertThat;

import io.hablocks.api.resource.AgentId;
import io.hablocks.api.resource.ExecStatus;
import io.hablocks.api.resource.OcfExitCode;
import io.hablocks.api.resource.OperationResult;
import io.hablocks.testkit.ManualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The executor on a ManualClock with a fake in-JVM agent. */
class ResourceExecutorTest {

  final ManualClock clock = new ManualClock();
  final FakeAgent fake = new FakeAgent("fake", Duration.ofSeconds(7));
  final FakeAgent plain = new FakeAgent("plain", null);
  final BlockingQueue<LrmOperation> results = new LinkedBlockingQueue<>();
  ResourceExecutor ex;

  ResourceExecutor executor(int maxParallel) {
    ResourceAgents agents = ResourceAgents.builder().clock(clock).javaAgent(fake)
        .javaAgent(plain).build();
    ex = ResourceExecutor.builder().clock(clock).agents(agents).maxParallel(maxParallel).build();
    ex.addListener(results::add);
    return ex;
  }

  @AfterEach
  void close() {
    if (ex != null) {
      ex.close();
    }
  }

  static OperationRequest.Builder op(String rsc, String action) {
    return OperationRequest.builder(rsc, new AgentId("java", null, "fake"), action);
  }

  /** Waits (with a deadline) until no operation runs: the finished one has rescheduled itself. */
  void awaitIdle() {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (ex.running() > 0) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("executor still busy after 10 s");
      }
      Thread.onSpinWait();
    }
  }

  LrmOperation result() throws InterruptedException {
    LrmOperation r = results.poll(10, TimeUnit.SECONDS);
    if (r == null) {
      throw new AssertionError("no result within 10 s");
    }
    return r;
  }

  @Test
  void oneResourceRunsOneOperationAtATimeInOrder() throws Exception {
    executor(4);
    ex.submit(op("a", "start").build());
    ex.submit(op("a", "monitor").interval(Duration.ZERO).build());
    ex.submit(op("a", "stop").build());
    FakeAgent.Call first = fake.next();
    assertThat(first.action()).isEqualTo("start");
    assertThat(fake.calls.poll(200, TimeUnit.MILLISECONDS)).isNull(); // nothing else runs
    assertThat(ex.queued("a")).isEqualTo(2);
    first.ok();
    FakeAgent.Call second = fake.next();
    assertThat(second.action()).isEqualTo("monitor");
    second.ok();
    fake.next().ok();
    List<LrmOperation> r = List.of(result(), result(), result());
    assertThat(r).extracting(LrmOperation::operation).containsExactly("start", "monitor", "stop");
    assertThat(r.get(0).callId()).isLessThan(r.get(1).callId());
    assertThat(r.get(1).callId()).isLessThan(r.get(2).callId());
    assertThat(fake.perResourceMax.get()).isEqualTo(1);
  }

  @Test
  void resourcesRunInParallelUpToTheLimit() throws Exception {
    executor(2);
    for (String r : new String[] {"a", "b", "c", "d"}) {
      ex.submit(op(r, "start").build());
    }
    FakeAgent.Call c1 = fake.next();
    FakeAgent.Call c2 = fake.next();
    assertThat(c1.resource()).isNotEqualTo(c2.resource());
    assertThat(fake.calls.poll(200, TimeUnit.MILLISECONDS)).isNull();
    assertThat(ex.running()).isEqualTo(2);
    c1.ok();
    fake.next().ok();
    c2.ok();
    fake.next().ok();
    for (int i = 0; i < 4; i++) {
      assertThat(result().isOk()).isTrue();
    }
    assertThat(fake.maxRunning.get()).isEqualTo(2);
  }

  @Test
  void recurringMonitorWithStartDelayOnItsGridUntilStop() throws Exception {
    executor(2);
    fake.auto = c -> OperationResult.done(OcfExitCode.OK);
    ex.submit(op("a", "monitor").interval(Duration.ofSeconds(10))
        .startDelay(Duration.ofSeconds(5)).build());
    clock.advance(Duration.ofMillis(4999));
    assertThat(fake.calls.poll(100, TimeUnit.MILLISECONDS)).isNull();
    clock.advance(Duration.ofMillis(1));
    fake.next();
    LrmOperation r1 = result();
    assertThat(r1.interval()).isEqualTo(Duration.ofSeconds(10));
    assertThat(r1.opStatus()).isEqualTo(ExecStatus.DONE);
    assertThat(ex.recurring()).containsExactly("a_monitor_10000");
    List<Long> runTimes = new ArrayList<>(List.of(clock.nanoTime()));
    for (int i = 0; i < 3; i++) {
      assertThat(clock.nextDue()).isEqualTo(Duration.ofSeconds(10));
      clock.advance(Duration.ofSeconds(10));
      fake.next();
      LrmOperation r = result();
      assertThat(r.callId()).isEqualTo(r1.callId()); // one call-id for all runs
      runTimes.add(clock.nanoTime());
    }
    assertThat(runTimes.get(3) - runTimes.get(0)).isEqualTo(Duration.ofSeconds(30).toNanos());
    ex.submit(op("a", "stop").build());
    LrmOperation cancelled = result();
    assertThat(cancelled.operation()).isEqualTo("monitor");
    assertThat(cancelled.opStatus()).isEqualTo(ExecStatus.CANCELLED);
    fake.next();
    assertThat(result().operation()).isEqualTo("stop");
    clock.advance(Duration.ofMinutes(5));
    assertThat(fake.calls.poll(200, TimeUnit.MILLISECONDS)).isNull();
    assertThat(ex.recurring()).isEmpty();
  }

  @Test
  void defaultMonitorIntervalIsTheAgentsOr60s() throws Exception {
    executor(2);
    fake.auto = c -> OperationResult.done(OcfExitCode.OK);
    plain.auto = fake.auto;
    ex.submit(op("a", "monitor").build());
    ex.submit(OperationRequest.builder("b", new AgentId("java", null, "plain"), "monitor")
        .build());
    LrmOperation x = result();
    LrmOperation y = result();
    LrmOperation a = x.resourceId().equals("a") ? x : y;
    LrmOperation b = x.resourceId().equals("a") ? y : x;
    assertThat(a.interval()).isEqualTo(Duration.ofSeconds(7));
    assertThat(b.interval()).isEqualTo(Duration.ofSeconds(60));
    // the advertised timeout reached the agent as CRM_meta_timeout
    FakeAgent.Call c = fake.next();
    assertThat(c.params()).containsEntry("CRM_meta_timeout", "30000")
        .containsEntry("CRM_meta_interval", "7000").containsEntry("CRM_meta_name", "monitor");
    plain.next();
    ex.submit(op("a", "start").build());
    assertThat(fake.next().params()).containsEntry("CRM_meta_timeout", "40000")
        .doesNotContainKey("CRM_meta_interval");
  }

  @Test
  void execAndQueueTimeOnTheClock() throws Exception {
    executor(2);
    ex.submit(op("a", "start").build());
    ex.submit(op("a", "monitor").interval(Duration.ZERO).build());
    FakeAgent.Call c = fake.next();
    clock.advance(Duration.ofSeconds(3));
    c.ok();
    FakeAgent.Call m = fake.next();
    clock.advance(Duration.ofMillis(250));
    m.ok();
    LrmOperation start = result();
    LrmOperation mon = result();
    assertThat(start.execTime()).isEqualTo(Duration.ofSeconds(3));
    assertThat(start.queueTime()).isZero();
    assertThat(mon.queueTime()).isEqualTo(Duration.ofSeconds(3));
    assertThat(mon.execTime()).isEqualTo(Duration.ofMillis(250));
    assertThat(start.lastRcChange()).isEqualTo(java.time.Instant.parse("2026-01-01T00:00:03Z"));
  }

  @Test
  void lastRcChangeMovesOnlyWhenTheRcChanges() throws Exception {
    executor(2);
    int[] rc = {0};
    fake.auto = c -> new OperationResult(rc[0], ExecStatus.DONE, "", "");
    ex.submit(op("a", "monitor").interval(Duration.ofSeconds(10)).build());
    fake.next();
    LrmOperation r0 = result();
    clock.advance(Duration.ofSeconds(10));
    fake.next();
    LrmOperation r1 = result();
    assertThat(r1.lastRcChange()).isEqualTo(r0.lastRcChange());
    rc[0] = 7;
    clock.advance(Duration.ofSeconds(10));
    fake.next();
    LrmOperation r2 = result();
    assertThat(r2.rcCode()).isEqualTo(7);
    assertThat(r2.lastRcChange()).isEqualTo(r0.lastRcChange().plusSeconds(20));
  }

  @Test
  void aHungAgentTimesOutAndDoesNotBlockOthers() throws Exception {
    executor(2);
    ex.submit(op("hung", "start").timeout(Duration.ofSeconds(5)).build());
    FakeAgent.Call hung = fake.next();
    ex.submit(op("other", "start").build());
    fake.next().ok();
    assertThat(result().resourceId()).isEqualTo("other");
    clock.advance(Duration.ofSeconds(5));
    LrmOperation r = result();
    assertThat(r.resourceId()).isEqualTo("hung");
    assertThat(r.opStatus()).isEqualTo(ExecStatus.TIMEOUT);
    assertThat(r.rcCode()).isEqualTo(1);
    assertThat(hung.reply().isDone()).isFalse();
  }

  @Test
  void digestAndTransitionKey() throws Exception {
    executor(2);
    fake.auto = c -> OperationResult.done(OcfExitCode.OK);
    ex.submit(op("a", "monitor").interval(Duration.ofSeconds(10)).timeout(Duration.ofSeconds(20))
        .parameter("state", "/tmp/x").parameter("fake", "abc").parameter("z", "1")
        .transitionKey("3:7:0:abc").build());
    LrmOperation r = result();
    // the value crm_resource --digests gave for these parameters
    assertThat(r.opDigest()).isEqualTo("8f4471a8206337d4b0b5dd33f7321e7d");
    assertThat(r.transitionKey()).isEqualTo("3:7:0:abc");
    assertThat(r.operationKey()).isEqualTo("a_monitor_10000");
  }

  @Test
  void unknownAgentIsNotInstalled() throws Exception {
    executor(1);
    LrmOperation r = ex.submit(OperationRequest.builder("x", AgentId.parse("java:nope"), "start")
        .build()).get(10, TimeUnit.SECONDS);
    assertThat(r.opStatus()).isEqualTo(ExecStatus.NOT_INSTALLED);
    assertThat(r.rcCode()).isEqualTo(5);
  }

  @Test
  void cancelStopsARecurringOperationAndIsReportedOnce() throws Exception {
    executor(2);
    fake.auto = c -> OperationResult.done(OcfExitCode.OK);
    ex.submit(op("a", "monitor").interval(Duration.ofSeconds(5)).build());
    fake.next();
    result();
    assertThat(ex.cancel("a", "monitor", Duration.ofSeconds(4))).isFalse();
    assertThat(ex.cancel("a", "monitor", Duration.ofSeconds(5))).isTrue();
    LrmOperation c = result();
    assertThat(c.opStatus()).isEqualTo(ExecStatus.CANCELLED);
    assertThat(ex.cancel("a", "monitor", Duration.ofSeconds(5))).isFalse();
    clock.advance(Duration.ofMinutes(1));
    assertThat(fake.calls.poll(200, TimeUnit.MILLISECONDS)).isNull();
    assertThat(results.poll(50, TimeUnit.MILLISECONDS)).isNull();
  }

  @Test
  void aClosedExecutorRefusesWork() {
    executor(1).close();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> ex.submit(op("a", "start").build()))
        .isInstanceOf(ResourceException.class).hasMessageContaining("closed")
        .hasMessageContaining("a_start");
  }

  @Test
  void changesOnlyPublishesARecurringResultWhenItChanges() throws Exception {
    executor(2);
    int[] rc = {0};
    fake.auto = c -> new OperationResult(rc[0], ExecStatus.DONE, "", "");
    ex.submit(op("a", "monitor").interval(Duration.ofSeconds(10)).changesOnly(true).build());
    fake.next();
    assertThat(result().rcCode()).isZero();
    clock.advance(Duration.ofSeconds(10));
    fake.next();
    awaitIdle();
    clock.advance(Duration.ofSeconds(10));
    fake.next();
    awaitIdle();
    rc[0] = 7;
    clock.advance(Duration.ofSeconds(10));
    fake.next();
    LrmOperation changed = result();
    assertThat(changed.rcCode()).isEqualTo(7);
    assertThat(results).isEmpty(); // the two unchanged runs were not published
  }

  @Test
  void closeFailsOperationsStillWaitingForTheirStartDelay() {
    executor(1);
    var waiting = ex.submit(op("a", "start").startDelay(Duration.ofSeconds(30)).build());
    ex.close();
    org.assertj.core.api.Assertions.assertThatThrownBy(waiting::join)
        .hasCauseInstanceOf(ResourceException.class).hasMessageContaining("closed before a_start");
    clock.advance(Duration.ofMinutes(1));
    assertThat(fake.calls).isEmpty();
  }
}
