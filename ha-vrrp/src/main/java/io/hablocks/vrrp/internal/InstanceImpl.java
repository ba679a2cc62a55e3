package io.hablocks.vrrp.internal;

import io.hablocks.api.Cancellable;
import io.hablocks.api.Clock;
import io.hablocks.api.Subscription;
import io.hablocks.vrrp.Advertisement;
import io.hablocks.vrrp.DropReason;
import io.hablocks.vrrp.HealthTracker;
import io.hablocks.vrrp.VirtualAddress;
import io.hablocks.vrrp.VrrpCounters;
import io.hablocks.vrrp.VrrpInstance;
import io.hablocks.vrrp.VrrpInstanceConfig;
import io.hablocks.vrrp.VrrpListener;
import io.hablocks.vrrp.VrrpState;
import java.net.InetAddress;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One VRRP instance bound to a {@link Transport}: validation of received adverts for this
 * instance, the state machine, VIPs and gratuitous ARP bursts on MASTER, tracking, notify
 * scripts and listeners.
 */
public final class InstanceImpl implements VrrpInstance, StateMachine.Actions {

  private static final Logger LOG = LoggerFactory.getLogger("io.hablocks.vrrp");

  private final VrrpInstanceConfig cfg;
  private final Clock clock;
  private final Transport transport;
  private final StateMachine sm;
  private final VrrpCounters counters = new VrrpCounters();
  private final List<VrrpListener> listeners = new CopyOnWriteArrayList<>();
  private final List<Tracker> trackers = new CopyOnWriteArrayList<>();
  private final List<ValueTracker> valueTrackers = new CopyOnWriteArrayList<>();
  private final Set<InetAddress> vipSet = new HashSet<>();
  private final boolean runScripts;
  private InetAddress source;
  private Advertisement template;
  private Cancellable garpTimer;
  private Cancellable refreshTimer;
  private volatile boolean running;

  /**
   * @param cfg the instance's settings
   * @param clock the clock
   * @param transport the network
   * @param runScripts whether notify scripts are started
   */
  public InstanceImpl(VrrpInstanceConfig cfg, Clock clock, Transport transport,
      boolean runScripts) {
    this.cfg = cfg;
    this.clock = clock;
    this.transport = transport;
    this.runScripts = runScripts;
    for (VirtualAddress v : cfg.virtualAddresses()) {
      vipSet.add(v.address());
    }
    this.template = Advertisement.builder(cfg.version(), cfg.vrid()).priority(cfg.priority())
        .interval(cfg.advertInterval()).password(cfg.password())
        .addresses(cfg.virtualAddresses().stream().map(VirtualAddress::address).toList()).build();
    this.source = cfg.sourceAddress();
    InetAddress primary = source != null ? source : placeholder(cfg);
    this.sm = new StateMachine(clock, new StateMachine.Params(cfg.version(), cfg.priority(),
        cfg.advertInterval(), cfg.preempt(), cfg.preemptDelay(), primary, cfg.initialMaster()),
        this);
  }

  private static InetAddress placeholder(VrrpInstanceConfig cfg) {
    try {
      return InetAddress.getByAddress(new byte[cfg.isIpv6() ? 16 : 4]);
    } catch (java.net.UnknownHostException e) {
      throw new AssertionError(e);
    }
  }

  /** @return the state machine (for sync groups and tests) */
  public StateMachine stateMachine() {
    return sm;
  }

  /** Opens the transport for this instance and starts the state machine. */
  public void start() {
    if (source == null) {
      source = transport.sourceAddress(cfg);
      sm.setPrimaryAddress(source);
    }
    running = true;
    recomputePriority();
    sm.start();
  }

  /** Graceful stop: a MASTER sends priority 0 and removes its VIPs; notify_stop runs. */
  public void stop() {
    running = false;
    sm.stop();
    cancelGarp();
  }

  /** Crash-like stop: nothing is sent and nothing removed. */
  public void abort() {
    running = false;
    cancelGarp();
    sm.abort();
  }

  @Override
  public String name() {
    return cfg.name();
  }

  @Override
  public VrrpInstanceConfig config() {
    return cfg;
  }

  @Override
  public VrrpState state() {
    return sm.state();
  }

  @Override
  public int effectivePriority() {
    return sm.priority();
  }

  @Override
  public VrrpCounters counters() {
    return counters;
  }

