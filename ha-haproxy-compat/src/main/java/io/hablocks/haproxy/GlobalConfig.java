package io.hablocks.haproxy;

import java.time.Duration;
import java.util.List;

/**
 * The merged {@code global} sections. Immutable.
 *
 * @param maxconn the process-wide connection limit (HAProxy's default here: 4096 when unset)
 * @param nbthread the number of threads (event loops)
 * @param statsSockets the runtime API sockets
 * @param statsTimeout idle timeout of a stats socket session
 * @param pidfile the pidfile, or null
 * @param daemon whether {@code daemon} is set (ignored: we stay in the foreground)
 */
public record GlobalConfig(int maxconn, int nbthread, List<StatsSocket> statsSockets,
    Duration statsTimeout, String pidfile, boolean daemon) {

  /** Canonical form. */
  public GlobalConfig {
    statsSockets = List.copyOf(statsSockets);
  }

  /**
   * A {@code stats socket} line.
   *
   * @param path a unix socket path, or null
   * @param host a TCP address ({@code ipv4@127.0.0.1:9999}), or null
   * @param port the TCP port
   * @param level user, operator or admin
   */
  public record StatsSocket(String path, String host, int port, String level) {}
}
