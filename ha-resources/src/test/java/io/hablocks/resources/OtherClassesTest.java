package io.hablocks.resources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hablocks.api.resource.AgentAction;
import io.hablocks.api.resource.AgentId;
import io.hablocks.api.resource.AgentMetadata;
import io.hablocks.api.resource.ExecStatus;
import io.hablocks.api.resource.OcfExitCode;
import io.hablocks.api.resource.OperationResult;
import io.hablocks.api.resource.ResourceAgent;
import io.hablocks.resources.internal.StonithProvider;
import io.hablocks.resources.internal.SystemdProvider;
import io.hablocks.testkit.ManualClock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The registry, Java agents, and the classes that have nothing to run here. */
class OtherClassesTest {

  /** An in-JVM resource: a flag. */
  static class FlagAgent implements ResourceAgent {
    volatile boolean on;

    @Override
    public AgentId id() {
      return new AgentId("java", null, "flag");
    }

    @Override
    public AgentMetadata metadata() {
      return new AgentMetadata("flag", "1", "a flag", "", List.of(),
          List.of(new AgentAction("monitor", Duration.ofSeconds(5), Duration.ofSeconds(3), null,
              0)));
    }

    @Override
    public OperationResult execute(String action, Map<String, String> p, Duration timeout) {
      return switch (action) {
        case "start" -> {
          on = true;
          yield OperationResult.done(OcfExitCode.OK);
        }
        case "stop" -> {
          on = false;
          yield OperationResult.done(OcfExitCode.OK);
        }
        case "monitor" -> OperationResult.done(on ? OcfExitCode.OK : OcfExitCode.NOT_RUNNING);
        case "boom" -> throw new IllegalStateException("boom");
        default -> OperationResult.done(OcfExitCode.ERR_UNIMPLEMENTED);
      };
    }
  }

  @Test
  void javaAgentsRunInTheJvm() {
    FlagAgent flag = new FlagAgent();
    ResourceAgents agents = ResourceAgents.builder().javaAgent(flag).build();
    assertThat(agents.list("java", null)).containsExactly(new AgentId("java", null, "flag"));
    ResourceAgent a = agents.require(AgentId.parse("java:flag"));
    assertThat(a.execute("monitor", Map.of(), Duration.ofSeconds(1)).exitCode()).isEqualTo(7);
    assertThat(a.execute("start", Map.of(), Duration.ofSeconds(1)).isOk()).isTrue();
    assertThat(flag.on).isTrue();
    OperationResult boom = a.execute("boom", Map.of(), Duration.ofSeconds(1));
    assertThat(boom.status()).isEqualTo(ExecStatus.ERROR);
    assertThat(boom.exitReason()).contains("boom");
  }

  @Test
  void aHungJavaAgentTimesOutOnTheClock() throws Exception {
    ManualClock clock = new ManualClock();
    CompletableFuture<Void> never = new CompletableFuture<>();
    ResourceAgent hung = new FlagAgent() {
      @Override
      public AgentId id() {
        return new AgentId("java", null, "hung");
      }

      @Override
      public OperationResult execute(String action, Map<String, String> p, Duration timeout) {
        never.join();
        return OperationResult.done(OcfExitCode.OK);
      }
    };
    ResourceAgent a = ResourceAgents.builder().clock(clock).javaAgent(hung).build()
        .require(AgentId.parse("java:hung"));
    CompletableFuture<OperationResult> r = CompletableFuture.supplyAsync(
        () -> a.execute("start", Map.of(), Duration.ofSeconds(30)));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (clock.pendingTasks() == 0 && System.nanoTime() < deadline) {
      Thread.onSpinWait(); // until the agent's timeout is on the clock
    }
    assertThat(r).isNotDone();
    clock.advance(Duration.ofSeconds(30));
    assertThat(r.get(10, TimeUnit.SECONDS).status()).isEqualTo(ExecStatus.TIMEOUT);
  }

  @Test
  void registryErrorsNameTheAgent() {
    ResourceAgents agents = ResourceAgents.builder().ocfRoot(Path.of("/nonexistent")).build();
    assertThat(agents.standards()).contains("ocf", "lsb", "service", "systemd", "nagios",
        "stonith", "java");
    assertThatThrownBy(() -> agents.require(AgentId.parse("ocf:heartbeat:Dummy")))
        .isInstanceOf(ResourceException.class).hasMessageContaining("ocf:heartbeat:Dummy")
        .hasMessageContaining("not installed");
    assertThatThrownBy(() -> agents.require(AgentId.parse("upstart:foo")))
        .hasMessageContaining("unknown standard 'upstart'");
    assertThatThrownBy(() -> agents.list("frob", null)).hasMessageContaining("frob");
    assertThat(agents.find(AgentId.parse("ocf:..:x"))).isEmpty();
  }

  @Test
  void stonithResourcesSayTheyAreNotWiredYet() {
    ResourceAgents agents = ResourceAgents.builder().fenceDir(Path.of("/bin")).build();
    // any executable named fence_* would do; none in /bin, so fake the lookup through the class
    StonithProvider p = (StonithProvider) agents.provider("stonith").orElseThrow();
    assertThat(p.find(new AgentId("stonith", null, "not_fence"))).isEmpty();
    ResourceAgents real = ResourceAgents.system();
    real.find(new AgentId("stonith", null, "fence_dummy")).ifPresent(a -> {
      OperationResult r = a.execute("start", Map.of(), Duration.ofSeconds(5));
      assertThat(r.status()).isEqualTo(ExecStatus.NOT_SUPPORTED);
      assertThat(r.exitReason()).isEqualTo(StonithProvider.NOT_YET);
    });
  }

  @Test
  void systemdUnitNames() {
    assertThat(SystemdProvider.unit("sshd")).isEqualTo("sshd.service");
    assertThat(SystemdProvider.unit("x.socket")).isEqualTo("x.socket");
    if (!SystemdProvider.running()) {
      assertThat(ResourceAgents.system().find(AgentId.parse("systemd:sshd"))).isEmpty();
    }
  }
}
