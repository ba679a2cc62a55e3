package io.hablocks.stonith.internal;

import io.hablocks.api.Cancellable;
import io.hablocks.api.Clock;
import io.hablocks.api.MembershipView;
import io.hablocks.api.Node;
import io.hablocks.api.Subscription;
import io.hablocks.api.fence.FenceAction;
import io.hablocks.api.fence.FenceResult;
import io.hablocks.api.membership.MembershipEngine;
import io.hablocks.api.membership.MembershipListener;
import io.hablocks.api.membership.Message;
import io.hablocks.api.membership.QuorumProvider;
import io.hablocks.stonith.AgentFenceDevice;
import io.hablocks.stonith.FenceLevel;
import io.hablocks.stonith.FenceOperation;
import io.hablocks.stonith.FenceOperation.DeviceOutcome;
import io.hablocks.stonith.FenceOperation.State;
import io.hablocks.stonith.FencingTopology;
import io.hablocks.stonith.HostCheck;
import io.hablocks.stonith.StonithDevice;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.ToIntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fencer's logic. Every state change happens in one {@link SerialContext}; device calls run
 * on an {@link Executor}; every delay and timeout is a {@link Clock} task. Requests and results
 * travel as broadcasts when a membership engine is given (so every member merges requests and
 * records results in the same order), or straight into the context otherwise.
 */