  @Override
  public Subscription addListener(VrrpListener listener) {
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }

  @Override
  public HealthTracker track(String trackName, int weight) {
    Tracker t = new Tracker(trackName, weight, this);
    trackers.add(t);
    recomputePriority();
    return t;
  }

  /**
   * Checks a decoded advert against this instance and feeds it to the state machine.
   *
   * @param adv the advert (VRID already matched)
   * @param src IP source
   * @param ttl received TTL / hop limit
   */
  public void receive(Advertisement adv, InetAddress src, int ttl) {
    if (!running) {
      return;
    }
    if (ttl != 255 && cfg.unicastPeers().isEmpty()) {
      counters.drop(DropReason.BAD_TTL);
      return;
    }
    if (adv.version() != cfg.version()) {
      counters.drop(DropReason.BAD_VERSION);
      return;
    }
    if (adv.isIpv6() != cfg.isIpv6() && !adv.addresses().isEmpty()) {
      counters.drop(DropReason.BAD_FAMILY);
      return;
    }
    if (src.equals(source)) {
      counters.drop(DropReason.OWN_PACKET);
      return;
    }
    if (!cfg.unicastPeers().isEmpty() && !cfg.unicastPeers().contains(src)) {
      counters.drop(DropReason.UNKNOWN_PEER);
      return;
    }
    if (!adv.authMatches(cfg.password() == null ? Advertisement.AUTH_NONE
        : Advertisement.AUTH_PASS, cfg.password())) {
      counters.drop(DropReason.AUTH_MISMATCH);
      return;
    }
    if (cfg.version() == io.hablocks.vrrp.VrrpVersion.V2
        && !adv.interval().equals(cfg.advertInterval())) {
      counters.drop(DropReason.INTERVAL_MISMATCH);
      LOG.warn("({}) advertisement interval mismatch: ours {} received {} from {}", cfg.name(),
          cfg.advertInterval().toSeconds(), adv.interval().toSeconds(), src.getHostAddress());
      return;
    }
    if (adv.priority() != 0 && !new HashSet<>(adv.addresses()).equals(vipSet)) {
      counters.addressListMismatch();
      LOG.info("({}) address list of advert from {} differs from ours: {}", cfg.name(),
          src.getHostAddress(), adv.addresses());
    }
    counters.received();
    if (adv.priority() == 0) {
      counters.priorityZeroReceived();
    }
    sm.onAdvert(adv, src);
  }

  // ---- StateMachine.Actions

  @Override
  public void sendAdvert(int priority) {
    Advertisement a = template.toBuilder().priority(priority).build();
    try {
      transport.sendAdvert(cfg, a);
      counters.sent();
    } catch (RuntimeException e) {
      LOG.warn("({}) cannot send advert: {}", cfg.name(), e.getMessage());
    }
  }

  @Override
  public void stateChanged(VrrpState from, VrrpState to) {
    if (to == VrrpState.MASTER) {
      LOG.info("({}) Entering MASTER STATE", cfg.name());
      try {
        transport.addAddresses(cfg);
      } catch (RuntimeException e) {
        LOG.warn("({}) cannot add virtual addresses: {}", cfg.name(), e.getMessage());
      }
      garpBurst();
      if (!cfg.garpMasterDelay().isZero()) {
        garpTimer = clock.schedule(cfg.garpMasterDelay(), this::delayedGarp);
      }
      if (!cfg.garpMasterRefresh().isZero()) {
        refreshTimer = clock.schedule(cfg.garpMasterRefresh(), this::refreshGarp);
      }
    } else if (from == VrrpState.MASTER) {
      cancelGarp();
      try {
        transport.removeAddresses(cfg);
      } catch (RuntimeException e) {
        LOG.warn("({}) cannot remove virtual addresses: {}", cfg.name(), e.getMessage());
      }
    }
    if (to == VrrpState.BACKUP) {
      LOG.info("({}) Entering BACKUP STATE", cfg.name());
    } else if (to == VrrpState.FAULT) {
      LOG.info("({}) Entering FAULT STATE", cfg.name());
    } else if (to == VrrpState.INIT) {
      LOG.info("({}) Stopped", cfg.name());
    }
    notifyScripts(to);
    for (VrrpListener l : listeners) {
      try {
        l.stateChanged(this, from, to);
      } catch (RuntimeException e) {
        LOG.warn("({}) listener failed: {}", cfg.name(), e.toString());
      }
    }
  }

