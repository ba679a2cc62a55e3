package io.hablocks.haproxy.internal;

import io.hablocks.api.Cancellable;
import io.hablocks.api.Clock;
import io.hablocks.haproxy.BalanceConfig;
import io.hablocks.haproxy.HaproxyConfigException;
import io.hablocks.haproxy.ServerConfig;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * One backend's server choice as HAProxy 2.6 makes it ({@code assign_server}): the algorithm's
 * structure ({@link FwrrLb}, {@link MapLb}, {@link ChashLb}, {@link FwlcLb}, {@link FasLb}), the
 * key each hash algorithm reads from the request, the round-robin fallback when that key is
 * absent, state and weight changes at run time and slow start. Thread-safe: every method takes
 * the balancer's lock (HAProxy's lbprm lock).
 */
public final class Balancer {

  private final BalanceConfig balance;
  private final Clock clock;
  private final List<LbServer> servers;
  private final Map<String, LbServer> byName = new LinkedHashMap<>();
  private final Lb lb;
  private final SplittableRandom random;
  private final Map<LbServer, Long> lastChange = new java.util.HashMap<>();
  private final Map<LbServer, Cancellable> warmups = new java.util.HashMap<>();
  // uri options
  private boolean uriWhole;
  private boolean uriPathOnly;
  private int uriLen;
  private int uriDepth;

  /**
   * @param balance the balance settings
   * @param serverConfigs the servers in declaration order
   * @param allBackups whether option allbackups is set
   * @param clock the clock for slow start
   * @param seed the seed of {@code random}'s draws
   */
  public Balancer(BalanceConfig balance, List<ServerConfig> serverConfigs, boolean allBackups,
      Clock clock, long seed) {
    this.balance = balance;
    this.clock = clock;
    this.random = new SplittableRandom(seed);
    List<LbServer> list = new ArrayList<>();
    for (ServerConfig c : serverConfigs) {
      LbServer s = new LbServer(c, list.size());
      list.add(s);
      byName.put(c.name(), s);
    }
    this.servers = Collections.unmodifiableList(list);
    String a = balance.algorithm();
    if (a.equals("roundrobin")) {
      lb = new FwrrLb(list, allBackups);
    } else if (a.equals("static-rr")) {
      lb = new MapLb(list, allBackups);
    } else if (a.equals("leastconn")) {
      lb = new FwlcLb(list, allBackups);
    } else if (a.equals("first")) {
      lb = new FasLb(list, allBackups);
    } else if (balance.consistent()) {
      lb = new ChashLb(list, allBackups);
    } else {
      lb = new MapLb(list, allBackups);
    }
    if (a.equals("uri")) {
      List<String> args = balance.arguments();
      for (int i = 0; i < args.size(); i++) {
        switch (args.get(i)) {
          case "whole" -> uriWhole = true;
          case "path-only" -> uriPathOnly = true;
          case "len" -> uriLen = Integer.parseInt(args.get(++i));
          case "depth" -> uriDepth = Integer.parseInt(args.get(++i)) + 1;
          default -> { }
        }
      }
    }
  }

  /** @return the servers in declaration order */
  public List<LbServer> servers() {
    return servers;
  }

  /** @param name a server name @return the server or null */
  public LbServer server(String name) {
    return byName.get(name);
  }

  /** @return the algorithm settings */
  public BalanceConfig balance() {
    return balance;
  }

  /** @return HAProxy's weight divider for this algorithm (16 for dynamic ones, 1 for maps) */
  public synchronized int wdiv() {
    return lb.wdiv;
  }

  /** @return HAProxy's weight multiplier (the GCD of weights for maps) */
  public synchronized int wmult() {
    return lb.wmult;
  }

  /** @return the backend's total effective weight (as {@code show stat} reports it) */
  public synchronized long totalWeightForStats() {
    return (lb.totWeight * lb.wmult + lb.wdiv - 1) / lb.wdiv;
  }

  /** @return active (non-backup) usable servers */
  public synchronized int activeServers() {
    return lb.srvAct;
  }

  /** @return usable backup servers */
  public synchronized int backupServers() {
    return lb.srvBck;
  }

  /**
   * @param s a server
   * @return its weight as {@code show stat} and {@code get weight} report it
   */
  public synchronized int reportedWeight(LbServer s) {
    // as HAProxy reports it: the weight the server has when it takes traffic (drain and
    // maintenance do not show as 0)
    long ew = s.eweight;
    if (s.drained || !s.up) {
      ew = s.starting ? slowstartEweight(s) : lb.eweightOf(s, s.uweight, lb.wdiv);
    }
    return (int) ((ew * lb.wmult + lb.wdiv - 1) / lb.wdiv);
  }

