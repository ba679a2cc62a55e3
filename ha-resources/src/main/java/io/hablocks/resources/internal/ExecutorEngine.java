package io.hablocks.resources.internal;

import io.hablocks.api.Cancellable;
import io.hablocks.api.Clock;
import io.hablocks.api.resource.AgentAction;
import io.hablocks.api.resource.AgentId;
import io.hablocks.api.resource.AgentMetadata;
import io.hablocks.api.resource.ExecStatus;
import io.hablocks.api.resource.OcfExitCode;
import io.hablocks.api.resource.OperationResult;
import io.hablocks.api.resource.ResourceAgent;
import io.hablocks.resources.LrmOperation;
import io.hablocks.resources.OperationDigest;
import io.hablocks.resources.OperationRequest;
import io.hablocks.resources.ResourceAgents;
import io.hablocks.resources.ResourceException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The executor's engine: one FIFO queue per resource (one operation at a time), a bounded worker
 * pool across resources, recurring operations on the {@link Clock}. All state is guarded by
 * {@code this}; agents run outside the lock on the workers.
 */
public final class ExecutorEngine {

  private static final Logger LOG = LoggerFactory.getLogger(ExecutorEngine.class);

  private final Clock clock;
  private final Function<AgentId, Optional<ResourceAgent>> agents;
  private final int maxParallel;
  private final Duration defaultTimeout;
  private final Duration defaultMonitorInterval;
  private final ThreadPoolExecutor workers;
  private final List<Consumer<LrmOperation>> listeners = new CopyOnWriteArrayList<>();
  private final Map<AgentId, ResourceAgent> agentCache = new ConcurrentHashMap<>();
  private final Map<AgentId, Optional<AgentMetadata>> metadataCache = new ConcurrentHashMap<>();

  // guarded by this
  private final Map<String, ResourceQueue> queues = new HashMap<>();
  private final ArrayDeque<ResourceQueue> ready = new ArrayDeque<>();
  private final Map<String, Op> recurring = new LinkedHashMap<>();
  private final java.util.Set<Op> delayed = new java.util.HashSet<>(); // one-shots on a timer
  private final Map<String, int[]> lastRc = new HashMap<>();
  private final Map<String, Instant> lastRcChange = new HashMap<>();
  private int active;
  private int callIds;
  private boolean closed;

