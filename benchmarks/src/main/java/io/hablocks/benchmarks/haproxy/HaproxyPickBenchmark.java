package io.hablocks.benchmarks.haproxy;

import io.hablocks.api.lb.PickContext;
import io.hablocks.api.lb.Picker;
import io.hablocks.api.lb.Server;
import io.hablocks.haproxy.BalanceConfig;
import io.hablocks.haproxy.HaproxyBalance;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One pick of HAProxy's algorithms (fwrr roundrobin, static-rr map, leastconn tree, uri hash
 * map-based and consistent) over 16 servers of weights 1..16, next to a lock-free round-robin
 * over the same array (the baseline the ratios are taken against). HAProxy's algorithms keep
 * mutable state under one lock, and so do these pickers.
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar -f 1 -wi 2 -i 3 HaproxyPickBenchmark</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class HaproxyPickBenchmark {

  /** The algorithm measured. */
  @Param({"roundrobin", "static-rr", "leastconn", "uri", "uri-consistent"})
  public String algorithm;

  private Picker picker;
  private Server[] array;
  private final AtomicInteger next = new AtomicInteger();
  private PickContext[] contexts;
  private int i;

  /** Builds the servers and the picker. */
  @Setup
  public void setup() {
    List<Server> servers = new ArrayList<>();
    for (int k = 0; k < 16; k++) {
      servers.add(Server.of("s" + k, new InetSocketAddress("127.0.0.1", 8000 + k))
          .withWeight(k + 1));
    }
    array = servers.toArray(new Server[0]);
    BalanceConfig cfg = switch (algorithm) {
      case "uri" -> new BalanceConfig("uri", List.of(), false, "sdbm", false);
      case "uri-consistent" -> new BalanceConfig("uri", List.of(), true, "sdbm", true);
      default -> new BalanceConfig(algorithm, List.of(), false, "sdbm", false);
    };
    picker = HaproxyBalance.scheduler(cfg).newPicker(servers, null);
    contexts = new PickContext[1024];
    for (int k = 0; k < contexts.length; k++) {
      contexts[k] = new PickContext(null, null, "/static/img" + k + ".png");
    }
  }

  /** @return the picked server */
  @Benchmark
  public Server haproxyPick() {
    return picker.pick(contexts[i++ & 1023]).server();
  }

  /** @return the picked server (lock-free baseline) */
  @Benchmark
  public Server baselineLockFreeRoundRobin() {
    return array[Math.floorMod(next.getAndIncrement(), array.length)];
  }
}