  /**
   * Chooses a server for a request, as assign_server does.
   *
   * @param r the request (or connection)
   * @param avoid the server to avoid (the one that just failed), or null
   * @return the server, or null if none is usable
   */
  public synchronized LbServer pick(RequestView r, LbServer avoid) {
    String a = balance.algorithm();
    switch (a) {
      case "roundrobin", "static-rr", "leastconn", "first" -> {
        return lb.next(avoid);
      }
      case "random" -> {
        int draws = balance.arguments().isEmpty() ? 2 : Integer.parseInt(balance.arguments().get(0));
        LbServer curr = null;
        do {
          LbServer prev = curr;
          curr = lb.byHash(random.nextInt(), avoid);
          if (curr == null) {
            break;
          }
          if (prev != null && prev != curr
              && (long) curr.served * prev.eweight > (long) prev.served * curr.eweight) {
            curr = prev;
          }
        } while (--draws > 0);
        return curr;
      }
      default -> { }
    }
    if (lb.totWeight == 0) {
      return null;
    }
    Integer h = hash(r);
    LbServer s = h == null ? null : lb.byHash(h, avoid);
    if (s == null) {
      s = lb.next(avoid);
    }
    return s;
  }

  private int finish(int h) {
    return balance.avalanche() ? Hashes.fullHash(h) : h;
  }

  private int gen(byte[] b, int off, int len) {
    return Hashes.hash(balance.hashFunction(), b, off, len);
  }

  private Integer hash(RequestView r) {
    String a = balance.algorithm();
    switch (a) {
      case "source": {
        InetAddress src = r.source();
        if (src == null) {
          return null;
        }
        if (lb.totUsed == 1) {
          return 0;
        }
        byte[] b = src.getAddress();
        int h = 0;
        for (int l = 0; l + 4 <= b.length; l += 4) {
          h ^= ((b[l] & 0xff) << 24) | ((b[l + 1] & 0xff) << 16) | ((b[l + 2] & 0xff) << 8)
              | (b[l + 3] & 0xff);
        }
        return finish(h);
      }
      case "uri": {
        String uri = r.uri();
        if (uri == null) {
          return null;
        }
        if (uriPathOnly) {
          uri = pathAndQuery(uri);
        }
        if (lb.totUsed == 1) {
          return 0;
        }
        byte[] b = uri.getBytes(StandardCharsets.ISO_8859_1);
        int len = b.length;
        if (uriLen > 0) {
          len = Math.min(len, uriLen);
        }
        int end = 0;
        int slashes = 0;
        while (len-- > 0) {
          byte c = b[end];
          if (c == '/') {
            slashes++;
            if (slashes == uriDepth) {
              break;
            }
          } else if (c == '?' && !uriWhole) {
            break;
          }
          end++;
        }
        return finish(gen(b, 0, end));
      }
      case "url_param": {
        String uri = r.uri();
        if (uri == null) {
          return null;
        }
        byte[] b = uri.getBytes(StandardCharsets.ISO_8859_1);
        byte[] name = balance.arguments().get(0).getBytes(StandardCharsets.ISO_8859_1);
        int q = uri.indexOf('?');
        if (q < 0) {
          return null;
        }
        int p = q + 1;
        int uriLeft = b.length - p;
        int plen = name.length;
        int params = p;
        while (uriLeft > plen) {
          if (b[params + plen] == '=' && regionEquals(b, params, name)) {
            int start = params + plen + 1;
            int end = start;
            int left = uriLeft - (plen + 1);
            while (left > 0 && b[end] != '&') {
              left--;
              end++;
            }
            return finish(gen(b, start, end - start));
          }
          int amp = -1;
          for (int i = params; i < params + uriLeft; i++) {
            if (b[i] == '&') {
              amp = i;
              break;
            }
          }
          if (amp < 0) {
            return null;
          }
          uriLeft -= amp + 1 - params;
          params = amp + 1;
        }
        return null;
      }
      case "hdr": {
        if (lb.totUsed == 1) {
          return 0;
        }
        List<String> values = r.headerValues(balance.arguments().get(0));
        if (values.isEmpty()) {
          return null;
        }
        byte[] b = values.get(0).getBytes(StandardCharsets.ISO_8859_1);
        if (balance.arguments().size() < 2) {
          return finish(gen(b, 0, b.length));
        }
        // use_domain_only: hash the label before the TLD
        int len = b.length;
        int p = len;
        int end = p;
        boolean dohash = false;
        while (len > 0) {
          if (dohash) {
            if (b[p - 1] == '.') {
              break;
            }
          } else if (p < b.length && b[p] == '.') {
            end = p;
            dohash = true;
          }
          p--;
          len--;
        }
        return finish(gen(b, p, end - p));
      }
      case "hash": {
        byte[] b = HashKey.sample(balance.arguments().get(0), r);
        if (b == null) {
          return null;
        }
        return finish(gen(b, 0, b.length));
      }
      default:
        return null;
    }
  }

