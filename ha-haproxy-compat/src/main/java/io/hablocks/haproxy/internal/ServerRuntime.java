package io.hablocks.haproxy.internal;

import io.hablocks.haproxy.ServerConfig;
import java.net.InetSocketAddress;

/** One server at run time: its balancer state, counters, administrative and health state. */
public final class ServerRuntime {

  /** HAProxy's SRV_ADMF_FMAINT: put in maintenance by the runtime API. */
  public static final int ADMF_FMAINT = 0x01;
  /** HAProxy's SRV_ADMF_CMAINT: disabled in the configuration. */
  public static final int ADMF_CMAINT = 0x04;
  /** HAProxy's SRV_ADMF_FDRAIN: drained by the runtime API. */
  public static final int ADMF_FDRAIN = 0x08;

  final BackendRuntime backend;
  final LbServer lb;
  final ServerConfig config;
  final InetSocketAddress address;
  final Counters counters = new Counters();
  /** Administrative flags (maintenance, drain). */
  volatile int admin;
  /** Health counter: 0..rise+fall-1, up when at least rise (HAProxy's check->health). */
  volatile int health;
  /** Whether checks consider it up (HAProxy's operational state RUNNING). */
  volatile boolean checkUp = true;
  volatile boolean checkEnabled;
  volatile String checkStatus = "";
  volatile int checkCode = -1;
  volatile String checkDesc = "";
  volatile String checkInfo = "";
  volatile long checkDurationMs = -1;
  volatile long lastChangeNanos;
  volatile long downSinceNanos = -1;
  volatile long downtimeNanos;
  final java.util.ArrayDeque<BackendRuntime.Pending> queue = new java.util.ArrayDeque<>();

  ServerRuntime(BackendRuntime backend, LbServer lb, long now) {
    this.backend = backend;
    this.lb = lb;
    this.config = lb.config;
    this.address = InetSocketAddress.createUnresolved(config.host(), config.port());
    this.checkEnabled = config.check();
    this.health = config.rise();
    this.admin = config.disabled() ? ADMF_CMAINT : 0;
    this.lastChangeNanos = now;
  }

  /** @return the name */
  public String name() {
    return config.name();
  }

  /** @return the configuration */
  public ServerConfig config() {
    return config;
  }

  /** @return the counters */
  public Counters counters() {
    return counters;
  }

  /** @return whether in maintenance */
  public boolean inMaintenance() {
    return (admin & (ADMF_FMAINT | ADMF_CMAINT)) != 0;
  }

  /** @return whether usable for traffic: not in maintenance and up by checks */
  public boolean operational() {
    return !inMaintenance() && checkUp;
  }

  /** @return {@code show stat}'s status column */
  public String status() {
    if (inMaintenance()) {
      return "MAINT";
    }
    if ((admin & ADMF_FDRAIN) != 0) {
      return "DRAIN";
    }
    if (!checkEnabled) {
      return "no check";
    }
    int rise = config.rise();
    int fall = config.fall();
    if (checkUp) {
      // before its first check a server shows plain UP (it starts with health = rise)
      if (health < rise + fall - 1 && !checkStatus.isEmpty()) {
        return "UP " + (health - rise + 1) + "/" + fall;
      }
      return "UP";
    }
    if (health > 0) {
      return "DOWN " + health + "/" + rise;
    }
    return "DOWN";
  }
}