public final class FencerCore implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(FencerCore.class);
  private static final Duration LIST_CACHE = Duration.ofSeconds(60);

  /** Everything the builder collects. */
  public record Config(Clock clock, String localName, List<StonithDevice> devices,
      FencingTopology topology, MembershipEngine engine, QuorumProvider quorum,
      boolean fenceWithoutQuorum, Duration stonithTimeout, Duration priorityFencingDelay,
      ToIntFunction<String> nodePriority, Function<String, Map<String, String>> nodeAttributes,
      Executor executor, Random random, boolean fenceLostNodes, FenceAction lostNodeAction,
      int historyLimit) {}

  private final Config cfg;
  private final Clock clock;
  private final String local;
  private final Map<String, StonithDevice> devices = new LinkedHashMap<>();
  private final SerialContext ctx = new SerialContext();
  private final GateState gate = new GateState();
  private final AtomicLong counter = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();
  private final String idPrefix;
  private final Map<String, CompletableFuture<FenceOperation>> waiting = new ConcurrentHashMap<>();
  // state below: only inside ctx
  private final Map<String, Op> pendingByKey = new LinkedHashMap<>();
  private final Map<String, Op> ops = new HashMap<>();
  private final java.util.LinkedHashSet<String> finishedIds = new java.util.LinkedHashSet<>();
  private final Deque<FenceOperation> history = new ArrayDeque<>();
  private final Map<String, CachedList> listCache = new HashMap<>();
  private volatile List<FenceOperation> historySnapshot = List.of();
  private MembershipView view;
  // lost members whose fencing waits for the quorum of the view that lost them
  private final Set<String> lostAwaitingQuorum = new TreeSet<>();
  private Subscription engineSub;
  private Subscription quorumSub;
  private volatile boolean closed;

  private static final class Op {
    String id;
    String target;
    FenceAction action;
    String origin;
    final List<String> clients = new ArrayList<>();
    final List<String> reqIds = new ArrayList<>();
    String executor = "";
    final List<DeviceOutcome> outcomes = new ArrayList<>();
    State state = State.PENDING;
    int exitCode = FenceResult.EC_GENERIC_ERROR;
    String reason = "";
    Instant requested;
    Instant completed;
    Exec exec;

    FenceOperation snapshot() {
      return new FenceOperation(id, target, action, origin, clients, executor, outcomes, state,
          exitCode, reason, requested, completed);
    }
  }

  private record Step(String device, FenceAction action, boolean fatal) {}

  private record Level(int index, List<Step> steps) {}

  private static final class Exec {
    List<Level> plan;
    int level;
    int step;
    int attempts;
    int maxAttempts;
    long deadline;
    int token;
    Cancellable timer;
    FenceAction sent;
  }

  private record CachedList(long at, Set<String> plugs) {}

  /**
   * Creates the core.
   *
   * @param cfg the configuration
   */
  public FencerCore(Config cfg) {
    this.cfg = cfg;
    this.clock = cfg.clock();
    this.local = cfg.localName();
    for (StonithDevice d : cfg.devices()) {
      devices.put(d.id(), d);
    }
    cfg.topology().checkDevices(devices.keySet());
    this.idPrefix = local + "-" + Long.toString(clock.instant().toEpochMilli(), 36) + "-";
    this.view = MembershipView.initial(0, Set.of());
  }

  /** @return the gate */
  public GateState gate() {
    return gate;
  }

  /** Subscribes to the engine and the quorum provider. */
  public void start() {
    if (cfg.engine() != null) {
      engineSub = cfg.engine().addListener(new MembershipListener() {
        @Override
        public void viewChanged(MembershipView v) {
          ctx.execute(() -> onView(v));
        }

        @Override
        public void delivered(Message m) {
          ctx.execute(() -> onDelivered(m));
        }
      });
    }
    if (cfg.quorum() != null) {
      quorumSub = cfg.quorum().addListener(s -> ctx.execute(() -> onQuorum(s)));
    }
  }

  /**
   * Asks for a target to be fenced.
   *
   * @param target the node
   * @param action off, reboot or on
   * @param client who asks
   * @return completed with the operation when it ends
   */
  public CompletableFuture<FenceOperation> fence(String target, FenceAction action,
      String client) {
    String reqId = idPrefix + counter.incrementAndGet();
    CompletableFuture<FenceOperation> f = new CompletableFuture<>();
    if (closed) {
      f.completeExceptionally(new IllegalStateException("fencer is closed"));
      return f;
    }
    waiting.put(reqId, f);
    Instant now = clock.instant();
    ctx.execute(() -> {
      String noQuorum = quorumProblem();
      if (noQuorum != null) {
        Op op = new Op();
        op.id = reqId;
        op.target = target;
        op.action = action;
        op.origin = local;
        op.clients.add(client + "@" + local);
        op.requested = now;
        op.completed = clock.instant();
        op.state = State.FAILED;
        op.reason = "not fenced: " + noQuorum;
        LOG.warn("refusing to fence {}: {}", target, noQuorum);
        if (action != FenceAction.ON) {
          gate.fenceFailed(target, "cannot fence it: " + noQuorum);
        }
        finished(op.id);
        remember(op.snapshot());
        complete(reqId, op.snapshot());
        return;
      }
      Map<String, String> m = new LinkedHashMap<>();
      m.put("type", "req");
      m.put("req", reqId);
      m.put("origin", local);
      m.put("client", client);
      m.put("target", target);
      m.put("action", action.word());
      m.put("at", now.toString());
      send(m, reqId);
    });
    return f;
  }

  /**
   * Records that an operator confirmed a node down (as {@code stonith_admin --confirm}).
   *
   * @param target the node
   * @param client who confirms
   * @return completed with the recorded operation
   */
  public CompletableFuture<FenceOperation> confirm(String target, String client) {
    String reqId = idPrefix + counter.incrementAndGet();
    CompletableFuture<FenceOperation> f = new CompletableFuture<>();
    waiting.put(reqId, f);
    Instant now = clock.instant();
    ctx.execute(() -> {
      Map<String, String> m = result(reqId, target, FenceAction.OFF, local,
          List.of(client + "@" + local), List.of(reqId), "", List.of(), State.DONE, 0,
          "confirmed down manually by " + client, now, now);
      send(m, reqId);
    });
    return f;
  }

  private String quorumProblem() {
    if (cfg.quorum() == null || cfg.fenceWithoutQuorum()) {
      return null;
    }
    var s = cfg.quorum().state();
    if (s.quorate()) {
      return null;
    }
    return "partition has no quorum (" + s.totalVotes() + " votes, " + s.quorum()
        + " needed)";
  }

  private void send(Map<String, String> fields, String reqId) {
    if (cfg.engine() == null) {
      ctx.execute(() -> onMessage(fields, local));
      return;
    }
    cfg.engine().broadcast(Wire.encode(fields)).whenComplete((v, e) -> {
      if (e != null && reqId != null) {
        CompletableFuture<FenceOperation> f = waiting.remove(reqId);
        if (f != null) {
          f.completeExceptionally(e);
        }
      }
    });
  }

  // ---------------------------------------------------------------- membership

  private void onView(MembershipView v) {
    MembershipView old = view;
    view = v;
    for (Node n : v.left()) {
      gate.left(n.name(), v.id());
    }
    for (Node n : v.joined()) {
      gate.joined(n.name(), v.id());
    }
    // pending operations whose executor left are taken over by the lowest remaining member
    for (Op op : new ArrayList<>(pendingByKey.values())) {
      if (!op.executor.isEmpty() && !memberNames().contains(op.executor)) {
        String next = chooseExecutor(null, op.target);
        LOG.info("executor {} of {} left; {} takes over", op.executor, op.id, next);
        op.executor = next;
        if (next.equals(local)) {
          startExecution(op);
        }
      }
    }
    // members that joined learn the history from the lowest member that stayed
    if (!v.joined().isEmpty() && old.id() != 0) {
      for (Node n : v.members()) {
        if (old.members().contains(n)) {
          if (n.name().equals(local)) {
            replayHistory();
          }
          break;
        }
      }
    }
    if (cfg.fenceLostNodes() && old.id() != 0) {
      // a quorum provider decides after the view change (votequorum exchanges votes first): a
      // decision taken now would use the previous view's quorum, so wait for this view's
      for (Node n : v.members()) {
        lostAwaitingQuorum.remove(n.name());
      }
      for (Node n : v.left()) {
        lostAwaitingQuorum.add(n.name());
      }
      if (quorumKnownFor(v)) {
        fenceLost();
      }
    }
  }

  private boolean quorumKnownFor(MembershipView v) {
    if (cfg.quorum() == null || cfg.fenceWithoutQuorum()) {
      return true;
    }
    var s = cfg.quorum().state();
    return s != null && s.view() != null && s.view().id() >= v.id();
  }

  private void onQuorum(io.hablocks.api.QuorumState s) {
    if (view != null && !lostAwaitingQuorum.isEmpty() && s.view() != null
        && s.view().id() >= view.id()) {
      fenceLost();
    }
  }

  private void fenceLost() {
    List<String> lost = new ArrayList<>(lostAwaitingQuorum);
    lostAwaitingQuorum.clear();
    for (String n : lost) {
      fence(n, cfg.lostNodeAction(), "membership");
    }
  }

  private Set<String> memberNames() {
    Set<String> s = new TreeSet<>();
    for (Node n : view.members()) {
      s.add(n.name());
    }
    return s;
  }

  private void onDelivered(Message m) {
    String sender = null;
    for (Node n : view.members()) {
      if (n.id().equals(m.sender())) {
        sender = n.name();
      }
    }
    if (!Wire.isFencerMessage(m.payload())) {
      return; // another service's message on a shared engine (votequorum, the CIB, ...)
    }
    Map<String, String> fields;
    try {
      fields = Wire.decode(m.payload());
    } catch (IllegalArgumentException e) {
      drop(m + ": " + e.getMessage());
      return;
    }
    if (sender == null) {
      drop(m + ": sender is not a member of view " + view.id());
      return;
    }
    onMessage(fields, sender);
  }

  private void drop(String why) {
    dropped.incrementAndGet();
    LOG.warn("dropped fencer message {}", why);
  }

  /** @return messages dropped because they were not valid */
  public long dropped() {
    return dropped.get();
  }

  // ---------------------------------------------------------------- messages

  private void onMessage(Map<String, String> f, String sender) {
    try {
      switch (f.getOrDefault("type", "")) {
        case "req" -> onRequest(f, sender);
        case "res" -> onResult(f, sender);
        case "hist" -> onHistory(f);
        default -> drop("of unknown type '" + f.get("type") + "'");
      }
    } catch (RuntimeException e) {
      drop("that does not parse: " + e.getMessage());
    }
  }

  private static String req(Map<String, String> f, String k) {
    String v = f.get(k);
    if (v == null) {
      throw new IllegalArgumentException("field '" + k + "' missing");
    }
    return v;
  }

  private void onRequest(Map<String, String> f, String sender) {
    String reqId = req(f, "req");
    String origin = req(f, "origin");
    if (!origin.equals(sender)) {
      throw new IllegalArgumentException("origin " + origin + " is not the sender " + sender);
    }
    String target = req(f, "target");
    FenceAction action = FenceAction.parse(req(f, "action"));
    String client = req(f, "client") + "@" + origin;
    String key = target + "|" + action.word();
    Op existing = pendingByKey.get(key);
    if (existing != null) {
      existing.clients.add(client);
      existing.reqIds.add(reqId);
      LOG.info("request {} from {} merged into pending {} ({} {})", reqId, client, existing.id,
          action.word(), target);
      publish();
      return;
    }
    Op op = new Op();
    op.id = reqId;
    op.target = target;
    op.action = action;
    op.origin = origin;
    op.clients.add(client);
    op.reqIds.add(reqId);
    op.requested = Instant.parse(req(f, "at"));
    op.executor = chooseExecutor(origin, target);
    ops.put(op.id, op);
    pendingByKey.put(key, op);
    if (action != FenceAction.ON) {
      gate.fencing(target, "operation " + op.id + " by " + op.executor);
    }
    publish();
    if (op.executor.isEmpty()) {
      if (op.origin.equals(local)) {
        finish(op, State.FAILED, FenceResult.EC_GENERIC_ERROR,
            "no member other than the target can execute it");
      }
    } else if (op.executor.equals(local)) {
      startExecution(op);
    }
  }

  private String chooseExecutor(String origin, String target) {
    if (cfg.engine() == null) {
      return local;
    }
    Set<String> members = memberNames();
    if (origin != null && !origin.equals(target) && members.contains(origin)) {
      return origin;
    }
    for (Node n : view.members()) {
      if (!n.name().equals(target)) {
        return n.name();
      }
    }
    return "";
  }

  private void onResult(Map<String, String> f, String sender) {
    String id = req(f, "op");
    Op op = ops.get(id);
    if (op == null && finishedIds.contains(id)) {
      return;
    }
    String claimed = f.getOrDefault("executor", "");
    String expected;
    if (op != null) {
      expected = op.executor.isEmpty() ? op.origin : op.executor;
      if (!claimed.equals(op.executor)) {
        throw new IllegalArgumentException("result of " + id + " names executor '" + claimed
            + "', not '" + op.executor + "'");
      }
    } else {
      expected = claimed.isEmpty() ? req(f, "origin") : claimed;
    }
    if (!sender.equals(expected)) {
      throw new IllegalArgumentException("result of " + id + " from " + sender
          + ", who is not its executor (" + expected + ")");
    }
    // parse everything before changing anything: a bad message leaves no trace
    Op parsed = parseOp(f);
    if (op == null) {
      op = parseOp(f);
      op.state = State.PENDING;
      op.outcomes.clear();
      ops.put(id, op);
    }
    if (op.state != State.PENDING) {
      return;
    }
    op.executor = parsed.executor;
    op.outcomes.clear();
    op.outcomes.addAll(parsed.outcomes);
    op.state = parsed.state;
    op.exitCode = parsed.exitCode;
    op.reason = parsed.reason;
    op.completed = parsed.completed;
    if (op.exec != null && op.exec.timer != null) {
      op.exec.timer.cancel();
    }
    op.exec = null;
    pendingByKey.remove(op.target + "|" + op.action.word(), op);
    ops.remove(op.id);
    finished(op.id);
    FenceOperation snap = op.snapshot();
    remember(snap);
    if (op.action != FenceAction.ON) {
      if (op.state == State.DONE) {
        gate.fenced(op.target, (op.executor.isEmpty() ? "" : "by " + op.executor + " ")
            + (op.outcomes.isEmpty() ? op.reason : "with " + devicesText(op.outcomes))
            + " at " + op.completed);
      } else {
        gate.fenceFailed(op.target, "fencing failed: " + op.reason);
      }
    }
    LOG.info("fencing {} of {}: {} {}", op.action.word(), op.target, op.state,
        op.reason.isEmpty() ? "" : "(" + op.reason + ")");
    for (String r : op.reqIds) {
      complete(r, snap);
    }
  }

  /** An operation with its result, from the fields of a res or hist message. */
  private static Op parseOp(Map<String, String> f) {
    Op op = new Op();
    op.id = req(f, "op");
    op.target = req(f, "target");
    op.action = FenceAction.parse(req(f, "action"));
    op.origin = req(f, "origin");
    op.requested = Instant.parse(req(f, "at"));
    for (String c : f.getOrDefault("clients", "").split("\t")) {
      if (!c.isEmpty()) {
        op.clients.add(c);
      }
    }
    for (String r : f.getOrDefault("reqs", "").split("\t")) {
      if (!r.isEmpty()) {
        op.reqIds.add(r);
      }
    }
    op.executor = f.getOrDefault("executor", "");
    int n = Integer.parseInt(f.getOrDefault("devices", "0"));
    if (n < 0 || n > 100) {
      throw new IllegalArgumentException("devices=" + n + " is out of range");
    }
    for (int i = 0; i < n; i++) {
      String p = "d" + i + ".";
      op.outcomes.add(new DeviceOutcome(Integer.parseInt(req(f, p + "level")),
          req(f, p + "device"), req(f, p + "action"), Integer.parseInt(req(f, p + "rc")),
          Integer.parseInt(req(f, p + "attempts")), f.getOrDefault(p + "reason", "")));
    }
    op.state = State.valueOf(req(f, "state"));
    if (op.state == State.PENDING) {
      throw new IllegalArgumentException("a result cannot be pending");
    }
    op.exitCode = Integer.parseInt(req(f, "rc"));
    op.reason = f.getOrDefault("reason", "");
    op.completed = Instant.parse(req(f, "done"));
    return op;
  }

  /**
   * A finished operation replayed for a member that joined: recorded in the history if unknown,
   * without touching the gate (its state is decided by the current view and new results).
   */
  private void onHistory(Map<String, String> f) {
    Op op = parseOp(f);
    if (ops.containsKey(op.id) || finishedIds.contains(op.id)) {
      return;
    }
    finished(op.id);
    remember(op.snapshot());
  }

  private void finished(String id) {
    finishedIds.add(id);
    if (finishedIds.size() > 4 * cfg.historyLimit()) {
      finishedIds.remove(finishedIds.iterator().next());
    }
  }

  /** Sends this member's finished operations so that members that joined learn them. */
  private void replayHistory() {
    for (FenceOperation h : new ArrayList<>(history)) {
      Map<String, String> m = result(h.id(), h.target(), h.action(), h.origin(), h.clients(),
          List.of(), h.executor(), h.devices(), h.state(), h.exitCode(), h.reason(),
          h.requested(), h.completed());
      m.put("type", "hist");
      send(m, null);
    }
  }

  private static String devicesText(List<DeviceOutcome> outcomes) {
    StringBuilder sb = new StringBuilder();
    for (DeviceOutcome d : outcomes) {
      if (d.exitCode() == 0) {
        sb.append(sb.length() == 0 ? "" : ", ").append(d.device()).append(" (").append(d.action())
            .append(")");
      }
    }
    return sb.toString();
  }

  private void complete(String reqId, FenceOperation op) {
    CompletableFuture<FenceOperation> f = waiting.remove(reqId);
    if (f != null) {
      f.complete(op);
    }
  }

  private void remember(FenceOperation op) {
    history.addLast(op);
    while (history.size() > cfg.historyLimit()) {
      history.removeFirst();
    }
    publish();
  }

  private void publish() {
    List<FenceOperation> all = new ArrayList<>(history);
    for (Op op : pendingByKey.values()) {
      all.add(op.snapshot());
    }
    all.sort((a, b) -> a.requested().compareTo(b.requested()));
    historySnapshot = List.copyOf(all);
  }

  /** @return finished and pending operations, oldest request first */
  public List<FenceOperation> history() {
    return historySnapshot;
  }

  // ---------------------------------------------------------------- execution

  private void startExecution(Op op) {
    String noQuorum = quorumProblem();
    if (noQuorum != null) {
      finish(op, State.FAILED, FenceResult.EC_GENERIC_ERROR, "not executed: " + noQuorum);
      return;
    }
    Map<String, String> attrs = cfg.nodeAttributes().apply(op.target);
    List<FenceLevel> levels = cfg.topology().levelsFor(op.target, attrs == null ? Map.of() : attrs);
    if (!levels.isEmpty()) {
      List<Level> plan = new ArrayList<>();
      for (FenceLevel l : levels) {
        plan.add(new Level(l.index(), steps(l.devices(), op.action)));
      }
      begin(op, plan);
      return;
    }
    List<StonithDevice> all = new ArrayList<>(devices.values());
    String target = op.target;
    cfg.executor().execute(() -> {
      List<String> capable = new ArrayList<>();
      for (StonithDevice d : all) {
        try {
          if (canFence(d, target)) {
            capable.add(d.id());
          }
        } catch (RuntimeException e) {
          LOG.warn("device {}: cannot tell whether it fences {}: {}", d.id(), target, e.toString());
        }
      }
      ctx.execute(() -> {
        List<Level> plan = new ArrayList<>();
        for (String id : capable) {
          plan.add(new Level(plan.size() + 1, steps(List.of(id), op.action)));
        }
        begin(op, plan);
      });
    });
  }

  /** Runs on the executor: may run list or status on the device. */
  private boolean canFence(StonithDevice d, String target) {
    HostCheck check = d.hostCheck();
    String plug = d.parameters().plugFor(target);
    Duration stonith = cfg.stonithTimeout();
    switch (check) {
      case NONE:
        return true;
      case STATIC_LIST:
        return d.parameters().staticallyLists(target);
      case STATUS: {
        FenceResult r = d.device().execute(d.parameters().actionFor(FenceAction.STATUS), plug,
            d.parameters().timeoutFor(FenceAction.STATUS, stonith));
        return r.exitCode() == 0 || r.exitCode() == FenceResult.STATUS_OFF;
      }
      case DYNAMIC_LIST: {
        CachedList c;
        synchronized (listCache) {
          c = listCache.get(d.id());
        }
        if (c == null || clock.nanoTime() - c.at() > LIST_CACHE.toNanos()) {
          FenceResult r = d.device().execute(d.parameters().actionFor(FenceAction.LIST), null,
              d.parameters().timeoutFor(FenceAction.LIST, stonith));
          if (!r.succeeded()) {
            return false;
          }
          Set<String> plugs = new TreeSet<>();
          for (String line : r.output().split("\n")) {
            String t = line.strip();
            if (t.isEmpty()) {
              continue;
            }
            String first = t.split("[,\\s]+")[0];
            plugs.add(first);
          }
          c = new CachedList(clock.nanoTime(), plugs);
          synchronized (listCache) {
            listCache.put(d.id(), c);
          }
        }
        return c.plugs().contains(plug) || c.plugs().contains(target);
      }
      default:
        return false;
    }
  }

  private static List<Step> steps(List<String> deviceIds, FenceAction action) {
    List<Step> s = new ArrayList<>();
    if (action == FenceAction.REBOOT && deviceIds.size() > 1) {
      // a reboot through several devices: all off, then all on (a failed on does not fail it)
      for (String d : deviceIds) {
        s.add(new Step(d, FenceAction.OFF, true));
      }
      for (String d : deviceIds) {
        s.add(new Step(d, FenceAction.ON, false));
      }
      return s;
    }
    for (String d : deviceIds) {
      s.add(new Step(d, action, true));
    }
    return s;
  }

  private void begin(Op op, List<Level> plan) {
    if (op.state != State.PENDING || !local.equals(op.executor)) {
      return;
    }
    if (plan.isEmpty()) {
      finish(op, State.FAILED, FenceResult.EC_GENERIC_ERROR,
          "no fence device can fence " + op.target);
      return;
    }
    Exec x = new Exec();
    x.plan = plan;
    op.exec = x;
    Duration delay = priorityDelay(op);
    if (delay.isZero()) {
      runStep(op);
    } else {
      LOG.info("fencing {}: priority-fencing-delay {}", op.target, delay);
      int tok = ++x.token;
      x.timer = clock.schedule(delay, () -> ctx.execute(() -> {
        if (op.exec == x && x.token == tok) {
          runStep(op);
        }
      }));
    }
  }

  private Duration priorityDelay(Op op) {
    Duration d = cfg.priorityFencingDelay();
    if (d.isZero() || op.action == FenceAction.ON) {
      return Duration.ZERO;
    }
    int mine = cfg.nodePriority().applyAsInt(op.target);
    if (mine <= 0) {
      return Duration.ZERO;
    }
    Set<String> others = new TreeSet<>(memberNames());
    others.addAll(gate.all().keySet());
    others.remove(op.target);
    for (String o : others) {
      if (cfg.nodePriority().applyAsInt(o) >= mine) {
        return Duration.ZERO;
      }
    }
    return d;
  }

  private void runStep(Op op) {
    Exec x = op.exec;
    if (x.level >= x.plan.size()) {
      DeviceOutcome last = op.outcomes.isEmpty() ? null : op.outcomes.get(op.outcomes.size() - 1);
      finish(op, State.FAILED, last == null ? FenceResult.EC_GENERIC_ERROR : last.exitCode(),
          "all " + x.plan.size() + " level(s) failed" + failuresText(op.outcomes));
      return;
    }
    Level level = x.plan.get(x.level);
    if (x.step >= level.steps().size()) {
      finish(op, State.DONE, FenceResult.EC_OK, "");
      return;
    }
    Step s = level.steps().get(x.step);
    StonithDevice d = devices.get(s.device());
    if (d == null) {
      op.outcomes.add(new DeviceOutcome(level.index(), s.device(), s.action().word(),
          FenceResult.EC_GENERIC_ERROR, 0, "no such device"));
      nextLevel(op);
      return;
    }
    x.sent = d.parameters().actionFor(s.action());
    Duration timeout = d.parameters().timeoutFor(s.action(), cfg.stonithTimeout());
    x.attempts = 0;
    x.maxAttempts = Math.max(1, d.parameters().retriesFor(s.action()));
    Duration delay = s.action() == FenceAction.ON ? Duration.ZERO
        : d.parameters().delay(cfg.random());
    int tok = ++x.token;
    Runnable go = () -> {
      if (op.exec != x || x.token != tok) {
        return;
      }
      x.deadline = clock.nanoTime() + timeout.toNanos();
      attempt(op, level, s, d);
    };
    if (delay.isZero()) {
      go.run();
    } else {
      LOG.info("fencing {} with {}: delay {}", op.target, d.id(), delay);
      x.timer = clock.schedule(delay, () -> ctx.execute(go));
    }
  }

  private void attempt(Op op, Level level, Step s, StonithDevice d) {
    Exec x = op.exec;
    String noQuorum = quorumProblem();
    if (noQuorum != null) {
      finish(op, State.FAILED, FenceResult.EC_GENERIC_ERROR, "stopped before running "
          + d.id() + ": " + noQuorum);
      return;
    }
    long remaining = x.deadline - clock.nanoTime();
    x.attempts++;
    int tok = ++x.token;
    Duration budget = Duration.ofNanos(Math.max(remaining, 1));
    x.timer = clock.schedule(budget, () -> ctx.execute(() -> attemptDone(op, level, s, d, tok,
        new FenceResult(FenceResult.EC_TIMED_OUT, "", d.id() + " did not answer within "
            + budget.toMillis() + " ms"), true)));
    String plug = d.parameters().plugFor(op.target);
    String target = op.target;
    FenceAction sent = x.sent;
    cfg.executor().execute(() -> {
      FenceResult r;
      try {
        r = d.device() instanceof AgentFenceDevice agent
            ? agent.execute(sent, plug, target, budget)
            : d.device().execute(sent, plug, budget);
        if (r == null) {
          r = new FenceResult(FenceResult.EC_GENERIC_ERROR, "", d.id() + " returned no result");
        }
      } catch (RuntimeException e) {
        r = new FenceResult(FenceResult.EC_GENERIC_ERROR, "", d.id() + " threw " + e);
      }
      FenceResult fr = r;
      ctx.execute(() -> attemptDone(op, level, s, d, tok, fr, false));
    });
  }

  private void attemptDone(Op op, Level level, Step s, StonithDevice d, int tok, FenceResult r,
      boolean byTimer) {
    Exec x = op.exec;
    if (op.state != State.PENDING || x == null || x.token != tok) {
      return;
    }
    x.token++;
    if (!byTimer && x.timer != null) {
      x.timer.cancel();
    }
    if (r.succeeded()) {
      op.outcomes.add(new DeviceOutcome(level.index(), d.id(), x.sent.word(), 0, x.attempts, ""));
      x.step++;
      runStep(op);
      return;
    }
    boolean timedOut = r.exitCode() == FenceResult.EC_TIMED_OUT;
    if (!timedOut && x.attempts < x.maxAttempts && clock.nanoTime() < x.deadline) {
      LOG.info("{} {} of {} failed ({}), retrying ({} of {})", d.id(), x.sent.word(), op.target,
          r.exitCode(), x.attempts + 1, x.maxAttempts);
      attempt(op, level, s, d);
      return;
    }
    String why = (timedOut ? "timed out" : "exit " + r.exitCode()) + reasonText(r);
    op.outcomes.add(new DeviceOutcome(level.index(), d.id(), x.sent.word(), r.exitCode(),
        x.attempts, why));
    if (s.fatal()) {
      nextLevel(op);
    } else {
      x.step++;
      runStep(op);
    }
  }

  private static String reasonText(FenceResult r) {
    String t = r.error().isBlank() ? r.output() : r.error();
    String last = "";
    for (String line : t.split("\n")) {
      if (!line.isBlank()) {
        last = line.strip();
      }
    }
    if (last.length() > 200) {
      last = last.substring(0, 200);
    }
    return last.isEmpty() ? "" : ": " + last;
  }

  private static String failuresText(List<DeviceOutcome> outcomes) {
    StringBuilder sb = new StringBuilder();
    for (DeviceOutcome o : outcomes) {
      if (o.exitCode() != 0) {
        sb.append(sb.length() == 0 ? ": " : "; ").append("level ").append(o.level()).append(' ')
            .append(o.device()).append(' ').append(o.action()).append(' ').append(o.reason());
      }
    }
    return sb.toString();
  }

  private void nextLevel(Op op) {
    op.exec.level++;
    op.exec.step = 0;
    runStep(op);
  }

  private void finish(Op op, State state, int rc, String reason) {
    if (op.exec != null) {
      op.exec.token++;
      if (op.exec.timer != null) {
        op.exec.timer.cancel();
      }
    }
    Map<String, String> m = result(op.id, op.target, op.action, op.origin, op.clients, op.reqIds,
        op.executor.isEmpty() ? "" : local, op.outcomes, state, rc, reason, op.requested,
        clock.instant());
    send(m, null);
  }

  private static Map<String, String> result(String id, String target, FenceAction action,
      String origin, List<String> clients, List<String> reqIds, String executor,
      List<DeviceOutcome> outcomes, State state, int rc, String reason, Instant requested,
      Instant done) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("type", "res");
    m.put("op", id);
    m.put("target", target);
    m.put("action", action.word());
    m.put("origin", origin);
    m.put("clients", String.join("\t", clients));
    m.put("reqs", String.join("\t", reqIds));
    m.put("executor", executor);
    m.put("state", state.name());
    m.put("rc", Integer.toString(rc));
    m.put("reason", reason);
    m.put("at", requested.toString());
    m.put("done", done.toString());
    m.put("devices", Integer.toString(outcomes.size()));
    for (int i = 0; i < outcomes.size(); i++) {
      DeviceOutcome o = outcomes.get(i);
      String p = "d" + i + ".";
      m.put(p + "level", Integer.toString(o.level()));
      m.put(p + "device", o.device());
      m.put(p + "action", o.action());
      m.put(p + "rc", Integer.toString(o.exitCode()));
      m.put(p + "attempts", Integer.toString(o.attempts()));
      m.put(p + "reason", o.reason());
    }
    return m;
  }

  @Override
  public void close() {
    closed = true;
    if (engineSub != null) {
      engineSub.close();
    }
    if (quorumSub != null) {
      quorumSub.close();
    }
    ctx.execute(() -> {
      for (Op op : pendingByKey.values()) {
        if (op.exec != null) {
          op.exec.token++;
          if (op.exec.timer != null) {
            op.exec.timer.cancel();
          }
        }
      }
    });
    for (var e : waiting.entrySet()) {
      e.getValue().completeExceptionally(new IllegalStateException("fencer closed"));
    }
    waiting.clear();
  }
}
