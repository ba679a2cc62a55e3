package io.hablocks.haproxy.internal;

import io.hablocks.haproxy.ServerConfig;

/**
 * The balancing state of one server, as HAProxy keeps it in {@code struct server}: user weight,
 * effective weight, usability, live counters and the position fields of each algorithm. Mutated
 * only under its balancer's lock (HAProxy's lbprm lock).
 */
public final class LbServer {

  final ServerConfig config;
  final int puid;
  final boolean backup;
  final int index;
  /** The user weight (0..256), changed by {@code set weight}. */
  int uweight;
  /** The initial weight (for percentages). */
  final int iweight;
  /** The effective weight. */
  int eweight;
  /** Whether the server is up (not in maintenance and not down by checks). */
  boolean up = true;
  /** Whether it is drained (admin DRAIN: effective weight 0, user weight kept). */
  boolean drained;
  /** Whether it is in slow start (HAProxy's SRV_ST_STARTING). */
  boolean starting;
  /** Connections being served. */
  volatile int served;
  /** Requests waiting in this server's queue. */
  volatile int queued;
  /** Per-server maxconn (0: none), changed by {@code set maxconn server}. */
  int maxconn;

  // fwrr / fwlc / fas tree position
  EbTree.Node node;
  EbTree tree;
  long npos;
  long lpos;
  long rweight;
  LbServer nextFull;
  // map
  long wscore;
  // chash
  EbTree.Node[] chashNodes;
  int chashNow;

  LbServer(ServerConfig config, int index) {
    this.config = config;
    this.puid = config.id();
    this.backup = config.backup();
    this.index = index;
    this.uweight = config.weight();
    this.iweight = config.weight();
    this.maxconn = config.maxconn();
    this.up = !config.disabled();
  }

  /** @return the configuration */
  public ServerConfig config() {
    return config;
  }

  /** @return the server name */
  public String name() {
    return config.name();
  }

  /** @return the position in declaration order */
  public int index() {
    return index;
  }

  /** @return the user weight */
  public int userWeight() {
    return uweight;
  }

  /** @return the effective weight */
  public int effectiveWeight() {
    return eweight;
  }

  /** @return whether up */
  public boolean isUp() {
    return up;
  }

  /** @return connections being served */
  public int served() {
    return served;
  }

  /** @return whether the server takes traffic (up with a non-zero effective weight) */
  boolean usable() {
    return up && eweight > 0;
  }

  /** @return whether it can take one more connection now (maxconn not reached, no queue) */
  boolean hasRoom() {
    return maxconn == 0 || queued == 0 && served < maxconn;
  }

  @Override
  public String toString() {
    return config.name();
  }
}
