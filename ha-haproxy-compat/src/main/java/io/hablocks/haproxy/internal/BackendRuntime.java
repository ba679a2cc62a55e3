package io.hablocks.haproxy.internal;

import io.hablocks.api.Cancellable;
import io.hablocks.api.Clock;
import io.hablocks.haproxy.ProxyConfig;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One backend at run time: its balancer, servers, counters and the queue of requests waiting
 * for a server slot (maxconn), with the queue timeout on the {@link Clock}.
 */
public final class BackendRuntime {

  private static final Logger LOG = LoggerFactory.getLogger("io.hablocks.haproxy");

  /** The outcome of asking for a server. */
  public interface Assignment {
    /** @param server the server whose slot is now taken for this request */
    void assigned(ServerRuntime server);

    /** @param status the HTTP status to answer with (503) */
    void failed(int status);
  }

  /** A request waiting for a slot. */
  static final class Pending {
    final RequestView request;
    final Assignment callback;
    Cancellable timer;
    boolean done;

    Pending(RequestView request, Assignment callback) {
      this.request = request;
      this.callback = callback;
    }
  }

  final ProxyConfig config;
  final Balancer balancer;
  final Clock clock;
  final Counters counters = new Counters();
  final List<ServerRuntime> servers = new ArrayList<>();
  final Map<String, ServerRuntime> byName = new LinkedHashMap<>();
  private final Map<LbServer, ServerRuntime> byLb = new java.util.HashMap<>();
  private final ArrayDeque<Pending> queue = new ArrayDeque<>();
  final int iid;
  volatile long lastChangeNanos;

  BackendRuntime(ProxyConfig config, Clock clock, int iid) {
    this.config = config;
    this.clock = clock;
    this.iid = iid;
    this.balancer = new Balancer(config.balance(), config.servers(), config.option("allbackups"),
        clock, config.name().hashCode());
    this.lastChangeNanos = clock.nanoTime();
    for (LbServer s : balancer.servers()) {
      ServerRuntime r = new ServerRuntime(this, s, clock.nanoTime());
      servers.add(r);
      byName.put(s.name(), r);
      byLb.put(s, r);
      if (r.inMaintenance()) {
        balancer.setUp(s, false);
      }
    }
  }

  /** @return the configuration */
  public ProxyConfig config() {
    return config;
  }

  /** @return the servers in declaration order */
  public List<ServerRuntime> servers() {
    return servers;
  }

  /** @param name a server name @return the server or null */
  public ServerRuntime server(String name) {
    return byName.get(name);
  }

  /** @return the balancer */
  public Balancer balancer() {
    return balancer;
  }

  /** @return the counters */
  public Counters counters() {
    return counters;
  }

  /**
   * Asks for a server for a request; the callback runs now or when a slot frees up.
   *
   * @param request the request
   * @param avoid a server to avoid (after a failed attempt), or null
   * @param callback the outcome
   */
  public void assign(RequestView request, ServerRuntime avoid, Assignment callback) {
    ServerRuntime chosen;
    synchronized (this) {
      LbServer s = balancer.pick(request, avoid == null ? null : avoid.lb);
      if (s == null) {
        if (balancer.activeServers() + balancer.backupServers() == 0) {
          chosen = null;
        } else {
          // every usable server is full: wait in the backend's queue
          Pending p = new Pending(request, callback);
          queue.add(p);
          counters.queued();
          Duration qt = config.timeout("queue").or(() -> config.timeout("connect"))
              .orElse(Duration.ofSeconds(5));
          p.timer = clock.schedule(qt, () -> expire(p));
          return;
        }
      } else {
        chosen = byLb.get(s);
        balancer.taken(s);
        chosen.counters.lbtot.increment();
      }
    }
    if (chosen == null) {
      callback.failed(503);
    } else {
      callback.assigned(chosen);
    }
  }

  private void expire(Pending p) {
    synchronized (this) {
      if (p.done) {
        return;
      }
      p.done = true;
      queue.remove(p);
      counters.qcur.decrementAndGet();
    }
    p.callback.failed(503);
  }

  /**
   * Gives a server slot back; a queued request, if any, takes it.
   *
   * @param s the server
   */
  public void release(ServerRuntime s) {
    Pending next = null;
    ServerRuntime to = null;
    synchronized (this) {
      balancer.released(s.lb);
      while (!queue.isEmpty()) {
        Pending p = queue.poll();
        counters.qcur.decrementAndGet();
        if (p.done) {
          continue;
        }
        LbServer pick = balancer.pick(p.request, null);
        if (pick == null) {
          queue.addFirst(p);
          counters.qcur.incrementAndGet();
          break;
        }
        p.done = true;
        if (p.timer != null) {
          p.timer.cancel();
        }
        balancer.taken(pick);
        next = p;
        to = byLb.get(pick);
        to.counters.lbtot.increment();
        break;
      }
    }
    if (next != null) {
      next.callback.assigned(to);
    }
  }

  /** @return requests waiting in the queue */
  public synchronized int queued() {
    return queue.size();
  }

  /**
   * Applies a server's administrative or health change to the balancer.
   *
   * @param s the server
   */
  public void refresh(ServerRuntime s) {
    synchronized (this) {
      boolean was = s.lb.isUp();
      boolean now = s.operational();
      if (was != now) {
        balancer.setUp(s.lb, now);
        s.lastChangeNanos = clock.nanoTime();
        if (!now) {
          s.downSinceNanos = clock.nanoTime();
          s.counters.chkdown.increment();
        } else if (s.downSinceNanos >= 0) {
          s.downtimeNanos += clock.nanoTime() - s.downSinceNanos;
          s.downSinceNanos = -1;
        }
        if (balancer.activeServers() + balancer.backupServers() == 0 && !now) {
          LOG.error("backend '{}' has no server available!", config.name());
        }
      }
    }
  }
}
