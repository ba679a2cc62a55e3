package io.hablocks.vrrp.internal;

import io.hablocks.api.Cancellable;
import io.hablocks.api.Clock;
import io.hablocks.vrrp.Advertisement;
import io.hablocks.vrrp.VrrpState;
import io.hablocks.vrrp.VrrpVersion;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Objects;

/**
 * The VRRP state machine of RFC 3768 / RFC 5798 with keepalived's choices, on a {@link Clock}.
 * Pure logic: packets in (already validated for this instance), actions out. All methods are
 * serialised on this object; actions run while it is held and must not block.
 *
 * <ul>
 *   <li>Startup: priority 255 (address owner) goes MASTER at once; anyone else goes BACKUP with
 *       the Master_Down timer.
 *   <li>Master_Down_Interval = 3 × Master_Adver_Interval + Skew_Time; v3 Skew_Time =
 *       (256 − priority) × Master_Adver_Interval / 256, v2 Skew_Time = (256 − priority) / 256
 *       seconds, both at microsecond resolution as keepalived 2.2.7 computes them (measured in
 *       the lab: 609.4 ms for priority 100 with a 1 s interval in both versions).
 *   <li>BACKUP receiving priority 0: Master_Down timer set to Skew_Time.
 *   <li>BACKUP receiving priority ≥ ours, or anything with nopreempt, or anything lower while the
 *       preempt delay (armed by the first lower advert) runs: timer reset (v3 learns the master's
 *       interval). A lower advert otherwise is ignored, so the timer fires and we preempt.
 *   <li>MASTER receiving priority 0: advert at once, Adver timer reset. Higher priority, or equal
 *       priority from a higher primary address: BACKUP. Lower: an advert at once (keepalived's
 *       default without {@code lower_prio_no_advert}).
 *   <li>Stop while MASTER: priority-0 advert, then INIT.
 * </ul>
 */
public final class StateMachine {

  /** What the machine asks of its environment. */
  public interface Actions {
    /**
     * Send an advertisement now.
     *
     * @param priority the priority to carry (0 when leaving MASTER)
     */
    void sendAdvert(int priority);

    /**
     * The state changed. Entering MASTER: add the virtual addresses and send gratuitous ARPs;
     * leaving it: remove them.
     *
     * @param from the old state
     * @param to the new state
     */
    void stateChanged(VrrpState from, VrrpState to);
  }

  /** Settings of one instance. */
  public record Params(VrrpVersion version, int priority, Duration advertInterval,
      boolean preempt, Duration preemptDelay, InetAddress primaryAddress,
      boolean startAsMaster) {
    /** Checks ranges. */
    public Params {
      Objects.requireNonNull(version, "version");
      Objects.requireNonNull(advertInterval, "advertInterval");
      Objects.requireNonNull(preemptDelay, "preemptDelay");
      Objects.requireNonNull(primaryAddress, "primaryAddress");
      if (priority < 1 || priority > 255) {
        throw new IllegalArgumentException("priority must be 1..255: " + priority);
      }
    }
  }

  private final Clock clock;
  private Params params;
  private final Actions actions;

  private VrrpState state = VrrpState.INIT;
  private int priority;
  private Duration masterAdverInterval;
  private Cancellable timer;
  private long preemptUntilNanos = -1;
  private boolean faulted;

