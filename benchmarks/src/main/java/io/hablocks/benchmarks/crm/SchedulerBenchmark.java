package io.hablocks.benchmarks.crm;

import io.hablocks.cib.Cib;
import io.hablocks.cib.CibXml;
import io.hablocks.crm.scheduler.Scheduler;
import io.hablocks.crm.scheduler.Transition;
import io.hablocks.crm.scheduler.internal.CibGenerator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
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
 * Scheduling a generated CIB of 2000 resources, 32 nodes and 4000 constraints (locations,
 * colocations, orders; some resources running): ha-crm reading and scheduling the file beside
 * {@code crm_simulate -S} (Pacemaker 2.1.5) on the same file, one shot each, in the same run.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar 'crm.SchedulerBenchmark' -f 1
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
public class SchedulerBenchmark {

  private Path file;

  /** Writes the generated CIB. */
  @Setup(Level.Trial)
  public void setUp() throws IOException {
    file = Files.createTempFile("hablocks-bench-cib", ".xml");
    Files.writeString(file, CibGenerator.large(32, 2000, 4000, 1));
  }

  /** Removes the file. */
  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    Files.deleteIfExists(file);
  }

  /** @return ha-crm's transition for the file (read + schedule) */
  @Benchmark
  @Warmup(iterations = 1)
  @Measurement(iterations = 3)
  public Transition hablocksSchedule() {
    Cib cib = CibXml.read(file);
    return Scheduler.schedule(cib, cib.executionDate().orElseThrow());
  }

  /** @return crm_simulate's exit code for {@code crm_simulate -x FILE -S} on the same file */
  @Benchmark
  @Warmup(iterations = 0)
  @Measurement(iterations = 1)
  public int crmSimulate() throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder("crm_simulate", "-x", file.toString(), "-S");
    pb.environment().put("LC_ALL", "C");
    pb.redirectErrorStream(true);
    pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
    Process p = pb.start();
    return p.waitFor();
  }
}