  /**
   * @param clock the clock for delays, intervals and queue/exec times
   * @param agents how agents are found
   * @param maxParallel operations running at once across resources
   * @param defaultTimeout timeout when neither the request nor the agent gives one
   * @param defaultMonitorInterval monitor interval when neither the request nor the agent gives one
   */
  public ExecutorEngine(Clock clock, Function<AgentId, Optional<ResourceAgent>> agents,
      int maxParallel, Duration defaultTimeout, Duration defaultMonitorInterval) {
    this.clock = clock;
    this.agents = agents;
    this.maxParallel = maxParallel;
    this.defaultTimeout = defaultTimeout;
    this.defaultMonitorInterval = defaultMonitorInterval;
    AtomicInteger n = new AtomicInteger();
    this.workers = new ThreadPoolExecutor(maxParallel, maxParallel, 60, TimeUnit.SECONDS,
        new LinkedBlockingQueue<>(), r -> {
          Thread t = new Thread(r, "ha-executor-" + n.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
    this.workers.allowCoreThreadTimeOut(true);
  }

  /** @param l a listener for every result @return a handle that removes it */
  public Runnable addListener(Consumer<LrmOperation> l) {
    listeners.add(l);
    return () -> listeners.remove(l);
  }

  /** One resource's queue. */
  private static final class ResourceQueue {
    final String id;
    final ArrayDeque<Op> ops = new ArrayDeque<>();
    boolean running;
    boolean inReady;

    ResourceQueue(String id) {
      this.id = id;
    }
  }

  /** One submitted operation (a recurring one is one Op for all its runs). */
  private final class Op {
    final OperationRequest request;
    final ResourceAgent agent;
    final int callId;
    final Duration interval;
    final Duration timeout;
    final Map<String, String> parameters;
    final String digest;
    final CompletableFuture<LrmOperation> first = new CompletableFuture<>();
    long queuedAt;
    long nominalDue;
    Cancellable timer;
    boolean cancelled;
    boolean queued;
    boolean notified;
    // "go again" (Pacemaker's execd): a Nagios start that fails, or a systemd start/stop
    // followed by monitors until the unit settles, run again after a delay within the timeout
    String runAction;
    String realAction;
    Duration runTimeout;
    long firstStarted = -1;
    long firstQueue;
    int lastNotifiedRc;
    ExecStatus lastNotifiedStatus;

    Op(OperationRequest request, ResourceAgent agent, int callId, Duration interval,
        Duration timeout) {
      this.request = request;
      this.agent = agent;
      this.callId = callId;
      this.interval = interval;
      this.timeout = timeout;
      Map<String, String> p = new LinkedHashMap<>(request.parameters());
      for (Map.Entry<String, String> e : request.meta().entrySet()) {
        p.put("CRM_meta_" + e.getKey().replace('-', '_'), e.getValue());
      }
      p.put("CRM_meta_timeout", Long.toString(timeout.toMillis()));
      if (!interval.isZero()) {
        p.put("CRM_meta_interval", Long.toString(interval.toMillis()));
        p.put("CRM_meta_name", request.action());
      }
      this.digest = OperationDigest.of(p);
      p.put(ResourceAgents.INSTANCE_PARAMETER, request.resourceId());
      this.parameters = Map.copyOf(p);
    }

    String key() {
      return request.resourceId() + "_" + request.action() + "_" + interval.toMillis();
    }
  }

  /**
   * Submits an operation.
   *
   * @param request the operation
   * @return the first result
   */
  public CompletableFuture<LrmOperation> submit(OperationRequest request) {
    ResourceAgent agent = agentCache.computeIfAbsent(request.agent(),
        id -> agents.apply(id).orElse(null));
    int callId;
    synchronized (this) {
      if (closed) {
        throw new ResourceException("executor is closed; " + request + " refused");
      }
      callId = ++callIds;
    }
    if (agent == null) {
      LrmOperation r = record(request, callId, request.interval() == null ? Duration.ZERO
          : request.interval(), new OperationResult(OcfExitCode.ERR_INSTALLED.code(),
          ExecStatus.NOT_INSTALLED, "agent " + request.agent() + " is not installed", ""),
          Duration.ZERO, Duration.ZERO, OperationDigest.of(request.parameters()));
      publish(r);
      return CompletableFuture.completedFuture(r);
    }
    Duration interval = request.interval();
    if (interval == null) {
      interval = request.action().equals("monitor") ? advertisedInterval(agent) : Duration.ZERO;
    }
    Duration timeout = request.timeout() != null ? request.timeout()
        : advertisedTimeout(agent, request.action(), interval);
    Op op = new Op(request, agent, callId, interval, timeout);
    if (request.action().equals("stop")) {
      cancelRecurring(request.resourceId());
    }
    synchronized (this) {
      if (!interval.isZero()) {
        Op old = recurring.put(op.key(), op);
        if (old != null) {
          cancelLocked(old);
        }
      }
      if (request.startDelay().isZero()) {
        op.nominalDue = clock.nanoTime();
        enqueueLocked(op);
      } else {
        if (interval.isZero()) {
          delayed.add(op);
        }
        op.timer = clock.schedule(request.startDelay(), () -> {
          synchronized (ExecutorEngine.this) {
            delayed.remove(op);
            if (!op.cancelled && !closed) {
              op.nominalDue = clock.nanoTime();
              enqueueLocked(op);
            }
          }
        });
      }
    }
    return op.first;
  }

  private Duration advertisedInterval(ResourceAgent agent) {
    return metadata(agent).flatMap(m -> m.actions().stream()
        .filter(a -> a.name().equals("monitor") && !a.interval().isZero()).findFirst())
        .map(AgentAction::interval).orElse(defaultMonitorInterval);
  }

  private Duration advertisedTimeout(ResourceAgent agent, String action, Duration interval) {
    return metadata(agent).flatMap(m -> m.actions().stream()
        .filter(a -> a.name().equals(action) && a.timeout() != null
            && (!action.equals("monitor") || interval.isZero() || a.interval().equals(interval)))
        .findFirst().or(() -> m.action(action).filter(a -> a.timeout() != null)))
        .map(AgentAction::timeout).orElse(defaultTimeout);
  }

  private Optional<AgentMetadata> metadata(ResourceAgent agent) {
    return metadataCache.computeIfAbsent(agent.id(), id -> {
      try {
        return Optional.of(agent.metadata());
      } catch (RuntimeException e) {
        LOG.warn("{}: no meta-data ({}); using defaults", id, e.getMessage());
        return Optional.empty();
      }
    });
  }

  private void enqueueLocked(Op op) {
    ResourceQueue q = queues.computeIfAbsent(op.request.resourceId(), ResourceQueue::new);
    op.queuedAt = clock.nanoTime();
    op.queued = true;
    q.ops.add(op);
    if (!q.running && !q.inReady) {
      q.inReady = true;
      ready.add(q);
    }
    dispatchLocked();
  }

  private void dispatchLocked() {
    while (active < maxParallel && !ready.isEmpty() && !closed) {
      ResourceQueue q = ready.poll();
      q.inReady = false;
      Op op = q.ops.poll();
      if (op == null) {
        continue;
      }
      op.queued = false;
      q.running = true;
      active++;
      workers.execute(() -> run(q, op));
    }
  }

  private void run(ResourceQueue q, Op op) {
    long started = clock.nanoTime();
    if (op.firstStarted < 0 || !op.interval.isZero()) {
      op.firstStarted = started;
      op.firstQueue = started - op.queuedAt;
      op.runAction = op.request.action();
      op.runTimeout = op.timeout;
      op.realAction = null;
    }
    OperationResult result;
    try {
      result = op.agent.execute(op.runAction, op.parameters, op.runTimeout);
    } catch (RuntimeException e) {
      LOG.error("{} threw", op.key(), e);
      result = new OperationResult(OcfExitCode.ERR_GENERIC.code(), ExecStatus.ERROR,
          "agent failed: " + e, "");
    }
    long ended = clock.nanoTime();
    LrmOperation rec;
    boolean publish;
    synchronized (this) {
      q.running = false;
      active--;
      if (!q.ops.isEmpty() && !q.inReady) {
        q.inReady = true;
        ready.add(q);
      }
      if (op.interval.isZero() && !closed) {
        result = goAgain(op, result, ended);
        if (result == null) {
          dispatchLocked();
          return; // runs again later; nothing is reported yet
        }
      }
      publish = true;
      if (op.cancelled && !op.interval.isZero()) {
        publish = false; // its cancellation was already reported
      }
      boolean oneShot = op.interval.isZero();
      rec = record(op.request, op.callId, op.interval, result,
          Duration.ofNanos(Math.max(0, ended - (oneShot ? op.firstStarted : started))),
          Duration.ofNanos(Math.max(0, oneShot ? op.firstQueue : started - op.queuedAt)),
          op.digest);
      if (publish && op.request.changesOnly() && op.notified && op.lastNotifiedRc == rec.rcCode()
          && op.lastNotifiedStatus == rec.opStatus()) {
        publish = false; // unchanged: not reported again
      }
      if (publish) {
        op.notified = true;
        op.lastNotifiedRc = rec.rcCode();
        op.lastNotifiedStatus = rec.opStatus();
      }
      if (!op.interval.isZero() && !op.cancelled && !closed) {
        long next = op.nominalDue + op.interval.toNanos();
        long now = clock.nanoTime();
        if (next < now) { // overran: skip to the next beat on the grid
          long missed = (now - next) / op.interval.toNanos() + 1;
          next += missed * op.interval.toNanos();
        }
        op.nominalDue = next;
        op.timer = clock.schedule(Duration.ofNanos(next - now), () -> {
          synchronized (ExecutorEngine.this) {
            if (!op.cancelled && !closed) {
              enqueueLocked(op);
            }
          }
        });
      }
      dispatchLocked();
    }
    if (publish) {
      publish(rec);
      op.first.complete(rec);
    }
  }

  /**
   * Pacemaker's execd "go again": decides whether a one-shot operation runs again (returns null,
   * having scheduled it) or ends with the given (possibly adjusted) result.
   */
  private OperationResult goAgain(Op op, OperationResult r, long now) {
    String std = op.agent.id().standard();
    String action = op.request.action();
    boolean again = false;
    if (std.equals("nagios") && action.equals("start") && !r.isOk()) {
      again = true;
    } else if (std.equals("systemd")) {
      if (op.realAction == null && r.isOk() && (action.equals("start") || action.equals("stop"))) {
        // systemd may return before the unit settles: confirm with monitors
        op.realAction = action;
        op.runAction = "monitor";
        again = true;
      } else if (op.realAction != null) {
        if (r.status() == ExecStatus.PENDING) {
          again = true;
        } else if (r.isOk() && op.realAction.equals("stop")) {
          again = true; // still running: wait for it to stop
        } else {
          op.runAction = op.realAction;
          op.realAction = null;
          if (action.equals("stop") && r.status() == ExecStatus.DONE
              && r.exitCode() == OcfExitCode.NOT_RUNNING.code()) {
            r = new OperationResult(OcfExitCode.OK.code(), ExecStatus.DONE, r.exitReason(),
                r.output());
          }
        }
      }
    }
    if (!again) {
      return r;
    }
    long total = op.timeout.toNanos();
    long left = total - (now - op.firstStarted);
    long delay = total / 10;
    long ms20 = Duration.ofMillis(20).toNanos();
    if (delay >= left && left > ms20) {
      delay = left / 2;
    }
    delay = Math.min(Duration.ofSeconds(2).toNanos(), delay);
    if (delay >= left) {
      LOG.info("giving up on {} (rc {}): timeout", op.key(), r.exitCode());
      return new OperationResult(r.exitCode(), ExecStatus.TIMEOUT, Results.TIMEOUT_REASON,
          r.output());
    }
    op.runTimeout = Duration.ofNanos(left);
    delayed.add(op);
    op.timer = clock.schedule(Duration.ofNanos(delay), () -> {
      synchronized (ExecutorEngine.this) {
        delayed.remove(op);
        if (!op.cancelled && !closed) {
          enqueueLocked(op);
        }
      }
    });
    return null;
  }

  private synchronized LrmOperation record(OperationRequest req, int callId, Duration interval,
      OperationResult result, Duration exec, Duration queue, String digest) {
    String key = req.resourceId() + "_" + req.action() + "_" + interval.toMillis();
    int rc = result.exitCode();
    int[] prev = lastRc.get(key);
    Instant change = lastRcChange.get(key);
    if (prev == null || prev[0] != rc || change == null) {
      change = clock.instant();
      lastRcChange.put(key, change);
      lastRc.put(key, new int[] {rc});
    }
    return new LrmOperation(req.resourceId(), callId, req.action(), interval, rc,
        result.status(), exec, queue, change, result.exitReason(), digest, req.transitionKey());
  }

  private void publish(LrmOperation r) {
    for (Consumer<LrmOperation> l : listeners) {
      try {
        l.accept(r);
      } catch (RuntimeException e) {
        LOG.warn("result listener failed on {}", r.operationKey(), e);
      }
    }
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
    Op op;
    synchronized (this) {
      op = recurring.remove(resourceId + "_" + action + "_" + interval.toMillis());
      if (op == null) {
        return false;
      }
      cancelLocked(op);
    }
    reportCancelled(op);
    return true;
  }

  /**
   * Cancels every recurring operation of a resource (what a stop does first).
   *
   * @param resourceId the resource
   * @return how many were cancelled
   */
  public int cancelRecurring(String resourceId) {
    List<Op> gone = new ArrayList<>();
    synchronized (this) {
      for (Iterator<Op> it = recurring.values().iterator(); it.hasNext(); ) {
        Op op = it.next();
        if (op.request.resourceId().equals(resourceId)) {
          it.remove();
          cancelLocked(op);
          gone.add(op);
        }
      }
    }
    gone.forEach(this::reportCancelled);
    return gone.size();
  }

  private void cancelLocked(Op op) {
    op.cancelled = true;
    if (op.timer != null) {
      op.timer.cancel();
    }
    if (op.queued) {
      ResourceQueue q = queues.get(op.request.resourceId());
      if (q != null) {
        q.ops.remove(op);
      }
      op.queued = false;
    }
  }

  private void reportCancelled(Op op) {
    LrmOperation r = record(op.request, op.callId, op.interval,
        new OperationResult(OcfExitCode.OK.code(), ExecStatus.CANCELLED, "", ""), Duration.ZERO,
        Duration.ZERO, op.digest);
    publish(r);
    op.first.complete(r);
  }

  /** @return the keys of the active recurring operations */
  public synchronized List<String> recurringKeys() {
    return List.copyOf(recurring.keySet());
  }

  /** @param resourceId a resource @return operations waiting in its queue */
  public synchronized int queued(String resourceId) {
    ResourceQueue q = queues.get(resourceId);
    return q == null ? 0 : q.ops.size();
  }

  /** @return operations running now */
  public synchronized int running() {
    return active;
  }

  /** Cancels every recurring operation, refuses new ones and stops the workers. */
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      for (Op op : recurring.values()) {
        cancelLocked(op);
      }
      recurring.clear();
      for (Op op : delayed) {
        op.cancelled = true;
        op.timer.cancel();
        op.first.completeExceptionally(new ResourceException("executor closed before "
            + op.key() + " ran"));
      }
      delayed.clear();
      for (ResourceQueue q : queues.values()) {
        for (Op op : q.ops) {
          op.first.completeExceptionally(new ResourceException("executor closed before "
              + op.key() + " ran"));
        }
        q.ops.clear();
      }
    }
    workers.shutdown();
  }
}