  private static boolean regionEquals(byte[] b, int off, byte[] name) {
    for (int i = 0; i < name.length; i++) {
      if (b[off + i] != name[i]) {
        return false;
      }
    }
    return true;
  }

  private static String pathAndQuery(String uri) {
    if (uri.startsWith("/") || uri.equals("*")) {
      return uri;
    }
    int scheme = uri.indexOf("://");
    if (scheme < 0) {
      return uri;
    }
    int slash = uri.indexOf('/', scheme + 3);
    return slash < 0 ? "" : uri.substring(slash);
  }

  /** @param s the server that took a connection */
  public synchronized void taken(LbServer s) {
    s.served++;
    lb.reposition(s);
  }

  /** @param s the server that released a connection */
  public synchronized void released(LbServer s) {
    if (s.served > 0) {
      s.served--;
    }
    lb.reposition(s);
  }

  /**
   * Marks a server up or down (health, maintenance).
   *
   * @param s the server
   * @param up the new state
   */
  public synchronized void setUp(LbServer s, boolean up) {
    if (s.up == up) {
      return;
    }
    boolean was = s.usable();
    int old = s.eweight;
    s.up = up;
    if (up && s.config.slowstart().toMillis() >= 1000 && lb.dynamic()) {
      s.starting = true;
      lastChange.put(s, clock.nanoTime());
      s.eweight = slowstartEweight(s);
      scheduleWarmup(s);
    } else {
      s.starting = false;
      s.eweight = lb.eweightOf(s, s.uweight, lb.wdiv);
    }
    if (s.drained) {
      s.eweight = 0;
    }
    lb.update(s, was, old);
  }

  private int slowstartEweight(LbServer s) {
    long ss = s.config.slowstart().toSeconds();
    long elapsed = Duration.ofNanos(clock.nanoTime() - lastChange.getOrDefault(s, 0L)).toSeconds();
    if (elapsed >= ss) {
      s.starting = false;
      return lb.eweightOf(s, s.uweight, lb.wdiv);
    }
    int w = (int) ((lb.wdiv * elapsed + ss) / ss);
    return lb.eweightOf(s, s.uweight, w);
  }

  private void scheduleWarmup(LbServer s) {
    Cancellable old = warmups.remove(s);
    if (old != null) {
      old.cancel();
    }
    long every = Math.max(1000, s.config.slowstart().toMillis() / 20);
    warmups.put(s, clock.schedule(Duration.ofMillis(every), () -> warmup(s)));
  }

  private synchronized void warmup(LbServer s) {
    warmups.remove(s);
    if (!s.starting || !s.up) {
      return;
    }
    boolean was = s.usable();
    int old = s.eweight;
    s.eweight = s.drained ? 0 : slowstartEweight(s);
    lb.update(s, was, old);
    if (s.starting) {
      scheduleWarmup(s);
    }
  }

  /**
   * Sets a server's user weight ({@code set weight}).
   *
   * @param s the server
   * @param weight 0..256
   * @throws HaproxyConfigException for a static algorithm and a weight other than 0 or the
   *     initial one
   */
  public synchronized void setWeight(LbServer s, int weight) {
    if (weight < 0 || weight > 256) {
      throw new HaproxyConfigException("Absolute weight can only be between 0 and 256 inclusive.");
    }
    if (!lb.dynamic() && weight != 0 && weight != s.iweight) {
      throw new HaproxyConfigException(
          "Backend is using a static LB algorithm and only accepts weights '0%' and '100%'.");
    }
    boolean was = s.usable();
    int old = s.eweight;
    s.uweight = weight;
    s.eweight = effective(s);
    lb.update(s, was, old);
  }

  /**
   * Drains a server or ends the drain: its effective weight is 0 while drained, its user weight
   * is kept ({@code set server B/S state drain|ready}).
   *
   * @param s the server
   * @param drained the new drain state
   */
  public synchronized void setDrain(LbServer s, boolean drained) {
    if (s.drained == drained) {
      return;
    }
    boolean was = s.usable();
    int old = s.eweight;
    s.drained = drained;
    s.eweight = effective(s);
    lb.update(s, was, old);
  }

  private int effective(LbServer s) {
    if (s.drained) {
      return 0;
    }
    return s.starting ? slowstartEweight(s) : lb.eweightOf(s, s.uweight, lb.wdiv);
  }

  /**
   * Sets a server's maxconn ({@code set maxconn server}).
   *
   * @param s the server
   * @param maxconn the new limit (0: none)
   */
  public synchronized void setMaxconn(LbServer s, int maxconn) {
    s.maxconn = maxconn;
  }
}
