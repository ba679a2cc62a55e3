package io.hablocks.resources.internal;

import io.hablocks.api.Cancellable;
import io.hablocks.api.resource.AgentId;
import io.hablocks.api.resource.AgentMetadata;
import io.hablocks.api.resource.ExecStatus;
import io.hablocks.api.resource.OcfExitCode;
import io.hablocks.api.resource.OperationResult;
import io.hablocks.api.resource.ResourceAgent;
import io.hablocks.api.resource.ResourceAgentProvider;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The {@code java} class: resources that live in the JVM. Agents are {@link ResourceAgent}s whose
 * id has standard {@code java}, registered by the application or listed in
 * {@code META-INF/services/io.hablocks.api.resource.ResourceAgent}. Each action runs on a thread
 * of its own; at the timeout the thread is interrupted and the result says timeout, so a hung
 * Java agent does not hold the executor. A thrown exception is an error result.
 */
public final class JavaProvider implements ConfigurableProvider {

  private static final AtomicInteger THREADS = new AtomicInteger();
  private static final ExecutorService RUNNERS = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "ha-java-agent-" + THREADS.incrementAndGet());
    t.setDaemon(true);
    return t;
  });

  private final Settings settings;
  private final Map<AgentId, ResourceAgent> agents = new LinkedHashMap<>();

  /** The provider with the agents found through {@link ServiceLoader}. */
  public JavaProvider() {
    this(Settings.defaults());
  }

  /** @param settings the clock and the application's agents */
  public JavaProvider(Settings settings) {
    this.settings = settings;
    for (ResourceAgent a : ServiceLoader.load(ResourceAgent.class)) {
      add(a);
    }
    settings.javaAgents().forEach(this::add);
  }

  private void add(ResourceAgent a) {
    if (!a.id().standard().equals("java")) {
      throw new IllegalArgumentException("Java agent " + a.id() + " must have standard 'java'");
    }
    agents.put(a.id(), a);
  }

  @Override
  public ResourceAgentProvider with(Settings s) {
    return new JavaProvider(s);
  }

  @Override
  public String standard() {
    return "java";
  }

  @Override
  public List<AgentId> list() {
    List<AgentId> out = new ArrayList<>(agents.keySet());
    out.sort(Comparator.comparing(AgentId::type));
    return out;
  }

  @Override
  public Optional<ResourceAgent> find(AgentId id) {
    ResourceAgent a = agents.get(id);
    return a == null ? Optional.empty() : Optional.of(new Guarded(a));
  }

  /** Runs a Java agent's action under a timeout. */
  final class Guarded implements ResourceAgent {
    private final ResourceAgent delegate;

    Guarded(ResourceAgent delegate) {
      this.delegate = delegate;
    }

    @Override
    public AgentId id() {
      return delegate.id();
    }

    @Override
    public AgentMetadata metadata() {
      return delegate.metadata();
    }

    @Override
    public OperationResult execute(String action, Map<String, String> parameters,
        Duration timeout) {
      CompletableFuture<OperationResult> result = new CompletableFuture<>();
      // the timeout is on the clock before the agent starts, so a test clock sees it at once
      java.util.concurrent.atomic.AtomicReference<Future<?>> running =
          new java.util.concurrent.atomic.AtomicReference<>();
      Cancellable t = settings.clock().schedule(timeout, () -> {
        if (result.complete(OperationResult.failed(ExecStatus.TIMEOUT, Results.TIMEOUT_REASON))) {
          Future<?> r = running.get();
          if (r != null) {
            r.cancel(true);
          }
        }
      });
      Future<?> f = RUNNERS.submit(() -> {
        try {
          result.complete(delegate.execute(action, parameters, timeout));
        } catch (RuntimeException | Error e) {
          result.complete(new OperationResult(OcfExitCode.ERR_GENERIC.code(), ExecStatus.ERROR,
              "agent threw " + e, ""));
        }
      });
      running.set(f);
      if (result.isDone()) {
        f.cancel(true);
      }
      try {
        return result.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        f.cancel(true);
        return OperationResult.failed(ExecStatus.CANCELLED, "interrupted");
      } catch (ExecutionException e) {
        return OperationResult.failed(ExecStatus.ERROR, String.valueOf(e.getCause()));
      } finally {
        t.cancel();
      }
    }

    @Override
    public String toString() {
      return delegate.id().toString();
    }
  }
}
