package io.hablocks.benchmarks.ipvs;

import com.linecorp.armeria.client.Endpoint;
import com.linecorp.armeria.client.endpoint.EndpointGroup;
import com.linecorp.armeria.client.endpoint.EndpointSelectionStrategy;
import com.linecorp.armeria.client.endpoint.EndpointSelector;
import io.hablocks.api.lb.PickContext;
import io.hablocks.api.lb.Picker;
import io.hablocks.api.lb.Server;
import io.hablocks.ipvs.IpvsSchedulers;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of one pick of every IPVS scheduler over 8, 64 and 1024 destinations (weights random
 * 1..10, fixed seed, no load), on 1 and 2 threads sharing one picker; in the same run
 * gRPC-java's weighted round robin picker ({@code StaticStrideScheduler} of grpc-xds, reached by
 * reflection because it is package-private) and Armeria's weighted round robin selector over
 * the same weights. Each pick cycles through 256 client addresses and 4 virtual addresses.
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar -f 1 -wi 2 -i 3 IpvsPickBenchmark</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class IpvsPickBenchmark {

  @Param({"rr", "wrr", "lc", "wlc", "lblc", "lblcr", "dh", "sh", "sed", "nq", "mh", "fo", "ovf",
      "twos", "grpc-wrr", "armeria-wrr"})
  public String scheduler;

  @Param({"8", "64", "1024"})
  public int destinations;

  private Picker picker;
  private Object grpc;
  private EndpointSelector armeria;
  private Server[] servers;
  private PickContext[] contexts;

  private static final MethodHandle GRPC_PICK;
  private static final Constructor<?> GRPC_NEW;

  static {
    try {
      Class<?> c = Class.forName("io.grpc.xds.WeightedRoundRobinLoadBalancer$StaticStrideScheduler");
      Constructor<?> k = c.getDeclaredConstructor(float[].class, AtomicInteger.class);
      k.setAccessible(true);
      Method pick = c.getDeclaredMethod("pick");
      pick.setAccessible(true);
      GRPC_NEW = k;
      GRPC_PICK = MethodHandles.lookup().unreflect(pick)
          .asType(MethodType.methodType(int.class, Object.class));
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** Per-thread position in the context ring. */
  @State(Scope.Thread)
  public static class Cursor {
    int next;
  }

  /**
   * Builds the picker (or peer) under test.
   *
   * @throws Exception if a peer cannot be built
   */
  @Setup
  public void setup() throws Exception {
    Random r = new Random(7);
    List<Server> list = new ArrayList<>();
    float[] weights = new float[destinations];
    List<Endpoint> endpoints = new ArrayList<>();
    for (int i = 0; i < destinations; i++) {
      int w = 1 + r.nextInt(10);
      String host = "10." + (1 + i / 65536) + "." + ((i / 256) % 256) + "." + (i % 256);
      list.add(Server.of(new InetSocketAddress(host, 80)).withWeight(w));
      weights[i] = w;
      endpoints.add(Endpoint.of(host, 80).withWeight(w));
    }
    servers = list.toArray(new Server[0]);
    contexts = new PickContext[256];
    for (int i = 0; i < contexts.length; i++) {
      contexts[i] = PickContext.of(new InetSocketAddress("192.168.1." + i, 20000 + i),
          new InetSocketAddress("10.255.0." + (i % 4), 80));
    }
    switch (scheduler) {
      case "grpc-wrr":
        grpc = GRPC_NEW.newInstance(weights, new AtomicInteger(r.nextInt()));
        break;
      case "armeria-wrr":
        armeria = EndpointSelectionStrategy.weightedRoundRobin()
            .newSelector(EndpointGroup.of(endpoints));
        if (armeria.selectNow(null) == null) {
          throw new IllegalStateException("armeria selector has no endpoints");
        }
        break;
      default:
        picker = IpvsSchedulers.create(scheduler).newPicker(list, null);
    }
  }

  private Object pickOnce(Cursor c) throws Throwable {
    PickContext ctx = contexts[c.next++ & 255];
    if (picker != null) {
      return picker.pick(ctx);
    }
    if (grpc != null) {
      return servers[(int) GRPC_PICK.invokeExact(grpc)];
    }
    return armeria.selectNow(null);
  }

  /** @param c the thread's cursor @return the pick, one thread @throws Throwable never */
  @Benchmark
  @Threads(1)
  public Object pick1Thread(Cursor c) throws Throwable {
    return pickOnce(c);
  }

  /** @param c the thread's cursor @return the pick, two threads sharing the picker @throws Throwable never */
  @Benchmark
  @Threads(2)
  public Object pick2Threads(Cursor c) throws Throwable {
    return pickOnce(c);
  }
}
