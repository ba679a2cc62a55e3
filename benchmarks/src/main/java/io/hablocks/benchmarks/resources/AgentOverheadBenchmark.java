package io.hablocks.benchmarks.resources;

import io.hablocks.api.resource.AgentId;
import io.hablocks.api.resource.OperationResult;
import io.hablocks.api.resource.ResourceAgent;
import io.hablocks.resources.ResourceAgents;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One {@code monitor} of ocf:heartbeat:Dummy (running, rc 0), three ways, in the same run:
 * through ha-resources ({@code hablocks}), through Pacemaker's {@code crm_resource --force-check}
 * ({@code crmResource}), and the bare agent spawned with only its OCF variables ({@code bare},
 * the floor both pay). Report hablocks / crmResource, and each minus bare as the overhead.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar -f 1 -wi 2 -i 3 AgentOverheadBenchmark
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
public class AgentOverheadBenchmark {

  private static final String DUMMY = "/usr/lib/ocf/resource.d/heartbeat/Dummy";

  private Path dir;
  private Path state;
  private ResourceAgent agent;
  private Map<String, String> params;

  /** Starts the Dummy resource once so every monitor finds it running. */
  @Setup(Level.Trial)
  public void setUp() throws IOException {
    dir = Files.createTempDirectory("hb-bench");
    state = dir.resolve("d.state");
    agent = ResourceAgents.system().require(AgentId.parse("ocf:heartbeat:Dummy"));
    params = Map.of("state", state.toString(), "CRM_meta_timeout", "20000",
        ResourceAgents.INSTANCE_PARAMETER, "bench");
    OperationResult r = agent.execute("start", params, Duration.ofSeconds(20));
    if (!r.isOk()) {
      throw new IllegalStateException("Dummy start failed: " + r);
    }
  }

  /** Removes the state. */
  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    Files.deleteIfExists(state);
    Files.deleteIfExists(dir);
  }

  /** @return the rc through ha-resources */
  @Benchmark
  public int hablocks() {
    OperationResult r = agent.execute("monitor", params, Duration.ofSeconds(20));
    if (r.exitCode() != 0) {
      throw new IllegalStateException("monitor: " + r);
    }
    return r.exitCode();
  }

  /** @return crm_resource's exit status */
  @Benchmark
  public int crmResource() throws Exception {
    Process p = new ProcessBuilder("crm_resource", "--force-check", "--class", "ocf",
        "--provider", "heartbeat", "--agent", "Dummy", "--option", "state=" + state)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    int rc = p.waitFor();
    if (rc != 0) {
      throw new IllegalStateException("crm_resource: " + rc);
    }
    return rc;
  }

  /** @return the bare agent's exit status */
  @Benchmark
  public int bare() throws Exception {
    ProcessBuilder pb = new ProcessBuilder(List.of(DUMMY, "monitor"))
        .redirectInput(new File("/dev/null"))
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .redirectError(ProcessBuilder.Redirect.DISCARD);
    pb.environment().put("OCF_ROOT", "/usr/lib/ocf");
    pb.environment().put("OCF_RESKEY_state", state.toString());
    pb.environment().put("OCF_RESOURCE_INSTANCE", "bench");
    int rc = pb.start().waitFor();
    if (rc != 0) {
      throw new IllegalStateException("bare: " + rc);
    }
    return rc;
  }
}
