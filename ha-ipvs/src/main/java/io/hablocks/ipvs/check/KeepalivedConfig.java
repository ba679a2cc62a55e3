package io.hablocks.ipvs.check;

import io.hablocks.ipvs.IpvsException;
import io.hablocks.ipvs.IpvsSchedulers;
import io.hablocks.ipvs.Scenario;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The virtual_server part of keepalived.conf: virtual servers with lb_algo, lb_kind, delay_loop,
 * quorum, hysteresis, alpha, omega, quorum_up/down, sorry_server, and real servers with weight,
 * inhibit_on_failure, notify_up/down, uthreshold/lthreshold and one TCP_CHECK, HTTP_GET, SSL_GET
 * or MISC_CHECK. Other top-level blocks (global_defs, vrrp_instance, ...) are skipped. Bad input
 * raises {@link IpvsException} naming {@code file:line} and the keyword.
 */
public final class KeepalivedConfig {

  /** The largest file read. */
  public static final long MAX_BYTES = 1 << 20;
  private static final int MAX_DEPTH = 16;

  /**
   * One checker of a real server.
   *
   * @param type TCP_CHECK, HTTP_GET, SSL_GET or MISC_CHECK
   * @param timers its timers (delay_loop inherited from the virtual server)
   * @param target connect_ip/connect_port, defaulting to the real server
   * @param urls HTTP_GET/SSL_GET url blocks
   * @param virtualHost the Host header, or null
   * @param miscPath MISC_CHECK misc_path
   * @param miscTimeout MISC_CHECK misc_timeout
   * @param miscDynamic MISC_CHECK misc_dynamic
   * @param line where it starts
   */
  public record Check(String type, CheckTimers timers, InetSocketAddress target,
      List<HttpGetCheck.Url> urls, String virtualHost, String miscPath, Duration miscTimeout,
      boolean miscDynamic, int line) {

    /** @return the check this configures */
    public HealthCheck toHealthCheck() {
      switch (type) {
        case "TCP_CHECK":
          return new TcpCheck(target, timers.connectTimeout());
        case "HTTP_GET":
        case "SSL_GET":
          return new HttpGetCheck(target, type.equals("SSL_GET"), urls, timers.connectTimeout(),
              virtualHost);
        default:
          return new MiscCheck(miscPath, miscTimeout, miscDynamic);
      }
    }
  }

  /**
   * One real_server block.
   *
   * @param address address and port
   * @param weight weight (default 1)
   * @param inhibitOnFailure weight 0 instead of removal
   * @param notifyUp notify_up script or null
   * @param notifyDown notify_down script or null
   * @param upperThreshold uthreshold
   * @param lowerThreshold lthreshold
   * @param check its checker, or null (always up)
   * @param line where it starts
   */
  public record RealServerConf(InetSocketAddress address, int weight, boolean inhibitOnFailure,
      String notifyUp, String notifyDown, int upperThreshold, int lowerThreshold, Check check,
      int line) {}

  /**
   * One virtual_server block.
   *
   * @param address address and port
   * @param protocol TCP, UDP or SCTP
   * @param lbAlgo the scheduler
   * @param lbKind NAT, DR or TUN
   * @param delayLoop delay_loop
   * @param quorum quorum
   * @param hysteresis hysteresis
   * @param alpha alpha
   * @param omega omega
   * @param quorumUp quorum_up script or null
   * @param quorumDown quorum_down script or null
   * @param sorryServer sorry_server or null
   * @param realServers the real servers
   * @param line where it starts
   */
  public record VirtualServerConf(InetSocketAddress address, String protocol, String lbAlgo,
      String lbKind, Duration delayLoop, int quorum, int hysteresis, boolean alpha,
      boolean omega, String quorumUp, String quorumDown, InetSocketAddress sorryServer,
      List<RealServerConf> realServers, int line) {}

  private final List<VirtualServerConf> virtualServers;

  private KeepalivedConfig(List<VirtualServerConf> vs) {
    this.virtualServers = List.copyOf(vs);
  }

