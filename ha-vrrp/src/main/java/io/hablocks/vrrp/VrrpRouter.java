package io.hablocks.vrrp;

import io.hablocks.api.Cancellable;
import io.hablocks.api.Clock;
import io.hablocks.vrrp.internal.InstanceImpl;
import io.hablocks.vrrp.internal.NetTransport;
import io.hablocks.vrrp.internal.Scripts;
import io.hablocks.vrrp.internal.StateMachine;
import io.hablocks.vrrp.internal.Transport;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A VRRP router: the instances of one host (one network namespace), their sockets, tracking
 * and sync groups, as one keepalived VRRP process runs them.
 *
 * <pre>{@code
 * VrrpRouter router = VrrpRouter.builder().build();          // system clock, this namespace
 * VrrpInstance vi = router.addInstance(VrrpInstanceConfig.builder("VI_1", "eth0", 51)
 *     .priority(150).virtualAddress(VirtualAddress.parse("10.99.0.100/24")).build());
 * HealthTracker app = vi.track("app", -60);                 // lower priority while unhealthy
 * vi.addListener((i, from, to) -> log.info("{} {} -> {}", i.name(), from, to));
 * router.start();
 * ...
 * router.close();   // MASTERs send priority 0 and remove their addresses
 * }</pre>
 */
