package io.hablocks.stonith;

import io.hablocks.api.Clock;
import io.hablocks.api.fence.FenceAction;
import io.hablocks.api.membership.MembershipEngine;
import io.hablocks.api.membership.QuorumProvider;
import io.hablocks.stonith.internal.FencerCore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/**
 * The fencer (Pacemaker's pacemaker-fenced): fences nodes through {@link StonithDevice}s,
 * following the {@link FencingTopology} (levels tried by rising index; every device of a level
 * must succeed; a failed or timed-out level falls through to the next), with each device's
 * timeouts, retries and delays; merges requests for the same target and action made while one
 * is pending; keeps a history of every operation; and keeps the {@link FencingGate}.
 *
 * <p>With a {@link MembershipEngine}, requests and results are broadcast: every member merges
 * requests in the same total order, one member (the requester, or the lowest other member when
 * the requester is the target) executes, and every member records the result in its history
 * and gate. With a {@link QuorumProvider}, only a quorate partition fences (unless
 * {@link Builder#fenceWithoutQuorum}). Every delay and timeout is a task on the {@link Clock}.
 *
 * <pre>{@code
 * Fencer fencer = Fencer.builder(clock, "node1")
 *     .device(StonithDevice.agent("ipmi-n2", "fence_ipmilan", clock, Map.of(
 *         "ip", "10.0.0.12", "username", "admin", "password", "secret",
 *         "pcmk_host_list", "node2")))
 *     .build();
 * FenceOperation op = fencer.fence("node2", FenceAction.REBOOT, "admin").join();
 * }</pre>
 */
public final class Fencer implements AutoCloseable {

  private final FencerCore core;
  private final ExecutorService ownExecutor;

  private Fencer(FencerCore core, ExecutorService ownExecutor) {
    this.core = core;
    this.ownExecutor = ownExecutor;
  }

  /**
   * Starts a builder.
   *
   * @param clock the clock of every delay and timeout
   * @param localNode this node's name (with an engine, its local node's name is used)
   * @return the builder
   */
  public static Builder builder(Clock clock, String localNode) {
    return new Builder(clock, localNode);
  }

  /**
   * Asks for a node to be fenced.
   *
   * @param target the node name
   * @param action {@link FenceAction#OFF}, {@link FenceAction#REBOOT} or {@link FenceAction#ON}
   * @param client who asks (recorded in the history)
   * @return completed with the operation when it has ended (done or failed); exceptionally only
   *     if the fencer or its engine stopped first
   * @throws StonithException if the action is no fencing action or the target is blank
   */
  public CompletableFuture<FenceOperation> fence(String target, FenceAction action,
      String client) {
    Objects.requireNonNull(action, "action");
    if (action != FenceAction.OFF && action != FenceAction.REBOOT && action != FenceAction.ON) {
      throw new StonithException("'" + action.word() + "' is not a fencing action "
          + "(off, reboot or on)");
    }
    if (target == null || target.isBlank() || target.chars().anyMatch(Character::isWhitespace)) {
      throw new StonithException("fence target '" + target + "' is not a node name");
    }
    return core.fence(target, action, Objects.requireNonNullElse(client, "unknown"));
  }

  /**
   * Records that an operator confirmed a node down without fencing it
   * ({@code stonith_admin --confirm}): the gate lets its resources be recovered.
   *
   * @param target the node
   * @param client who confirms
   * @return completed with the recorded operation
   */
  public CompletableFuture<FenceOperation> confirm(String target, String client) {
    return core.confirm(target, client);
  }

  /** @return every operation this member knows, oldest request first (pending ones included) */
  public List<FenceOperation> history() {
    return core.history();
  }

  /**
   * The operations on one target.
   *
   * @param target the node
   * @return its operations, oldest first
   */
  public List<FenceOperation> history(String target) {
    List<FenceOperation> out = new ArrayList<>();
    for (FenceOperation op : core.history()) {
      if (op.target().equals(target)) {
        out.add(op);
      }
    }
    return out;
  }

  /** @return the gate that blocks recovery from unclean nodes */
  public FencingGate gate() {
    return core.gate();
  }

  /** @return messages from other members dropped because they were not valid */
  public long droppedMessages() {
    return core.dropped();
  }

  /** Stops: pending requests of this member complete exceptionally. Idempotent. */
  @Override
  public void close() {
    core.close();
    if (ownExecutor != null) {
      ownExecutor.shutdownNow();
    }
  }

  /** Collects the fencer's configuration. */
  public static final class Builder {
    private final Clock clock;
    private final String localNode;
    private final List<StonithDevice> devices = new ArrayList<>();
    private FencingTopology topology = FencingTopology.empty();
    private MembershipEngine engine;
    private QuorumProvider quorum;
    private boolean fenceWithoutQuorum;
    private Duration stonithTimeout = Duration.ofSeconds(60);
    private Duration priorityFencingDelay = Duration.ZERO;
    private ToIntFunction<String> nodePriority = n -> 0;
    private Function<String, Map<String, String>> nodeAttributes = n -> Map.of();
    private Executor executor;
    private Random random = new Random();
    private boolean fenceLostNodes;
    private FenceAction lostNodeAction = FenceAction.REBOOT;
    private int historyLimit = 500;

