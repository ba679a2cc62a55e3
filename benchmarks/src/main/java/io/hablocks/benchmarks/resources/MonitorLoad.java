package io.hablocks.benchmarks.resources;

import io.hablocks.api.resource.AgentAction;
import io.hablocks.api.resource.AgentId;
import io.hablocks.api.resource.AgentMetadata;
import io.hablocks.api.resource.OcfExitCode;
import io.hablocks.api.resource.OperationResult;
import io.hablocks.api.resource.ResourceAgent;
import io.hablocks.resources.OperationRequest;
import io.hablocks.resources.ResourceAgents;
import io.hablocks.resources.ResourceExecutor;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A load run (not JMH): N resources each with a recurring monitor at one interval, on the system
 * clock, for a while. Reports the drift of the monitors' start times from their grid (first start
 * + k * interval) and the CPU used by the JVM (the executor; in-JVM agents) and by its reaped
 * children (agent processes).
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.hablocks.benchmarks.resources.MonitorLoad \
 *     MODE COUNT INTERVAL_S DURATION_S [MAX_PARALLEL]
 * MODE: java (an in-JVM agent: the executor alone) or process (a one-line OCF shell agent)
 * </pre>
 */
public final class MonitorLoad {

  private MonitorLoad() {}

  /** An in-JVM agent that does nothing but record when it ran. */
  static final class Probe implements ResourceAgent {
    final Map<String, List<Long>> starts = new ConcurrentHashMap<>();

    @Override
    public AgentId id() {
      return new AgentId("java", null, "probe");
    }

    @Override
    public AgentMetadata metadata() {
      return new AgentMetadata("probe", "1", "", "", List.of(),
          List.of(new AgentAction("monitor", Duration.ofSeconds(20), Duration.ZERO, null, 0)));
    }

    @Override
    public OperationResult execute(String action, Map<String, String> p, Duration timeout) {
      starts.computeIfAbsent(p.get(ResourceAgents.INSTANCE_PARAMETER),
          k -> Collections.synchronizedList(new ArrayList<>())).add(System.nanoTime());
      return OperationResult.done(OcfExitCode.OK);
    }
  }