  private void garpBurst() {
    for (int i = 0; i < cfg.garpMasterRepeat(); i++) {
      try {
        transport.announce(cfg);
      } catch (RuntimeException e) {
        LOG.warn("({}) cannot send gratuitous ARP: {}", cfg.name(), e.getMessage());
        return;
      }
    }
  }

  private void delayedGarp() {
    if (sm.state() == VrrpState.MASTER) {
      garpBurst();
    }
  }

  private void refreshGarp() {
    if (sm.state() == VrrpState.MASTER) {
      transport.announce(cfg);
      refreshTimer = clock.schedule(cfg.garpMasterRefresh(), this::refreshGarp);
    }
  }

  private void cancelGarp() {
    if (garpTimer != null) {
      garpTimer.cancel();
    }
    if (refreshTimer != null) {
      refreshTimer.cancel();
    }
  }

  private void notifyScripts(VrrpState to) {
    if (!runScripts) {
      return;
    }
    String specific = switch (to) {
      case MASTER -> cfg.notifyMaster();
      case BACKUP -> cfg.notifyBackup();
      case FAULT -> cfg.notifyFault();
      case INIT -> cfg.notifyStop();
    };
    if (specific != null) {
      Scripts.start(specific, List.of());
    }
    if (cfg.notifyScript() != null) {
      String st = to == VrrpState.INIT ? "STOP" : to.name();
      Scripts.start(cfg.notifyScript(), List.of("INSTANCE", cfg.name(), st,
          Integer.toString(sm.priority())));
    }
  }

  // ---- tracking

  /**
   * A tracked value (track_file): its contribution is added to the priority; fault forces FAULT.
   *
   * @param trackName a name for logs
   * @return the tracker
   */
  public ValueTracker trackValue(String trackName) {
    ValueTracker t = new ValueTracker(trackName, this);
    valueTrackers.add(t);
    return t;
  }

  /** A tracked numeric value. */
  public static final class ValueTracker {
    final String name;
    final InstanceImpl owner;
    volatile int contribution;
    volatile boolean fault;

    ValueTracker(String name, InstanceImpl owner) {
      this.name = name;
      this.owner = owner;
    }

    /**
     * @param newContribution priority change
     * @param newFault whether the instance must be in FAULT
     */
    public void set(int newContribution, boolean newFault) {
      if (newContribution == contribution && newFault == fault) {
        return;
      }
      contribution = newContribution;
      fault = newFault;
      LOG.info("({}) tracked {} now {}{}", owner.cfg.name(), name, newContribution,
          newFault ? " (FAULT)" : "");
      owner.recomputePriority();
    }
  }

  void recomputePriority() {
    boolean fault = false;
    int sum = 0;
    for (ValueTracker v : valueTrackers) {
      sum += v.contribution;
      fault |= v.fault;
    }
    for (Tracker t : trackers) {
      int w = t.weight;
      boolean up = t.up;
      if (w == 0 && !up) {
        fault = true;
      } else if (w > 0 && up) {
        sum += w;
      } else if (w < 0 && !up) {
        sum += w;
      }
    }
    int base = cfg.priority();
    int eff = base == 255 ? 255 : Math.max(1, Math.min(254, base + sum));
    sm.setPriority(eff);
    sm.setFault(fault);
  }

  /** A tracked object; weight semantics as keepalived's vrrp_script. */
  static final class Tracker implements HealthTracker {
    final String name;
    final int weight;
    final InstanceImpl owner;
    volatile boolean up = true;

    Tracker(String name, int weight, InstanceImpl owner) {
      this.name = name;
      this.weight = weight;
      this.owner = owner;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public int weight() {
      return weight;
    }

    @Override
    public boolean isUp() {
      return up;
    }

    @Override
    public void set(boolean nowUp) {
      if (up == nowUp) {
        return;
      }
      up = nowUp;
      LOG.info("({}) tracked {} is {}", owner.cfg.name(), name,
          nowUp ? "up" : "down".toLowerCase(Locale.ROOT));
      owner.recomputePriority();
    }
  }

  /** @return the advertisement interval of this instance */
  public Duration advertInterval() {
    return cfg.advertInterval();
  }
}