  /**
   * @param clock the clock that owns every timer
   * @param params the instance's settings
   * @param actions what the machine drives
   */
  public StateMachine(Clock clock, Params params, Actions actions) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.params = Objects.requireNonNull(params, "params");
    this.actions = Objects.requireNonNull(actions, "actions");
    this.priority = params.priority();
    this.masterAdverInterval = params.advertInterval();
  }

  /** @return the current state */
  public synchronized VrrpState state() {
    return state;
  }

  /** @return the effective priority */
  public synchronized int priority() {
    return priority;
  }

  /** @return the interval the master advertises (learned from adverts in v3) */
  public synchronized Duration masterAdverInterval() {
    return masterAdverInterval;
  }

  /**
   * Sets the primary address used in equal-priority ties (known once the interface is read).
   *
   * @param a the address
   */
  public synchronized void setPrimaryAddress(InetAddress a) {
    params = new Params(params.version(), params.priority(), params.advertInterval(),
        params.preempt(), params.preemptDelay(), a, params.startAsMaster());
  }

  /** Stops every timer and goes to INIT without sending anything or telling anyone (a crash). */
  public synchronized void abort() {
    cancelTimer();
    state = VrrpState.INIT;
  }

  /** Sync group: a BACKUP member becomes MASTER now because another member did. */
  public synchronized void forceMaster() {
    if (state == VrrpState.BACKUP) {
      becomeMaster();
    }
  }

  /** Sync group: a MASTER member steps down to BACKUP because another member did. */
  public synchronized void forceBackup() {
    if (state == VrrpState.MASTER) {
      cancelTimer();
      transition(VrrpState.BACKUP);
      armMasterDown(masterDownInterval());
    }
  }

  /** @return the master interval without taking the lock (for actions running under it) */
  public Duration masterAdverIntervalUnlocked() {
    return masterAdverInterval;
  }

  /** Startup event: INIT → MASTER (owner) or BACKUP. */
  public synchronized void start() {
    if (state != VrrpState.INIT) {
      return;
    }
    if (faulted) {
      transition(VrrpState.FAULT);
      return;
    }
    if (priority == 255) {
      becomeMaster();
    } else {
      becomeBackup();
    }
  }

  /** Shutdown event: a MASTER sends a priority-0 advert; every state goes to INIT. */
  public synchronized void stop() {
    cancelTimer();
    if (state == VrrpState.MASTER) {
      actions.sendAdvert(0);
    }
    if (state != VrrpState.INIT) {
      transition(VrrpState.INIT);
    }
  }

  /**
   * Changes the effective priority (tracking weights). Takes effect with the next advert or timer.
   *
   * @param newPriority 1..255
   */
  public synchronized void setPriority(int newPriority) {
    priority = Math.max(1, Math.min(255, newPriority));
  }

  /**
   * Enters or leaves FAULT (a tracked object failed / recovered). Entering from MASTER sends a
   * priority-0 advert first, as keepalived does.
   *
   * @param fault true to enter FAULT, false to leave it
   */
  public synchronized void setFault(boolean fault) {
    if (fault == faulted) {
      return;
    }
    faulted = fault;
    if (state == VrrpState.INIT) {
      return;
    }
    if (fault) {
      cancelTimer();
      if (state == VrrpState.MASTER) {
        actions.sendAdvert(0);
      }
      transition(VrrpState.FAULT);
    } else {
      becomeBackup();
    }
  }

  /**
   * An advert for this instance arrived (already validated).
   *
   * @param adv the advertisement
   * @param src its IP source address
   */
  public synchronized void onAdvert(Advertisement adv, InetAddress src) {
    switch (state) {
      case BACKUP -> backupReceive(adv);
      case MASTER -> masterReceive(adv, src);
      default -> { }
    }
  }

  private void backupReceive(Advertisement adv) {
    if (adv.priority() == 0) {
      armMasterDown(skewTime());
      return;
    }
    boolean lower = adv.priority() < priority;
    boolean delaying = false;
    if (lower && params.preempt() && !params.preemptDelay().isZero()) {
      long now = clock.nanoTime();
      if (preemptUntilNanos < 0) {
        preemptUntilNanos = now + params.preemptDelay().toNanos();
      }
      delaying = now < preemptUntilNanos;
    }
    if (!params.preempt() || !lower || delaying) {
      if (params.version() == VrrpVersion.V3 && !adv.interval().isZero()) {
        masterAdverInterval = adv.interval();
      }
      armMasterDown(masterDownInterval());
    }
  }

  private void masterReceive(Advertisement adv, InetAddress src) {
    if (adv.priority() == 0) {
      actions.sendAdvert(priority);
      armAdver();
      return;
    }
    if (adv.priority() > priority
        || (adv.priority() == priority && compare(src, params.primaryAddress()) > 0)) {
      if (params.version() == VrrpVersion.V3 && !adv.interval().isZero()) {
        masterAdverInterval = adv.interval();
      }
      cancelTimer();
      transition(VrrpState.BACKUP);
      preemptUntilNanos = -1;
      armMasterDown(masterDownInterval());
      return;
    }
    if (adv.priority() < priority) {
      actions.sendAdvert(priority);
    }
  }

  private void becomeMaster() {
    cancelTimer();
    actions.sendAdvert(priority);
    transition(VrrpState.MASTER);
    armAdver();
  }

  private void becomeBackup() {
    cancelTimer();
    masterAdverInterval = params.advertInterval();
    preemptUntilNanos = -1;
    transition(VrrpState.BACKUP);
    armMasterDown(masterDownInterval());
  }

  private void transition(VrrpState to) {
    VrrpState from = state;
    state = to;
    if (from != to) {
      actions.stateChanged(from, to);
    }
  }

  private void armAdver() {
    cancelTimer();
    timer = clock.schedule(params.advertInterval(), this::adverTimerFired);
  }

  private void armMasterDown(Duration d) {
    cancelTimer();
    timer = clock.schedule(d, this::masterDownFired);
  }

  private synchronized void adverTimerFired() {
    if (state != VrrpState.MASTER) {
      return;
    }
    actions.sendAdvert(priority);
    timer = clock.schedule(params.advertInterval(), this::adverTimerFired);
  }

  private synchronized void masterDownFired() {
    if (state != VrrpState.BACKUP) {
      return;
    }
    becomeMaster();
  }

  private void cancelTimer() {
    if (timer != null) {
      timer.cancel();
      timer = null;
    }
  }

  /** @return Skew_Time for the current priority and master interval */
  public synchronized Duration skewTime() {
    return skew(params.version(), priority, masterAdverInterval);
  }

  /** @return Master_Down_Interval for the current priority and master interval */
  public synchronized Duration masterDownInterval() {
    return masterAdverInterval.multipliedBy(3).plus(skewTime());
  }

  /**
   * Skew_Time as keepalived computes it.
   *
   * @param version protocol version
   * @param priority effective priority
   * @param masterAdverInterval the master's advertisement interval
   * @return the skew
   */
  public static Duration skew(VrrpVersion version, int priority, Duration masterAdverInterval) {
    if (version == VrrpVersion.V3) {
      // keepalived 2.2.7 computes it in microseconds (measured: 609.4 ms for priority 100)
      long us = masterAdverInterval.toNanos() / 1000;
      return Duration.ofNanos(((256L - priority) * us / 256) * 1000L);
    }
    return Duration.ofNanos(((256L - priority) * 1_000_000L / 256) * 1000L);
  }

  /**
   * Compares addresses as unsigned big-endian numbers.
   *
   * @param a one
   * @param b other
   * @return negative, zero or positive
   */
  public static int compare(InetAddress a, InetAddress b) {
    byte[] x = a.getAddress();
    byte[] y = b.getAddress();
    if (x.length != y.length) {
      return Integer.compare(x.length, y.length);
    }
    for (int i = 0; i < x.length; i++) {
      int c = Integer.compare(x[i] & 0xff, y[i] & 0xff);
      if (c != 0) {
        return c;
      }
    }
    return 0;
  }
}
