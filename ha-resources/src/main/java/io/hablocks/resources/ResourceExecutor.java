package io.hablocks.resources;

import io.hablocks.api.Clock;
import io.hablocks.api.resource.AgentId;
import io.hablocks.api.resource.ResourceAgent;
import io.hablocks.resources.internal.ExecutorEngine;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Pacemaker's executor (execd) in the JVM. Operations of one resource run one at a time in the
 * order submitted; different resources run in parallel up to {@code maxParallel}. A recurring
 * operation (interval &gt; 0) runs first after its start-delay and then on a fixed grid of its
 * interval (a beat it overran is skipped), until cancelled or until a stop of its resource is
 * submitted. Every result is published to the listeners as an {@link LrmOperation}; a cancelled
 * recurring operation is published once with op-status CANCELLED. Timers go through the
 * {@link Clock}; agents run on the executor's own bounded worker pool.
 *
 * <pre>{@code
 * try (ResourceExecutor ex = ResourceExecutor.builder().build()) {
 *   ex.addListener(op -> System.out.println(op.operationKey() + " rc=" + op.rcCode()));
 *   AgentId dummy = AgentId.parse("ocf:heartbeat:Dummy");
 *   LrmOperation start = ex.submit(OperationRequest.builder("d1", dummy, "start")
 *       .parameter("state", "/run/d1.state").build()).join();
 *   ex.submit(OperationRequest.builder("d1", dummy, "monitor")
 *       .interval(Duration.ofSeconds(10)).parameter("state", "/run/d1.state").build());
 * }
 * }</pre>
 */
public final class ResourceExecutor implements AutoCloseable {

  private final ExecutorEngine engine;

  private ResourceExecutor(ExecutorEngine engine) {
    this.engine = engine;
  }

  /** @return a builder */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Submits an operation. A monitor without an interval gets the agent's advertised monitor
   * interval (or 60 s); an operation without a timeout gets the agent's advertised timeout for
   * the action (or 20 s); both may run the agent's meta-data once.
   *
   * @param request the operation
   * @return completes with the first result (for a recurring operation its first run, or its
   *     cancellation)
   * @throws ResourceException if the executor is closed
   */
  public CompletableFuture<LrmOperation> submit(OperationRequest request) {
    return engine.submit(Objects.requireNonNull(request, "request"));
  }

  /**
   * Cancels a recurring operation.
   *
   * @param resourceId the resource
   * @param action the action
   * @param interval its interval
   * @return true if it was active
   */
  public boolean cancel(String resourceId, String action, Duration interval) {
    return engine.cancel(resourceId, action, interval);
  }

  /**
   * Adds a listener for every result, called on the worker that ran the operation.
   *
   * @param listener the listener; must not block long
   * @return a handle that removes it
   */
  public Runnable addListener(Consumer<LrmOperation> listener) {
    return engine.addListener(Objects.requireNonNull(listener));
  }

  /** @return the keys ({@code rsc_action_intervalms}) of the active recurring operations */
  public List<String> recurring() {
    return engine.recurringKeys();
  }

  /** @param resourceId a resource @return how many of its operations wait in its queue */
  public int queued(String resourceId) {
    return engine.queued(resourceId);
  }

  /** @return how many operations run now */
  public int running() {
    return engine.running();
  }

  /** Cancels every recurring operation and stops the workers after the running operations. */
  @Override
  public void close() {
    engine.close();
  }

  /** Builds a {@link ResourceExecutor}. */
  public static final class Builder {
    private Clock clock = Clock.system();
    private Function<AgentId, Optional<ResourceAgent>> agents;
    private int maxParallel = Math.max(2, 2 * Runtime.getRuntime().availableProcessors());
    private Duration defaultTimeout = Duration.ofSeconds(20);
    private Duration defaultMonitorInterval = Duration.ofSeconds(60);

    private Builder() {}

    /** @param c the clock for delays, intervals and times @return this */
    public Builder clock(Clock c) {
      this.clock = Objects.requireNonNull(c);
      return this;
    }

    /** @param a the agent classes (default: {@link ResourceAgents} on this clock) @return this */
    public Builder agents(ResourceAgents a) {
      Objects.requireNonNull(a);
      this.agents = a::find;
      return this;
    }

    /**
     * @param n how many operations may run at once (Pacemaker's node-action-limit; default
     *     twice the processors)
     * @return this
     */
    public Builder maxParallel(int n) {
      if (n < 1) {
        throw new ResourceException("maxParallel must be at least 1, not " + n);
      }
      this.maxParallel = n;
      return this;
    }

    /** @param d the timeout when the agent advertises none @return this */
    public Builder defaultTimeout(Duration d) {
      this.defaultTimeout = Objects.requireNonNull(d);
      return this;
    }

    /** @param d the monitor interval when the agent advertises none @return this */
    public Builder defaultMonitorInterval(Duration d) {
      this.defaultMonitorInterval = Objects.requireNonNull(d);
      return this;
    }

    /** @return the executor */
    public ResourceExecutor build() {
      Function<AgentId, Optional<ResourceAgent>> a = agents;
      if (a == null) {
        ResourceAgents ra = ResourceAgents.builder().clock(clock).build();
        a = ra::find;
      }
      return new ResourceExecutor(new ExecutorEngine(clock, a, maxParallel, defaultTimeout,
          defaultMonitorInterval));
    }
  }
}
