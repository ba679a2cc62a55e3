package io.hablocks.ipvs.check;

import io.hablocks.api.Cancellable;
import io.hablocks.api.Clock;
import io.hablocks.ipvs.RealServer;
import io.hablocks.ipvs.VirtualServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link VirtualServer} whose real servers are health-checked as keepalived checks them: each
 * real server's check runs every delay_loop (on the {@link Clock}); a failure is retried
 * {@code retry} times delay_before_retry apart, then the real server is taken out (weight 0 with
 * inhibit_on_failure, removed otherwise) and notify_down runs; a pass brings it back and runs
 * notify_up. The sum of the weights of live real servers keeps the quorum (keepalived's
 * update_quorum_state): lost at 0 or below quorum − hysteresis (quorum_down runs; with a sorry
 * server, it goes in and the live real servers go out), regained at quorum + hysteresis (the
 * sorry server goes out and the live real servers come back, quorum_up runs). While the sorry
 * server stands in, real servers changing state do not touch the pool. With alpha every real
 * server starts down.
 *
 * <pre>{@code
 * CheckedService s = CheckedService.builder(vs, clock)
 *     .realServer(RealServer.of(addr, 1), new TcpCheck(addr, Duration.ofSeconds(3)), timers)
 *     .build();
 * s.start();
 * }</pre>
 *
 * Checks run on the given executor (a direct one in tests); state changes are serialized.
 */
public final class CheckedService {

  private static final Logger LOG = LoggerFactory.getLogger(CheckedService.class);

  /** What happened, for notify hooks and listeners. */
  public enum Event {
    /** A real server passed after being down (notify_up). */
    UP,
    /** A real server was taken out (notify_down). */
    DOWN,
    /** The quorum was regained (quorum_up). */
    QUORUM_UP,
    /** The quorum was lost (quorum_down). */
    QUORUM_DOWN
  }

  /**
   * One notification.
   *
   * @param event what happened
   * @param server the real server (null for quorum events)
   * @param reason the check's reason
   */
  public record Notification(Event event, RealServer server, String reason) {}

  /** One checked real server's settings. */
  record Member(RealServer server, HealthCheck check, CheckTimers timers, boolean inhibit) {}

  private final VirtualServer vs;
  private final Clock clock;
  private final Executor executor;
  private final RandomGenerator random;
  private final int quorum;
  private final int hysteresis;
  private final boolean alpha;
  private final RealServer sorry;
  private final Consumer<Notification> listener;
  private final Map<RealServer, Monitor> monitors = new LinkedHashMap<>();
  private boolean quorumUp;
  private boolean sorryIn;
  private boolean running;

  private CheckedService(Builder b) {
    this.vs = b.vs;
    this.clock = b.clock;
    this.executor = b.executor;
    this.random = b.random;
    this.quorum = b.quorum;
    this.hysteresis = b.hysteresis;
    this.alpha = b.alpha;
    this.sorry = b.sorry;
    this.listener = b.listener;
    for (Member m : b.members) {
      monitors.put(m.server(), new Monitor(m));
    }
  }

  /**
   * @param vs the service whose destinations the checks drive
   * @param clock the clock of every timer
   * @return a builder
   */
  public static Builder builder(VirtualServer vs, Clock clock) {
    return new Builder(vs, clock);
  }

  /** Builder of a {@link CheckedService}. */
  public static final class Builder {
    private final VirtualServer vs;
    private final Clock clock;
    private Executor executor = Runnable::run;
    private RandomGenerator random = RandomGenerator.getDefault();
    private int quorum = 1;
    private int hysteresis;
    private boolean alpha;
    private RealServer sorry;
    private Consumer<Notification> listener = n -> { };
    private final List<Member> members = new ArrayList<>();

    private Builder(VirtualServer vs, Clock clock) {
      this.vs = Objects.requireNonNull(vs, "vs");
      this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * @param rs the real server (its weight is the weight when up)
     * @param check its check
     * @param timers its timers
     * @return this
     */
    public Builder realServer(RealServer rs, HealthCheck check, CheckTimers timers) {
      return realServer(rs, check, timers, false);
    }

    /**
     * @param rs the real server
     * @param check its check
     * @param timers its timers
     * @param inhibitOnFailure weight 0 instead of removal when down
     * @return this
     */
    public Builder realServer(RealServer rs, HealthCheck check, CheckTimers timers,
        boolean inhibitOnFailure) {
      members.add(new Member(rs, check, timers, inhibitOnFailure));
      return this;
    }

    /** @param e where checks run (default: the clock's thread) @return this */
    public Builder executor(Executor e) {
      this.executor = Objects.requireNonNull(e, "executor");
      return this;
    }

    /** @param r the warmup's random source @return this */
    public Builder random(RandomGenerator r) {
      this.random = Objects.requireNonNull(r, "random");
      return this;
    }

    /** @param q quorum (default 1) @param h hysteresis (default 0) @return this */
    public Builder quorum(int q, int h) {
      if (q < 1 || h < 0) {
        throw new IllegalArgumentException("quorum must be >= 1 and hysteresis >= 0");
      }
      this.quorum = q;
      this.hysteresis = h;
      return this;
    }

    /** @param a alpha: real servers start down @return this */
    public Builder alpha(boolean a) {
      this.alpha = a;
      return this;
    }

    /** @param s sorry_server, or null @return this */
    public Builder sorryServer(RealServer s) {
      this.sorry = s;
      return this;
    }

    /** @param l notified of every up, down and quorum change @return this */
    public Builder listener(Consumer<Notification> l) {
      this.listener = Objects.requireNonNull(l, "listener");
      return this;
    }

    /** @return the service (not started) */
    public CheckedService build() {
      return new CheckedService(this);
    }
  }