  /** @return the virtual servers in file order */
  public List<VirtualServerConf> virtualServers() {
    return virtualServers;
  }

  /**
   * @param file keepalived.conf
   * @return its virtual servers
   * @throws IpvsException naming file:line on bad input
   */
  public static KeepalivedConfig read(Path file) {
    try {
      if (Files.size(file) > MAX_BYTES) {
        throw new IpvsException(file + ": larger than " + MAX_BYTES + " bytes");
      }
      return parse(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IpvsException(file + ": cannot read: " + e.getMessage());
    }
  }

  /**
   * @param source the name used in errors
   * @param text the configuration
   * @return its virtual servers
   * @throws IpvsException naming source:line on bad input
   */
  public static KeepalivedConfig parse(String source, String text) {
    return new Parser(source, tokenize(source, text)).config();
  }

  private record Token(String text, int line, boolean quoted) {}

  private static List<Token> tokenize(String source, String text) {
    List<Token> out = new ArrayList<>();
    String[] lines = text.split("\n", -1);
    for (int n = 0; n < lines.length; n++) {
      String l = lines[n];
      int i = 0;
      while (i < l.length()) {
        char c = l.charAt(i);
        if (Character.isWhitespace(c)) {
          i++;
        } else if (c == '#' || c == '!') {
          break;
        } else if (c == '{' || c == '}') {
          out.add(new Token(String.valueOf(c), n + 1, false));
          i++;
        } else if (c == '"') {
          int e = l.indexOf('"', i + 1);
          if (e < 0) {
            throw new IpvsException(source + ":" + (n + 1) + ": unterminated quoted string");
          }
          out.add(new Token(l.substring(i + 1, e), n + 1, true));
          i = e + 1;
        } else {
          int s = i;
          while (i < l.length() && !Character.isWhitespace(l.charAt(i)) && l.charAt(i) != '{'
              && l.charAt(i) != '}') {
            i++;
          }
          out.add(new Token(l.substring(s, i), n + 1, false));
        }
      }
    }
    return out;
  }

  private static final class Parser {
    final String source;
    final List<Token> t;
    int p;

    Parser(String source, List<Token> t) {
      this.source = source;
      this.t = t;
    }

    IpvsException error(int line, String msg) {
      return new IpvsException(source + ":" + line + ": " + msg);
    }

    boolean more() {
      return p < t.size();
    }

    Token next(String what, int line) {
      if (p >= t.size()) {
        throw error(line, "expected " + what + " but the file ended");
      }
      return t.get(p++);
    }

    /** The arguments of a keyword: the rest of its line (not braces). */
    List<Token> args(Token kw) {
      List<Token> a = new ArrayList<>();
      while (p < t.size() && t.get(p).line() == kw.line() && !t.get(p).text().equals("{")
          && !t.get(p).text().equals("}")) {
        a.add(t.get(p++));
      }
      return a;
    }

    void open(Token kw) {
      Token b = next("'{'", kw.line());
      if (!b.text().equals("{") || b.quoted()) {
        throw error(b.line(), "expected '{' after " + kw.text() + ", got '" + b.text() + "'");
      }
    }

    void skipBlock(Token kw, int depth) {
      open(kw);
      int d = 1;
      while (d > 0) {
        Token x = next("'}' closing " + kw.text() + " of line " + kw.line(), kw.line());
        if (!x.quoted()) {
          if (x.text().equals("{")) {
            if (++d + depth > MAX_DEPTH) {
              throw error(x.line(), "blocks nested deeper than " + MAX_DEPTH);
            }
          } else if (x.text().equals("}")) {
            d--;
          }
        }
      }
    }

    KeepalivedConfig config() {
      List<VirtualServerConf> vs = new ArrayList<>();
      while (more()) {
        Token kw = t.get(p++);
        List<Token> a = args(kw);
        if (kw.text().equals("virtual_server")) {
          vs.add(virtualServer(kw, a));
        } else if (kw.text().equals("include")) {
          throw error(kw.line(), "include is not supported");
        } else if (kw.text().equals("}") || kw.text().equals("{")) {
          throw error(kw.line(), "unexpected '" + kw.text() + "'");
        } else if (p < t.size() && t.get(p).text().equals("{")) {
          skipBlock(kw, 0);
        }
      }
      return new KeepalivedConfig(vs);
    }

    InetSocketAddress address(List<Token> a, int from, Token kw) {
      if (a.size() < from + 2) {
        throw error(kw.line(), kw.text() + " needs an address and a port");
      }
      String host = a.get(from).text();
      String port = a.get(from + 1).text();
      try {
        return Scenario.address(host.indexOf(':') >= 0 ? "[" + host + "]:" + port
            : host + ":" + port);
      } catch (IpvsException e) {
        throw error(kw.line(), kw.text() + ": " + e.getMessage());
      }
    }

    int integer(Token kw, List<Token> a, int min, int max) {
      String v = one(kw, a);
      try {
        int n = Integer.parseInt(v);
        if (n < min || n > max) {
          throw error(kw.line(), kw.text() + " must be " + min + ".." + max + ", got " + v);
        }
        return n;
      } catch (NumberFormatException e) {
        throw error(kw.line(), kw.text() + " must be an integer, got '" + v + "'");
      }
    }

    Duration seconds(Token kw, List<Token> a) {
      String v = one(kw, a);
      try {
        BigDecimal s = new BigDecimal(v);
        if (s.signum() < 0 || s.compareTo(BigDecimal.valueOf(86400L * 365)) > 0) {
          throw error(kw.line(), kw.text() + " out of range: " + v);
        }
        return Duration.ofNanos(s.movePointRight(9).longValue());
      } catch (NumberFormatException e) {
        throw error(kw.line(), kw.text() + " must be a number of seconds, got '" + v + "'");
      }
    }

    String one(Token kw, List<Token> a) {
      if (a.size() != 1) {
        throw error(kw.line(), kw.text() + " takes one value, got " + a.size());
      }
      return a.get(0).text();
    }

    String script(Token kw, List<Token> a) {
      if (a.isEmpty()) {
        throw error(kw.line(), kw.text() + " needs a script");
      }
      StringBuilder sb = new StringBuilder();
      for (Token x : a) {
        sb.append(sb.length() > 0 ? " " : "").append(x.text());
      }
      return sb.toString();
    }

    void flag(Token kw, List<Token> a) {
      if (!a.isEmpty()) {
        throw error(kw.line(), kw.text() + " takes no value");
      }
    }

    VirtualServerConf virtualServer(Token kw, List<Token> a) {
      if (!a.isEmpty() && (a.get(0).text().equals("fwmark") || a.get(0).text().equals("group"))) {
        throw error(kw.line(), "virtual_server " + a.get(0).text() + " is not supported yet");
      }
      InetSocketAddress addr = address(a, 0, kw);
      open(kw);
      String protocol = "TCP";
      String algo = "wlc";
      String kind = "NAT";
      Duration delayLoop = CheckTimers.DEFAULTS.delayLoop();
      int quorum = 1;
      int hysteresis = 0;
      boolean alpha = false;
      boolean omega = false;
      String qUp = null;
      String qDown = null;
      InetSocketAddress sorry = null;
      List<RealServerConf> reals = new ArrayList<>();
      List<Object[]> realBlocks = new ArrayList<>();
      while (true) {
        Token k = next("'}' closing virtual_server of line " + kw.line(), kw.line());
        if (k.text().equals("}") && !k.quoted()) {
          break;
        }
        List<Token> v = args(k);
        switch (k.text()) {
          case "delay_loop": delayLoop = seconds(k, v); break;
          case "lb_algo": {
            algo = one(k, v);
            if (!IpvsSchedulers.names().contains(algo)) {
              throw error(k.line(), "lb_algo: unknown scheduler '" + algo + "'");
            }
            break;
          }
          case "lb_kind": {
            kind = one(k, v).toUpperCase(java.util.Locale.ROOT);
            if (!Set.of("NAT", "DR", "TUN").contains(kind)) {
              throw error(k.line(), "lb_kind must be NAT, DR or TUN, got '" + kind + "'");
            }
            break;
          }
          case "protocol": {
            protocol = one(k, v).toUpperCase(java.util.Locale.ROOT);
            if (!Set.of("TCP", "UDP", "SCTP").contains(protocol)) {
              throw error(k.line(), "protocol must be TCP, UDP or SCTP, got '" + protocol + "'");
            }
            break;
          }
          case "persistence_timeout": case "persistence_granularity": case "virtualhost":
          case "ha_suspend": case "ops": case "lvs_sched": case "lvs_method":
          case "retry": case "delay_before_retry": case "warmup": case "connect_timeout":
            break; // accepted, not modelled
          case "quorum": quorum = integer(k, v, 1, Integer.MAX_VALUE); break;
          case "hysteresis": hysteresis = integer(k, v, 0, Integer.MAX_VALUE); break;
          case "alpha": flag(k, v); alpha = true; break;
          case "omega": flag(k, v); omega = true; break;
          case "quorum_up": qUp = script(k, v); break;
          case "quorum_down": qDown = script(k, v); break;
          case "sorry_server": sorry = address(v, 0, k); break;
          case "real_server": realBlocks.add(new Object[] {k, v, p}); skipBlock(k, 1); break;
          default:
            throw error(k.line(), "unknown keyword '" + k.text() + "' in virtual_server");
        }
      }
      int end = p;
      Set<InetSocketAddress> seen = new HashSet<>();
      for (Object[] rb : realBlocks) {
        p = (Integer) rb[2];
        @SuppressWarnings("unchecked")
        List<Token> v = (List<Token>) rb[1];
        RealServerConf r = realServer((Token) rb[0], v, delayLoop);
        if (!seen.add(r.address())) {
          throw error(r.line(), "real_server " + r.address() + " appears twice");
        }
        reals.add(r);
      }
      p = end;
      return new VirtualServerConf(addr, protocol, algo, kind, delayLoop, quorum, hysteresis,
          alpha, omega, qUp, qDown, sorry, reals, kw.line());
    }

    RealServerConf realServer(Token kw, List<Token> a, Duration delayLoop) {
      InetSocketAddress addr = address(a, 0, kw);
      open(kw);
      int weight = 1;
      boolean inhibit = false;
      String up = null;
      String down = null;
      int uth = 0;
      int lth = 0;
      Check check = null;
      while (true) {
        Token k = next("'}' closing real_server of line " + kw.line(), kw.line());
        if (k.text().equals("}") && !k.quoted()) {
          break;
        }
        List<Token> v = args(k);
        switch (k.text()) {
          case "weight": weight = integer(k, v, 0, 65535); break;
          case "inhibit_on_failure": flag(k, v); inhibit = true; break;
          case "notify_up": up = script(k, v); break;
          case "notify_down": down = script(k, v); break;
          case "uthreshold": uth = integer(k, v, 0, Integer.MAX_VALUE); break;
          case "lthreshold": lth = integer(k, v, 0, Integer.MAX_VALUE); break;
          case "TCP_CHECK": case "HTTP_GET": case "SSL_GET": case "MISC_CHECK":
            if (check != null) {
              throw error(k.line(), "a second checker in real_server (ha-ipvs runs one)");
            }
            check = check(k, addr, delayLoop);
            break;
          default:
            throw error(k.line(), "unknown keyword '" + k.text() + "' in real_server");
        }
      }
      return new RealServerConf(addr, weight, inhibit, up, down, uth, lth, check, kw.line());
    }

    Check check(Token kw, InetSocketAddress rs, Duration delayLoop) {
      open(kw);
      String type = kw.text();
      CheckTimers timers = CheckTimers.DEFAULTS.withDelayLoop(delayLoop)
          .withRetry(type.equals("MISC_CHECK") ? 0 : 1);
      String ip = rs.getAddress().getHostAddress();
      int port = rs.getPort();
      List<HttpGetCheck.Url> urls = new ArrayList<>();
      String vhost = null;
      String miscPath = null;
      Duration miscTimeout = null;
      boolean dynamic = false;
      boolean http = type.equals("HTTP_GET") || type.equals("SSL_GET");
      while (true) {
        Token k = next("'}' closing " + type + " of line " + kw.line(), kw.line());
        if (k.text().equals("}") && !k.quoted()) {
          break;
        }
        List<Token> v = args(k);
        switch (k.text()) {
          case "connect_timeout": timers = timers.withConnectTimeout(positive(k, v)); break;
          case "retry": case "nb_get_retry":
            timers = timers.withRetry(integer(k, v, 0, 1_000_000)); break;
          case "delay_before_retry": timers = timers.withDelayBeforeRetry(seconds(k, v)); break;
          case "delay_loop": timers = timers.withDelayLoop(positive(k, v)); break;
          case "warmup": timers = timers.withWarmup(seconds(k, v)); break;
          case "connect_ip": ip = one(k, v); break;
          case "connect_port": port = integer(k, v, 1, 65535); break;
          case "url":
            if (!http) {
              throw error(k.line(), "url is only valid in HTTP_GET and SSL_GET");
            }
            urls.add(url(k));
            break;
          case "virtualhost": vhost = one(k, v); break;
          case "misc_path": miscPath = script(k, v); break;
          case "misc_timeout": miscTimeout = positive(k, v); break;
          case "misc_dynamic": flag(k, v); dynamic = true; break;
          default:
            throw error(k.line(), "unknown keyword '" + k.text() + "' in " + type);
        }
      }
      if (http && urls.isEmpty()) {
        throw error(kw.line(), type + " needs at least one url block");
      }
      if (type.equals("MISC_CHECK") && miscPath == null) {
        throw error(kw.line(), "MISC_CHECK needs misc_path");
      }
      InetSocketAddress target;
      try {
        target = Scenario.address(ip.indexOf(':') >= 0 ? "[" + ip + "]:" + port : ip + ":" + port);
      } catch (IpvsException e) {
        throw error(kw.line(), type + ": " + e.getMessage());
      }
      return new Check(type, timers, target, urls, vhost, miscPath,
          miscTimeout != null ? miscTimeout : delayLoop, dynamic, kw.line());
    }

    Duration positive(Token kw, List<Token> a) {
      Duration d = seconds(kw, a);
      if (d.isZero()) {
        throw error(kw.line(), kw.text() + " must be above 0");
      }
      return d;
    }

    HttpGetCheck.Url url(Token kw) {
      open(kw);
      String path = null;
      Set<Integer> codes = new HashSet<>();
      String digest = null;
      Pattern regex = null;
      while (true) {
        Token k = next("'}' closing url of line " + kw.line(), kw.line());
        if (k.text().equals("}") && !k.quoted()) {
          break;
        }
        List<Token> v = args(k);
        switch (k.text()) {
          case "path": path = one(k, v); break;
          case "status_code":
            for (Token c : v) {
              try {
                codes.add(Integer.parseInt(c.text()));
              } catch (NumberFormatException e) {
                throw error(k.line(), "status_code must be numbers, got '" + c.text() + "'");
              }
            }
            break;
          case "digest": {
            digest = one(k, v);
            if (!digest.matches("[0-9a-fA-F]{32}")) {
              throw error(k.line(), "digest must be 32 hex digits (MD5), got '" + digest + "'");
            }
            break;
          }
          case "regex":
            try {
              regex = Pattern.compile(one(k, v));
            } catch (PatternSyntaxException e) {
              throw error(k.line(), "regex: " + e.getDescription());
            }
            break;
          default:
            throw error(k.line(), "unknown keyword '" + k.text() + "' in url");
        }
      }
      if (path == null) {
        throw error(kw.line(), "url needs a path");
      }
      return new HttpGetCheck.Url(path, codes, digest, regex);
    }
  }
}
