package io.hablocks.benchmarks;

import io.hablocks.api.Clock;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of reading time through {@link Clock#system()} against {@link System#nanoTime()}
 * itself, measured in the same run: every timer in ha-blocks reads the clock, so the indirection
 * must cost next to nothing.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ClockBenchmark {

  private final Clock clock = Clock.system();

  /** @return the time read through the ha-blocks clock */
  @Benchmark
  public long clockNanoTime() {
    return clock.nanoTime();
  }

  /** @return the time read directly: the baseline */
  @Benchmark
  public long systemNanoTime() {
    return System.nanoTime();
  }
}