public final class VrrpRouter implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger("io.hablocks.vrrp");

  private final Clock clock;
  private final Transport transport;
  private final boolean runScripts;
  private final Map<String, InstanceImpl> instances = new LinkedHashMap<>();
  private final Map<String, VrrpScript> scripts = new LinkedHashMap<>();
  private final Map<String, List<String>> syncGroups = new LinkedHashMap<>();
  private final VrrpCounters counters = new VrrpCounters();
  private final List<Cancellable> timers = new CopyOnWriteArrayList<>();
  private final List<Process> running = new CopyOnWriteArrayList<>();
  private volatile boolean started;
  private volatile boolean stopped;

  private VrrpRouter(Builder b) {
    this.clock = b.clock;
    this.transport = b.transport != null ? b.transport : new NetTransport(b.namespace);
    this.runScripts = b.runScripts;
  }

  /** @return a builder: system clock, the process's network namespace, scripts run */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Adds an instance (before {@link #start}).
   *
   * @param cfg its settings
   * @return the instance
   */
  public synchronized VrrpInstance addInstance(VrrpInstanceConfig cfg) {
    if (started) {
      throw new IllegalStateException("router already started");
    }
    if (instances.containsKey(cfg.name())) {
      throw new IllegalArgumentException("duplicate vrrp_instance " + cfg.name());
    }
    for (InstanceImpl i : instances.values()) {
      VrrpInstanceConfig o = i.config();
      if (o.vrid() == cfg.vrid() && o.interfaceName().equals(cfg.interfaceName())
          && o.isIpv6() == cfg.isIpv6()) {
        throw new IllegalArgumentException("vrrp_instance " + cfg.name() + " and " + o.name()
            + " share virtual_router_id " + cfg.vrid() + " on " + cfg.interfaceName());
      }
    }
    InstanceImpl i = new InstanceImpl(cfg, clock, transport, runScripts);
    instances.put(cfg.name(), i);
    return i;
  }

  /** @param s a vrrp_script that instances may track by name */
  public synchronized void addScript(VrrpScript s) {
    scripts.put(s.name(), s);
  }

  /**
   * A vrrp_sync_group: members change state together (one becoming MASTER makes the BACKUP
   * members MASTER, one leaving MASTER for BACKUP makes the MASTER members BACKUP). FAULT
   * propagation and group notify scripts are not implemented yet.
   *
   * @param name the group name
   * @param members instance names
   */
  public synchronized void addSyncGroup(String name, List<String> members) {
    for (String m : members) {
      if (!instances.containsKey(m)) {
        throw new IllegalArgumentException("vrrp_sync_group " + name + ": no vrrp_instance " + m);
      }
    }
    syncGroups.put(name, List.copyOf(members));
  }

  /** @return the instances by name */
  public synchronized Map<String, VrrpInstance> instances() {
    return Map.copyOf(instances);
  }

  /** @return drops of packets that matched no instance (decode errors, unknown VRID) */
  public VrrpCounters counters() {
    return counters;
  }

  /** Opens sockets, starts tracking and every instance. */
  public synchronized void start() {
    if (started) {
      return;
    }
    started = true;
    for (InstanceImpl i : instances.values()) {
      transport.open(i.config(), this::packet);
    }
    for (InstanceImpl i : instances.values()) {
      setUpTracking(i);
    }
    setUpSyncGroups();
    for (InstanceImpl i : instances.values()) {
      i.start();
    }
  }

  private void packet(String ifname, byte[] payload, InetAddress src, InetAddress dst, int ttl) {
    InstanceImpl target = null;
    if (payload.length >= 2) {
      int vrid = payload[1] & 0xff;
      boolean v6 = src instanceof java.net.Inet6Address;
      for (InstanceImpl i : instances.values()) {
        VrrpInstanceConfig c = i.config();
        if (c.vrid() == vrid && c.interfaceName().equals(ifname) && c.isIpv6() == v6) {
          target = i;
          break;
        }
      }
    }
    Advertisement adv;
    try {
      adv = Advertisement.decode(payload, 0, payload.length, src, dst);
    } catch (VrrpPacketException e) {
      counters.drop(e.reason());
      if (target != null) {
        target.counters().drop(e.reason());
      }
      LOG.debug("dropped packet from {} on {}: {}", src.getHostAddress(), ifname, e.getMessage());
      return;
    }
    if (target == null) {
      counters.drop(DropReason.UNKNOWN_VRID);
      return;
    }
    target.receive(adv, src, ttl);
  }

  private void setUpTracking(InstanceImpl i) {
    VrrpInstanceConfig c = i.config();
    for (VrrpInstanceConfig.Track t : c.trackInterfaces()) {
      HealthTracker h = i.track("interface " + t.name(), t.weight());
      poll(java.time.Duration.ofSeconds(1), () -> h.set(transport.interfaceUp(t.name())));
    }
    for (VrrpInstanceConfig.Track t : c.trackFiles()) {
      InstanceImpl.ValueTracker v = i.trackValue("file " + t.name());
      poll(java.time.Duration.ofSeconds(1), () -> {
        int value = readFile(t.name());
        if (t.weight() == 0) {
          v.set(0, value != 0);
        } else {
          v.set(value * t.weight(), false);
        }
      });
    }
    for (VrrpInstanceConfig.Track t : c.trackScripts()) {
      VrrpScript s = scripts.get(t.name());
      if (s == null) {
        throw new IllegalArgumentException("vrrp_instance " + c.name() + " tracks unknown "
            + "vrrp_script " + t.name());
      }
      HealthTracker h = i.track("script " + s.name(), t.weight() != 0 ? t.weight() : s.weight());
      new ScriptRunner(s, h).schedule();
    }
  }

  private static int readFile(String path) {
    try {
      String text = Files.readString(Path.of(path)).trim();
      return text.isEmpty() ? 0 : Integer.parseInt(text.split("\\s+")[0]);
    } catch (java.io.IOException | NumberFormatException e) {
      return 0;
    }
  }

  private void poll(java.time.Duration every, Runnable check) {
    Runnable[] self = new Runnable[1];
    self[0] = () -> {
      if (stopped) {
        return;
      }
      try {
        check.run();
      } catch (RuntimeException e) {
        LOG.warn("tracking check failed: {}", e.getMessage());
      }
      timers.add(clock.schedule(every, self[0]));
    };
    self[0].run();
  }

  /** Runs a vrrp_script on the clock; the process's exit arrives on the JDK's exit watcher. */
  private final class ScriptRunner {
    final VrrpScript s;
    final HealthTracker h;
    int good;
    int bad;

    ScriptRunner(VrrpScript s, HealthTracker h) {
      this.s = s;
      this.h = h;
    }

    void schedule() {
      timers.add(clock.schedule(java.time.Duration.ZERO, this::run));
    }

    void run() {
      if (stopped) {
        return;
      }
      Process p = Scripts.start(s.script(), List.of());
      if (p == null) {
        result(false);
        timers.add(clock.schedule(s.interval(), this::run));
        return;
      }
      running.add(p);
      Cancellable kill = clock.schedule(s.timeout(), () -> {
        if (p.isAlive()) {
          LOG.warn("vrrp_script {} timed out", s.name());
          p.descendants().forEach(ProcessHandle::destroyForcibly);
          p.destroyForcibly();
        }
      });
      p.onExit().thenAccept(done -> {
        kill.cancel();
        running.remove(p);
        result(done.exitValue() == 0);
        if (!stopped) {
          timers.add(clock.schedule(s.interval(), this::run));
        }
      });
    }

    synchronized void result(boolean ok) {
      if (ok) {
        good++;
        bad = 0;
        if (!h.isUp() && good >= s.rise()) {
          h.set(true);
        }
      } else {
        bad++;
        good = 0;
        if (h.isUp() && bad >= s.fall()) {
          h.set(false);
        }
      }
    }
  }

  private void setUpSyncGroups() {
    for (Map.Entry<String, List<String>> g : syncGroups.entrySet()) {
      List<InstanceImpl> members = new ArrayList<>();
      g.getValue().forEach(n -> members.add(instances.get(n)));
      for (InstanceImpl m : members) {
        m.addListener((inst, from, to) -> {
          for (InstanceImpl other : members) {
            if (other == m) {
              continue;
            }
            StateMachine sm = other.stateMachine();
            if (to == VrrpState.MASTER) {
              clock.schedule(java.time.Duration.ZERO, sm::forceMaster);
            } else if (to == VrrpState.BACKUP && from == VrrpState.MASTER) {
              clock.schedule(java.time.Duration.ZERO, sm::forceBackup);
            }
          }
        });
      }
    }
  }

  /**
   * Graceful stop, as keepalived on SIGTERM: every MASTER sends a priority-0 advert and removes
   * its addresses; sockets close.
   */
  @Override
  public synchronized void close() {
    if (stopped) {
      return;
    }
    stopped = true;
    timers.forEach(Cancellable::cancel);
    for (InstanceImpl i : instances.values()) {
      i.stop();
    }
    finish();
  }

  /**
   * Stops like a crash: nothing is sent and the addresses stay where they are. For tests of a
   * peer's takeover.
   */
  public synchronized void abort() {
    if (stopped) {
      return;
    }
    stopped = true;
    timers.forEach(Cancellable::cancel);
    for (InstanceImpl i : instances.values()) {
      i.abort();
    }
    finish();
  }

  private void finish() {
    for (Process p : running) {
      p.destroyForcibly();
      try {
        p.waitFor(2, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (started) {
      for (InstanceImpl i : instances.values()) {
        try {
          transport.release(i.config());
        } catch (RuntimeException e) {
          LOG.warn("cannot release {}: {}", i.name(), e.getMessage());
        }
      }
      transport.close();
    }
  }

  /** Builds a {@link VrrpRouter}. */
  public static final class Builder {
    private Clock clock = Clock.system();
    private String namespace;
    private boolean runScripts = true;
    private Transport transport;

    private Builder() {}

    /** @param c the clock every timer uses @return this */
    public Builder clock(Clock c) {
      clock = Objects.requireNonNull(c);
      return this;
    }

    /**
     * @param name a network namespace (under /var/run/netns) whose interfaces the router uses;
     *     null for the process's own
     * @return this
     */
    public Builder namespace(String name) {
      namespace = name;
      return this;
    }

    /** @param run whether notify and track scripts are run (default true) @return this */
    public Builder runScripts(boolean run) {
      runScripts = run;
      return this;
    }

    /** For tests of the logic without a network. */
    Builder transport(Transport t) {
      transport = t;
      return this;
    }

    /** @return the router (no socket opened until {@link VrrpRouter#start}) */
    public VrrpRouter build() {
      return new VrrpRouter(this);
    }
  }
}