    private Builder(Clock clock, String localNode) {
      this.clock = Objects.requireNonNull(clock, "clock");
      this.localNode = Objects.requireNonNull(localNode, "localNode");
    }

    /** @param device a device @return this builder */
    public Builder device(StonithDevice device) {
      devices.add(Objects.requireNonNull(device, "device"));
      return this;
    }

    /** @param topology the levels @return this builder */
    public Builder topology(FencingTopology topology) {
      this.topology = Objects.requireNonNull(topology, "topology");
      return this;
    }

    /**
     * Runs the fencer as a member of a cluster.
     *
     * @param engine the membership engine (its local node's name becomes this fencer's name)
     * @return this builder
     */
    public Builder membership(MembershipEngine engine) {
      this.engine = Objects.requireNonNull(engine, "engine");
      return this;
    }

    /** @param quorum where quorum is read; without it the fencer always fences @return this */
    public Builder quorum(QuorumProvider quorum) {
      this.quorum = Objects.requireNonNull(quorum, "quorum");
      return this;
    }

    /** @param yes fence even without quorum (default false) @return this builder */
    public Builder fenceWithoutQuorum(boolean yes) {
      this.fenceWithoutQuorum = yes;
      return this;
    }

    /** @param timeout stonith-timeout, a device action's default timeout (60 s) @return this */
    public Builder stonithTimeout(Duration timeout) {
      if (timeout.isNegative() || timeout.isZero()) {
        throw new StonithException("stonith-timeout must be positive, got " + timeout);
      }
      this.stonithTimeout = timeout;
      return this;
    }

    /**
     * priority-fencing-delay: fencing of the node with the strictly highest priority is
     * delayed by this much, so that in a split the side with the more important node wins.
     *
     * @param delay the delay (0 disables it)
     * @param priority a node's priority (the sum of its resources' priorities)
     * @return this builder
     */
    public Builder priorityFencingDelay(Duration delay, ToIntFunction<String> priority) {
      this.priorityFencingDelay = Objects.requireNonNull(delay, "delay");
      this.nodePriority = Objects.requireNonNull(priority, "priority");
      return this;
    }

    /** @param attributes a node's attributes, for levels by attribute @return this builder */
    public Builder nodeAttributes(Function<String, Map<String, String>> attributes) {
      this.nodeAttributes = Objects.requireNonNull(attributes, "attributes");
      return this;
    }

    /**
     * Where device actions run (they block). Default: a pool of daemon threads owned by the
     * fencer. Tests pass {@code Runnable::run} to run them in order on the clock's thread.
     *
     * @param executor the executor
     * @return this builder
     */
    public Builder executor(Executor executor) {
      this.executor = Objects.requireNonNull(executor, "executor");
      return this;
    }

    /** @param random the source of pcmk_delay_max's random part @return this builder */
    public Builder random(Random random) {
      this.random = Objects.requireNonNull(random, "random");
      return this;
    }

    /**
     * Whether every member asks to fence a node that leaves the membership (as the controller
     * does); requests from several members are merged into one operation.
     *
     * @param yes true to fence lost nodes (default false)
     * @param action the action (stonith-action, reboot by default)
     * @return this builder
     */
    public Builder fenceLostNodes(boolean yes, FenceAction action) {
      this.fenceLostNodes = yes;
      this.lostNodeAction = Objects.requireNonNull(action, "action");
      return this;
    }

    /** @param limit operations kept in the history (500) @return this builder */
    public Builder historyLimit(int limit) {
      if (limit < 1) {
        throw new StonithException("history limit must be at least 1, got " + limit);
      }
      this.historyLimit = limit;
      return this;
    }

    /**
     * Builds and starts the fencer.
     *
     * @return the fencer
     * @throws StonithException if the topology names an unknown device or device ids repeat
     */
    public Fencer build() {
      java.util.Set<String> ids = new java.util.HashSet<>();
      for (StonithDevice d : devices) {
        if (!ids.add(d.id())) {
          throw new StonithException("device id '" + d.id() + "' is used twice");
        }
      }
      ExecutorService own = null;
      Executor ex = executor;
      if (ex == null) {
        own = Executors.newCachedThreadPool(r -> {
          Thread t = new Thread(r, "fencer-device");
          t.setDaemon(true);
          return t;
        });
        ex = own;
      }
      String name = engine != null ? engine.localNode().name() : localNode;
      FencerCore core = new FencerCore(new FencerCore.Config(clock, name, List.copyOf(devices),
          topology, engine, quorum, fenceWithoutQuorum, stonithTimeout, priorityFencingDelay,
          nodePriority, nodeAttributes, ex, random, fenceLostNodes, lostNodeAction,
          historyLimit));
      core.start();
      return new Fencer(core, own);
    }
  }
}
