package io.hablocks.haproxy;

import java.time.Duration;

/**
 * One {@code server} line of a backend, after {@code default-server} and defaults are applied.
 * Immutable.
 *
 * @param name the server name
 * @param id the numeric id ({@code id} keyword, or assigned 1, 2, ... in declaration order)
 * @param host the address (IP literal or host name)
 * @param port the port (0: same as the client's destination port)
 * @param weight the user weight 0..256 (default 1)
 * @param backup whether this is a backup server
 * @param check whether health checks are enabled
 * @param inter the check interval
 * @param fastInter the interval while a transition is in progress
 * @param downInter the interval while down
 * @param rise consecutive successes to go up
 * @param fall consecutive failures to go down
 * @param maxconn the maximum concurrent connections (0: unlimited)
 * @param maxqueue the maximum queued connections (0: unlimited)
 * @param sendProxy PROXY protocol version to send (0: none, 1 or 2)
 * @param disabled whether it starts in maintenance
 * @param slowstart the slow-start period (zero: none)
 * @param checkPort the port checks go to (0: the server port)
 */
public record ServerConfig(String name, int id, String host, int port, int weight, boolean backup,
    boolean check, Duration inter, Duration fastInter, Duration downInter, int rise, int fall,
    int maxconn, int maxqueue, int sendProxy, boolean disabled, Duration slowstart,
    int checkPort) {

  /**
   * A server with HAProxy's defaults (weight 1, inter 2s, rise 2, fall 3, no check).
   *
   * @param name the name
   * @param host the address
   * @param port the port
   * @return the server
   */
  public static ServerConfig of(String name, String host, int port) {
    return new ServerConfig(name, 0, host, port, 1, false, false, Duration.ofSeconds(2),
        Duration.ofSeconds(2), Duration.ofSeconds(2), 2, 3, 0, 0, 0, false, Duration.ZERO, 0);
  }

  /** @param w the weight @return a copy with this weight */
  public ServerConfig withWeight(int w) {
    return new ServerConfig(name, id, host, port, w, backup, check, inter, fastInter, downInter,
        rise, fall, maxconn, maxqueue, sendProxy, disabled, slowstart, checkPort);
  }

  /** @param b whether backup @return a copy */
  public ServerConfig withBackup(boolean b) {
    return new ServerConfig(name, id, host, port, weight, b, check, inter, fastInter, downInter,
        rise, fall, maxconn, maxqueue, sendProxy, disabled, slowstart, checkPort);
  }

  /** @param n the id @return a copy with this id */
  public ServerConfig withId(int n) {
    return new ServerConfig(name, n, host, port, weight, backup, check, inter, fastInter,
        downInter, rise, fall, maxconn, maxqueue, sendProxy, disabled, slowstart, checkPort);
  }

  /** @param m the maxconn @return a copy */
  public ServerConfig withMaxconn(int m) {
    return new ServerConfig(name, id, host, port, weight, backup, check, inter, fastInter,
        downInter, rise, fall, m, maxqueue, sendProxy, disabled, slowstart, checkPort);
  }
}
