package io.hablocks.resources;

import io.hablocks.api.resource.AgentAction;
import io.hablocks.api.resource.AgentId;
import io.hablocks.api.resource.AgentMetadata;
import io.hablocks.api.resource.ExecStatus;
import io.hablocks.api.resource.OperationResult;
import io.hablocks.api.resource.ResourceAgent;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/** A Java agent for executor unit tests: each call waits for the test's reply (or an auto reply). */
final class FakeAgent implements ResourceAgent {

  /** One call the executor made. */
  record Call(String resource, String action, Map<String, String> params,
      CompletableFuture<OperationResult> reply) {
    void ok() {
      reply.complete(OperationResult.done(io.hablocks.api.resource.OcfExitCode.OK));
    }
  }

  final AgentId id;
  final AgentMetadata metadata;
  final BlockingQueue<Call> calls = new LinkedBlockingQueue<>();
  final AtomicInteger running = new AtomicInteger();
  final AtomicInteger maxRunning = new AtomicInteger();
  final Map<String, AtomicInteger> perResource = new ConcurrentHashMap<>();
  final AtomicInteger perResourceMax = new AtomicInteger();
  volatile Function<Call, OperationResult> auto;

  FakeAgent(String type, Duration monitorInterval) {
    this(new AgentId("java", null, type), monitorInterval);
  }

  FakeAgent(AgentId id, Duration monitorInterval) {
    String type = id.type();
    this.id = id;
    this.metadata = new AgentMetadata(type, "1", "", "", List.of(), monitorInterval == null
        ? List.of(new AgentAction("start", Duration.ofSeconds(40), Duration.ZERO, null, 0))
        : List.of(new AgentAction("start", Duration.ofSeconds(40), Duration.ZERO, null, 0),
            new AgentAction("monitor", Duration.ofSeconds(30), monitorInterval, null, 0)));
  }

  @Override
  public AgentId id() {
    return id;
  }

  @Override
  public AgentMetadata metadata() {
    return metadata;
  }

  @Override
  public OperationResult execute(String action, Map<String, String> parameters,
      Duration timeout) {
    String rsc = parameters.get(ResourceAgents.INSTANCE_PARAMETER);
    AtomicInteger mine = perResource.computeIfAbsent(rsc, k -> new AtomicInteger());
    perResourceMax.accumulateAndGet(mine.incrementAndGet(), Math::max);
    maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
    try {
      Call c = new Call(rsc, action, parameters, new CompletableFuture<>());
      Function<Call, OperationResult> a = auto;
      if (a != null) {
        c.reply.complete(a.apply(c));
      }
      calls.add(c);
      return c.reply.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return OperationResult.failed(ExecStatus.ERROR, "interrupted");
    } catch (ExecutionException e) {
      throw new IllegalStateException(e);
    } finally {
      mine.decrementAndGet();
      running.decrementAndGet();
    }
  }

  Call next() throws InterruptedException {
    Call c = calls.poll(10, TimeUnit.SECONDS);
    if (c == null) {
      throw new AssertionError("the agent was not called within 10 s");
    }
    return c;
  }
}