  /** Puts the live real servers in the service and starts every check. */
  public synchronized void start() {
    if (running) {
      return;
    }
    running = true;
    for (Monitor m : monitors.values()) {
      m.up = !alpha;
      if (m.up) {
        vs.add(m.member.server());
      } else if (m.member.inhibit()) {
        vs.add(m.member.server().withWeight(0));
      }
    }
    int w = aliveWeight();
    quorumUp = w > 0 && w >= quorum;
    if (!quorumUp && sorry != null) {
      vs.add(sorry);
      sorryIn = true;
      for (Monitor m : monitors.values()) {
        if (m.up) {
          takeOut(m);
        }
      }
    }
    for (Monitor m : monitors.values()) {
      Duration warm = m.member.timers().warmup();
      long first = warm.isZero() ? 0 : random.nextLong(warm.toNanos() + 1);
      m.schedule(Duration.ofNanos(first));
    }
  }

  /** Stops every check (destinations stay as they are). */
  public synchronized void stop() {
    running = false;
    for (Monitor m : monitors.values()) {
      if (m.timer != null) {
        m.timer.cancel();
      }
    }
  }

  /** @param rs a real server @return whether its checks pass now */
  public synchronized boolean isUp(RealServer rs) {
    Monitor m = monitors.get(rs);
    return m != null && m.up;
  }

  /** @return whether the quorum is up */
  public synchronized boolean quorumUp() {
    return quorumUp;
  }

  private int aliveWeight() {
    int sum = 0;
    for (Monitor m : monitors.values()) {
      if (m.up) {
        sum += m.weight;
      }
    }
    return sum;
  }

  /** Whether real-server changes reach the pool: not while the sorry server stands in. */
  private boolean poolActive() {
    return !sorryIn;
  }

  private void putIn(Monitor m) {
    RealServer rs = m.member.server().withWeight(m.weight);
    if (m.member.inhibit()) {
      vs.edit(rs);
    } else {
      vs.add(rs);
    }
  }

  private void takeOut(Monitor m) {
    if (m.member.inhibit()) {
      vs.edit(m.member.server().withWeight(0));
    } else {
      vs.remove(m.member.server().address());
    }
  }

  /** As keepalived's update_quorum_state. */
  private void updateQuorum(String reason) {
    int w = aliveWeight();
    if (!quorumUp && w >= quorum + hysteresis) {
      quorumUp = true;
      LOG.info("{}: quorum gained (live weight {} >= {} + {})", vs.address(), w, quorum,
          hysteresis);
      if (sorryIn) {
        vs.remove(sorry.address());
        sorryIn = false;
        for (Monitor m : monitors.values()) {
          if (m.up) {
            putIn(m);
          }
        }
      }
      listener.accept(new Notification(Event.QUORUM_UP, null, reason));
    } else if (quorumUp && (w == 0 || w < quorum - hysteresis)) {
      quorumUp = false;
      LOG.info("{}: quorum lost (live weight {} < {} - {})", vs.address(), w, quorum, hysteresis);
      listener.accept(new Notification(Event.QUORUM_DOWN, null, reason));
      if (sorry != null) {
        vs.add(sorry);
        sorryIn = true;
        for (Monitor m : monitors.values()) {
          if (m.up) {
            takeOut(m);
          }
        }
      }
    }
  }

  /** The per-real-server state machine. */
  private final class Monitor {
    final Member member;
    boolean up;
    int weight;
    int failures;
    Cancellable timer;

    Monitor(Member member) {
      this.member = member;
      this.weight = member.server().weight();
    }

    void schedule(Duration d) {
      timer = clock.schedule(d, () -> executor.execute(this::runCheck));
    }

    void runCheck() {
      CheckResult r = member.check().run();
      synchronized (CheckedService.this) {
        if (running) {
          onResult(r);
        }
      }
    }

    void onResult(CheckResult r) {
      CheckTimers t = member.timers();
      RealServer rs = member.server();
      if (r.ok()) {
        failures = 0;
        if (r.weight() >= 0 && r.weight() != weight) {
          weight = r.weight();
          if (up && poolActive()) {
            vs.edit(rs.withWeight(weight));
          }
        }
        if (!up) {
          up = true;
          if (poolActive()) {
            putIn(this);
          }
          LOG.info("{}: {} up: {}", vs.address(), rs.name(), r.reason());
          listener.accept(new Notification(Event.UP, rs, r.reason()));
          updateQuorum(r.reason());
        }
        schedule(t.delayLoop());
        return;
      }
      if (up && failures < t.retry()) {
        failures++;
        schedule(t.delayBeforeRetry());
        return;
      }
      failures = 0;
      if (up) {
        up = false;
        if (poolActive()) {
          takeOut(this);
        }
        LOG.info("{}: {} down: {}", vs.address(), rs.name(), r.reason());
        listener.accept(new Notification(Event.DOWN, rs, r.reason()));
        updateQuorum(r.reason());
      }
      schedule(t.delayLoop());
    }
  }
}
