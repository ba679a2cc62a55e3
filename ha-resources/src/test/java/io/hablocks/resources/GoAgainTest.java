package io.hablocks.resources;

import static org.assertj.core.api.Assertions.assertThat;

import io.hablocks.api.resource.AgentId;
import io.hablocks.api.resource.ExecStatus;
import io.hablocks.api.resource.OcfExitCode;
import io.hablocks.api.resource.OperationResult;
import io.hablocks.api.resource.ResourceAgent;
import io.hablocks.api.resource.ResourceAgentProvider;
import io.hablocks.testkit.ManualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Pacemaker's execd "go again" on a ManualClock: a failing Nagios start is retried within its
 * timeout; a systemd start or stop is confirmed by monitors until the unit settles.
 */
class GoAgainTest {

  final ManualClock clock = new ManualClock();
  final BlockingQueue<LrmOperation> results = new LinkedBlockingQueue<>();
  ResourceExecutor ex;

  FakeAgent install(String standard) {
    FakeAgent fake = new FakeAgent(new AgentId(standard, null, "x"), null);
    ResourceAgentProvider p = new ResourceAgentProvider() {
      @Override
      public String standard() {
        return standard;
      }

      @Override
      public List<AgentId> list() {
        return List.of(fake.id());
      }

      @Override
      public Optional<ResourceAgent> find(AgentId id) {
        return id.equals(fake.id()) ? Optional.of(fake) : Optional.empty();
      }
    };
    ex = ResourceExecutor.builder().clock(clock)
        .agents(ResourceAgents.builder().clock(clock).provider(p).build()).build();
    ex.addListener(results::add);
    return fake;
  }

  @AfterEach
  void close() {
    ex.close();
  }

  /** Runs the clock to each next retry until a result is published. */
  LrmOperation drive(FakeAgent fake, List<String> actions) throws Exception {
    while (true) {
      actions.add(fake.next().action());
      awaitIdle();
      LrmOperation r = results.poll();
      if (r != null) {
        return r;
      }
      Duration next = clock.nextDue();
      if (next == null) { // no retry: the result is on its way to the listener
        r = results.poll(10, TimeUnit.SECONDS);
        assertThat(r).as("a result or a retry").isNotNull();
        return r;
      }
      clock.advance(next);
    }
  }

  void awaitIdle() {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (ex.running() > 0 && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
  }

  @Test
  void nagiosStartIsRetriedUntilItSucceeds() throws Exception {
    FakeAgent fake = install("nagios");
    AtomicInteger n = new AtomicInteger();
    fake.auto = c -> n.incrementAndGet() < 3 ? OperationResult.done(OcfExitCode.ERR_GENERIC)
        : OperationResult.done(OcfExitCode.OK);
    ex.submit(OperationRequest.builder("n", fake.id(), "start").timeout(Duration.ofSeconds(20))
        .build());
    List<String> actions = new ArrayList<>();
    LrmOperation r = drive(fake, actions);
    assertThat(actions).containsExactly("start", "start", "start");
    assertThat(r.isOk()).isTrue();
    // retried every timeout/10 = 2 s
    assertThat(r.execTime()).isEqualTo(Duration.ofSeconds(4));
    assertThat(results).isEmpty();
  }

  @Test
  void nagiosStartThatNeverSucceedsTimesOutWithinItsTimeout() throws Exception {
    FakeAgent fake = install("nagios");
    fake.auto = c -> OperationResult.done(OcfExitCode.ERR_GENERIC);
    ex.submit(OperationRequest.builder("n", fake.id(), "start").timeout(Duration.ofSeconds(5))
        .build());
    List<String> actions = new ArrayList<>();
    LrmOperation r = drive(fake, actions);
    assertThat(r.opStatus()).isEqualTo(ExecStatus.TIMEOUT);
    assertThat(r.execTime()).isLessThanOrEqualTo(Duration.ofSeconds(5));
    assertThat(actions.size()).isGreaterThan(5);
  }

  @Test
  void systemdStartIsConfirmedByMonitors() throws Exception {
    FakeAgent fake = install("systemd");
    AtomicInteger monitors = new AtomicInteger();
    fake.auto = c -> c.action().equals("start") ? OperationResult.done(OcfExitCode.OK)
        : monitors.incrementAndGet() == 1
            ? new OperationResult(193, ExecStatus.PENDING, "activating", "")
            : OperationResult.done(OcfExitCode.OK);
    ex.submit(OperationRequest.builder("s", fake.id(), "start").timeout(Duration.ofSeconds(100))
        .build());
    List<String> actions = new ArrayList<>();
    LrmOperation r = drive(fake, actions);
    assertThat(actions).containsExactly("start", "monitor", "monitor");
    assertThat(r.operation()).isEqualTo("start");
    assertThat(r.isOk()).isTrue();
  }

  @Test
  void systemdStopWaitsUntilTheUnitIsDown() throws Exception {
    FakeAgent fake = install("systemd");
    AtomicInteger monitors = new AtomicInteger();
    fake.auto = c -> c.action().equals("stop") ? OperationResult.done(OcfExitCode.OK)
        : monitors.incrementAndGet() < 3 ? OperationResult.done(OcfExitCode.OK)
            : OperationResult.done(OcfExitCode.NOT_RUNNING);
    ex.submit(OperationRequest.builder("s", fake.id(), "stop").timeout(Duration.ofSeconds(100))
        .build());
    List<String> actions = new ArrayList<>();
    LrmOperation r = drive(fake, actions);
    assertThat(actions).containsExactly("stop", "monitor", "monitor", "monitor");
    assertThat(r.operation()).isEqualTo("stop");
    assertThat(r.rcCode()).isZero();
    assertThat(r.opStatus()).isEqualTo(ExecStatus.DONE);
  }
}