  /**
   * Runs the load.
   *
   * @param args MODE COUNT INTERVAL_S DURATION_S [MAX_PARALLEL]
   * @throws Exception on failure
   */
  public static void main(String[] args) throws Exception {
    String mode = args.length > 0 ? args[0] : "java";
    int count = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
    Duration interval = Duration.ofSeconds(args.length > 2 ? Long.parseLong(args[2]) : 10);
    Duration duration = Duration.ofSeconds(args.length > 3 ? Long.parseLong(args[3]) : 60);
    int parallel = args.length > 4 ? Integer.parseInt(args[4]) : 4;

    Probe probe = new Probe();
    Path root = Files.createTempDirectory("hb-load");
    Path agentDir = root.resolve("resource.d/load");
    Files.createDirectories(agentDir);
    Path marks = root.resolve("marks");
    Files.createDirectories(marks);
    // the process agent appends its start time (monotonic ns from /proc/uptime is too coarse;
    // the executor's own record is used instead, see below)
    Files.writeString(agentDir.resolve("tick"), "#!/bin/sh\nexit 0\n");
    agentDir.resolve("tick").toFile().setExecutable(true);
    ResourceAgents agents = ResourceAgents.builder().ocfRoot(root).javaAgent(probe).build();
    AgentId id = mode.equals("java") ? new AgentId("java", null, "probe")
        : new AgentId("ocf", "load", "tick");

    // start times for process agents: the executor's queue-time + the grid give lateness
    ConcurrentLinkedQueue<long[]> process = new ConcurrentLinkedQueue<>();
    Map<String, Long> firstEnd = new ConcurrentHashMap<>();
    CountDownLatch firstRound = new CountDownLatch(count);
    long cpu0 = cpuNanos();
    long[] child0 = childCpuTicks();
    long t0 = System.nanoTime();
    long tSubmit;
    try (ResourceExecutor ex = ResourceExecutor.builder().agents(agents).maxParallel(parallel)
        .build()) {
      ex.addListener(op -> {
        // the start of this run on the wall of the monotonic clock: now - exec time
        long start = System.nanoTime() - op.execTime().toNanos();
        process.add(new long[] {Long.parseLong(op.resourceId().substring(1)), start,
            op.queueTime().toNanos()});
        if (firstEnd.putIfAbsent(op.resourceId(), start) == null) {
          firstRound.countDown();
        }
      });
      tSubmit = System.nanoTime();
      for (int i = 0; i < count; i++) {
        // spread the first runs over one interval, as a controller starting many does
        Duration delay = interval.multipliedBy(i).dividedBy(count);
        ex.submit(OperationRequest.builder("r" + i, id, "monitor").interval(interval)
            .startDelay(delay).timeout(Duration.ofSeconds(20)).build());
      }
      long end = t0 + duration.toNanos();
      while (System.nanoTime() < end) {
        TimeUnit.MILLISECONDS.sleep(200); // the load run's own wall time, not library code
      }
    }
    long wall = System.nanoTime() - t0;
    long cpu = cpuNanos() - cpu0;
    long[] child1 = childCpuTicks();
    double tick = 100.0; // USER_HZ on Linux
    double childCpu = ((child1[0] - child0[0]) + (child1[1] - child0[1])) / tick;

    // Drift: each resource's grid is anchored where its first run became due (its first start
    // minus its queue time); run k should start at anchor + k * interval. Offset: how late that
    // anchor was after submit time + start-delay (timer lateness at the first run).
    List<Long> lateness = new ArrayList<>();
    List<Long> queue = new ArrayList<>();
    List<Long> offset = new ArrayList<>();
    long iv = interval.toNanos();
    int runs = 0;
    Map<Long, List<long[]>> byRes = new java.util.HashMap<>();
    for (long[] r : process) {
      byRes.computeIfAbsent(r[0], k -> new ArrayList<>()).add(r);
    }
    for (Map.Entry<Long, List<long[]>> e : byRes.entrySet()) {
      List<long[]> s = e.getValue();
      s.sort((a, b) -> Long.compare(a[1], b[1]));
      long anchor = s.get(0)[1] - s.get(0)[2];
      offset.add(anchor - (tSubmit + iv * e.getKey() / count));
      for (int k = 0; k < s.size(); k++) {
        runs++;
        queue.add(s.get(k)[2]);
        if (k > 0) {
          lateness.add(s.get(k)[1] - (anchor + k * iv));
        }
      }
    }
    Collections.sort(offset);
    Collections.sort(queue);
    Collections.sort(lateness);
    System.out.printf("mode=%s monitors=%d interval=%ss duration=%.1fs maxParallel=%d%n", mode,
        count, interval.toSeconds(), wall / 1e9, parallel);
    System.out.printf("runs=%d (expected about %d)%n", runs,
        count * (duration.toNanos() / iv));
    if (!lateness.isEmpty()) {
      System.out.printf("start drift from each grid (ms): p50=%.2f p90=%.2f p99=%.2f max=%.2f"
          + " min=%.2f%n", pct(lateness, 50), pct(lateness, 90), pct(lateness, 99),
          lateness.get(lateness.size() - 1) / 1e6, lateness.get(0) / 1e6);
    }
    System.out.printf("first-run offset after submit+delay (ms): p50=%.2f max=%.2f%n",
        pct(offset, 50), offset.isEmpty() ? 0 : offset.get(offset.size() - 1) / 1e6);
    System.out.printf("queue time (ms): p50=%.2f p99=%.2f max=%.2f%n", pct(queue, 50),
        pct(queue, 99), queue.isEmpty() ? 0 : queue.get(queue.size() - 1) / 1e6);
    System.out.printf("JVM CPU %.2fs = %.1f%% of one core; agent processes CPU %.2fs = %.1f%%%n",
        cpu / 1e9, 100.0 * cpu / wall, childCpu, 100.0 * childCpu * 1e9 / wall);
    System.out.printf("per monitor run: JVM %.1f us, processes %.1f us%n",
        runs == 0 ? 0 : cpu / 1e3 / runs, runs == 0 ? 0 : childCpu * 1e6 / runs);
  }

  private static double pct(List<Long> sorted, int p) {
    int i = (int) Math.min(sorted.size() - 1, Math.round(sorted.size() * p / 100.0));
    return sorted.get(i) / 1e6;
  }

  private static long cpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory
        .getOperatingSystemMXBean()).getProcessCpuTime();
  }

  private static long[] childCpuTicks() throws Exception {
    String s = Files.readString(Path.of("/proc/self/stat"));
    String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
    // fields after comm: state(0) ... cutime is field 16 overall = index 13, cstime index 14
    return new long[] {Long.parseLong(f[13]), Long.parseLong(f[14])};
  }
}
