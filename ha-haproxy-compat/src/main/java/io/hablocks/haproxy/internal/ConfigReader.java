package io.hablocks.haproxy.internal;

import io.hablocks.haproxy.BalanceConfig;
import io.hablocks.haproxy.GlobalConfig;
import io.hablocks.haproxy.HaproxyConfig;
import io.hablocks.haproxy.HaproxyConfigException;
import io.hablocks.haproxy.Mode;
import io.hablocks.haproxy.ProxyConfig;
import io.hablocks.haproxy.ServerConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads haproxy.cfg the way HAProxy 2.6 does: sections, defaults (named, {@code from}), the last
 * defaults section applying to the proxies after it, repeated global sections merged, duplicate
 * proxy names refused; every keyword is either applied, reported as unsupported, or refused as
 * unknown, with file:line.
 */
public final class ConfigReader {

  /** Largest accepted configuration file. */
  public static final long MAX_FILE_BYTES = 16L << 20;

  private static final Set<String> SECTIONS = Set.of("global", "defaults", "frontend", "backend",
      "listen");
  private static final Set<String> UNSUPPORTED_SECTIONS = Set.of("peers", "resolvers",
      "userlist", "program", "http-errors", "ring", "mailers", "cache", "fcgi-app",
      "dynamic-update", "crt-store", "log-forward");

  /** Global keywords that are parsed and honoured. */
  private static final Set<String> GLOBAL_SUPPORTED = Set.of("maxconn", "nbthread", "stats",
      "pidfile", "daemon", "log", "master-worker", "quiet", "node", "description",
      "hard-stop-after", "spread-checks", "nbproc", "zero-warning", "expose-experimental-directives");
  /** Global keywords HAProxy knows that this implementation reports as unsupported. */
  private static final Set<String> GLOBAL_UNSUPPORTED = Set.of("user", "group", "uid", "gid",
      "chroot", "ulimit-n", "ssl-default-bind-ciphers", "ssl-default-bind-options",
      "ssl-default-server-ciphers", "ssl-default-server-options", "ssl-dh-param-file",
      "ca-base", "crt-base", "setenv", "presetenv", "unsetenv", "resetenv", "lua-load",
      "server-state-file", "server-state-base", "cpu-map", "log-send-hostname", "log-tag",
      "localpeer", "h1-case-adjust", "busy-polling", "max-spread-checks", "maxsslconn",
      "maxconnrate", "maxsessrate", "numa-cpu-mapping", "set-dumpable", "strict-limits",
      "insecure-fork-wanted", "external-check", "noepoll", "nosplice", "nogetaddrinfo",
      "noreuseport", "maxpipes", "tune.bufsize", "tune.maxrewrite", "tune.http.maxhdr",
      "tune.ssl.default-dh-param", "tune.maxaccept", "tune.maxpollevents", "tune.rcvbuf.client",
      "tune.rcvbuf.server", "tune.sndbuf.client", "tune.sndbuf.server", "tune.http.logurilen",
      "unix-bind", "stats-file", "default-path", "pp2-never-send-local", "thread-groups");

  private static final Set<String> PROXY_UNSUPPORTED = Set.of("cookie", "http-response",
      "tcp-request", "tcp-response", "stick-table", "stick", "capture", "errorfile",
      "errorloc", "errorloc302", "errorloc303", "errorfiles", "compression", "unique-id-format",
      "unique-id-header", "log-format", "log-tag", "filter", "redirect", "reqadd", "rspadd",
      "http-reuse", "hash-balance-factor", "source", "server-template", "dynamic-cookie-key",
      "persist", "monitor-uri", "monitor", "email-alert", "rate-limit", "tcp-check",
      "external-check", "load-server-state-from-file", "server-state-file-name", "use-server",
      "force-persist", "ignore-persist", "declare", "http-after-response", "http-error",
      "max-keep-alive-queue", "bind-process", "log-format-sd", "error-log-format",
      "backlog", "grace", "fullconn", "clitcpka-cnt", "srvtcpka-cnt", "http-send-name-header",
      "guid");

  private static final Set<String> OPTIONS_SUPPORTED = Set.of("redispatch", "forwardfor",
      "httpchk", "allbackups", "http-keep-alive", "httpclose", "http-server-close",
      "dontlognull", "httplog", "tcplog", "log-health-checks", "abortonclose", "tcpka",
      "clitcpka", "srvtcpka", "prefer-last-server", "http-buffer-request", "splice-auto",
      "splice-request", "splice-response", "contstats", "socket-stats", "log-separate-errors",
      "dontlog-normal", "logasap", "nolinger", "persist", "http-pretend-keepalive",
      "h1-case-adjust-bogus-client", "h1-case-adjust-bogus-server", "independent-streams",
      "http-no-delay", "http-use-htx", "accept-invalid-http-request",
      "accept-invalid-http-response", "http-ignore-probes", "idle-close-on-response",
      "tcp-smart-accept", "tcp-smart-connect", "http-restrict-req-hdr-names");
  private static final Set<String> OPTIONS_UNSUPPORTED = Set.of("ssl-hello-chk", "smtpchk",
      "mysql-check", "pgsql-check", "redis-check", "ldap-check", "spop-check", "tcp-check",
      "external-check", "originalto", "transparent", "checkcache", "forceclose",
      "http-use-proxy-header", "httplog-clf", "disable-h2-upgrade");

  private static final Set<String> TIMEOUTS = Set.of("connect", "client", "server",
      "http-request", "http-keep-alive", "queue", "tunnel", "check", "client-fin", "server-fin",
      "tarpit");
  private static final Set<String> HTTP_ACTIONS_SUPPORTED = Set.of("set-header", "add-header",
      "del-header", "deny", "return", "redirect", "allow");

  private final Map<String, String> env;
  private final List<String> warnings = new ArrayList<>();

  /**
   * @param env the environment for expansion
   */
  public ConfigReader(Map<String, String> env) {
    this.env = new HashMap<>(env);
  }

  private record Section(String kind, String name, String from, String file, int line,
      List<ConfigLexer.Line> body) {}

  /**
   * Reads files in order.
   *
   * @param sources (file name, text) pairs
   * @return the configuration
   */
  public HaproxyConfig read(List<Map.Entry<String, String>> sources) {
    ConfigLexer lexer = new ConfigLexer(env, HaproxyConfig.VERSION, warnings::add);
    List<Section> sections = new ArrayList<>();
    for (Map.Entry<String, String> src : sources) {
      Section cur = null;
      for (ConfigLexer.Line l : lexer.lex(src.getKey(), src.getValue())) {
        String kw = l.words().get(0);
        if (SECTIONS.contains(kw) || UNSUPPORTED_SECTIONS.contains(kw)) {
          cur = header(l);
          sections.add(cur);
          continue;
        }
        if (cur == null) {
          throw new HaproxyConfigException(l.file(), l.number(), kw,
              "unknown keyword out of section.");
        }
        cur.body().add(l);
      }
    }
    GlobalState g = new GlobalState();
    Map<String, ProxyState> namedDefaults = new HashMap<>();
    Map<String, Section> namedDefaultsAt = new HashMap<>();
    ProxyState lastDefaults = new ProxyState("defaults", "", "", 0);
    List<ProxyConfig> proxies = new ArrayList<>();
    Map<String, Section> frontends = new HashMap<>();
    Map<String, Section> backends = new HashMap<>();
    for (Section s : sections) {
      switch (s.kind()) {
        case "global" -> {
          for (ConfigLexer.Line l : s.body()) {
            g.apply(l);
          }
        }
        case "defaults" -> {
          ProxyState base = s.from() != null ? lookupDefaults(namedDefaults, s)
              : new ProxyState("defaults", s.name(), s.file(), s.line());
          ProxyState d = base.copy("defaults", s.name(), s.file(), s.line());
          for (ConfigLexer.Line l : s.body()) {
            d.apply(l);
          }
          if (!s.name().isEmpty()) {
            Section prev = namedDefaultsAt.get(s.name());
            if (prev != null) {
              warnings.add("[" + s.file() + ":" + s.line() + "] : defaults section '" + s.name()
                  + "' has the same name as another defaults section declared at " + prev.file()
                  + ":" + prev.line() + ".");
            }
            namedDefaults.put(s.name(), d);
            namedDefaultsAt.put(s.name(), s);
          }
          lastDefaults = d;
        }
        case "frontend", "backend", "listen" -> {
          boolean fe = !s.kind().equals("backend");
          boolean be = !s.kind().equals("frontend");
          if (fe) {
            clash(frontends, s, "frontend");
          }
          if (be) {
            clash(backends, s, "backend");
          }
          ProxyState base = s.from() != null ? lookupDefaults(namedDefaults, s) : lastDefaults;
          ProxyState p = base.copy(s.kind(), s.name(), s.file(), s.line());
          for (ConfigLexer.Line l : s.body()) {
            p.apply(l);
          }
          proxies.add(p.build(warnings));
        }
        default -> warnings.add("[" + s.file() + ":" + s.line() + "] : section '" + s.kind()
            + "' is not supported by ha-haproxy-compat (ignored).");
      }
    }
    validate(proxies);
    return new HaproxyConfig(g.build(), proxies, warnings);
  }

  private static void clash(Map<String, Section> seen, Section s, String what) {
    Section prev = seen.get(s.name());
    if (prev != null) {
      throw new HaproxyConfigException(s.file(), s.line(), s.kind(), s.kind() + " '" + s.name()
          + "' has the same name as " + prev.kind() + " '" + prev.name() + "' declared at "
          + prev.file() + ":" + prev.line() + ".");
    }
    seen.put(s.name(), s);
  }

  private static ProxyState lookupDefaults(Map<String, ProxyState> named, Section s) {
    ProxyState d = named.get(s.from());
    if (d == null) {
      throw new HaproxyConfigException(s.file(), s.line(), s.kind(), "defaults section '"
          + s.from() + "' not found for " + s.kind() + " '" + s.name() + "'.");
    }
    return d;
  }

  private static Section header(ConfigLexer.Line l) {
    List<String> w = l.words();
    String kind = w.get(0);
    String name = "";
    String from = null;
    int i = 1;
    if (w.size() > 1 && !w.get(1).equals("from")) {
      name = w.get(1);
      i = 2;
    }
    if (w.size() > i && w.get(i).equals("from")) {
      if (w.size() <= i + 1) {
        throw new HaproxyConfigException(l.file(), l.number(), kind,
            "'from' requires a defaults section name.");
      }
      from = w.get(i + 1);
      i += 2;
    }
    if (w.size() > i && !kind.equals("global") && SECTIONS.contains(kind)) {
      throw new HaproxyConfigException(l.file(), l.number(), kind,
          "unexpected argument '" + w.get(i) + "'.");
    }
    if (kind.equals("global") && !name.isEmpty()) {
      throw new HaproxyConfigException(l.file(), l.number(), kind, "takes no argument.");
    }
    if (SECTIONS.contains(kind) && !kind.equals("global") && !kind.equals("defaults")) {
      if (name.isEmpty()) {
        throw new HaproxyConfigException(l.file(), l.number(), kind, "'" + kind
            + "' expects <name> as an argument.");
      }
      if (!name.matches("[A-Za-z0-9_.:-]+")) {
        throw new HaproxyConfigException(l.file(), l.number(), kind, "character '"
            + name.replaceAll("[A-Za-z0-9_.:-]", "").charAt(0) + "' is not permitted in "
            + kind + " name '" + name + "'.");
      }
    }
    return new Section(kind, name, from, l.file(), l.number(), new ArrayList<>());
  }

  private void validate(List<ProxyConfig> proxies) {
    Set<String> backendNames = new HashSet<>();
    for (ProxyConfig p : proxies) {
      if (p.backend()) {
        backendNames.add(p.name());
      }
    }
    for (ProxyConfig p : proxies) {
      if (p.frontend() && p.defaultBackend() != null && !backendNames.contains(p.defaultBackend())) {
        throw new HaproxyConfigException(p.file(), p.line(), "default_backend", "Proxy '"
            + p.name() + "': unable to find required default_backend: '" + p.defaultBackend()
            + "'.");
      }
      for (ProxyConfig.Rule r : p.useBackends()) {
        if (!r.action().contains("%") && !backendNames.contains(r.action())) {
          throw new HaproxyConfigException(p.file(), r.line(), "use_backend", "Proxy '"
              + p.name() + "': unable to find required use_backend: '" + r.action() + "'.");
        }
      }
      Set<String> acls = new HashSet<>();
      p.acls().forEach(a -> acls.add(a.name()));
      List<ProxyConfig.Rule> all = new ArrayList<>(p.useBackends());
      all.addAll(p.httpRequestRules());
      for (ProxyConfig.Rule r : all) {
        for (String w : r.condition()) {
          String n = w.startsWith("!") ? w.substring(1) : w;
          if (n.isEmpty() || n.equals("||") || n.equals("or") || n.equals("{") || n.equals("}")) {
            continue;
          }
          if (!acls.contains(n) && !AclEvaluator.isBuiltin(n) && !insideBraces(r.condition(), w)) {
            throw new HaproxyConfigException(p.file(), r.line(), r.action(), "no such ACL : '"
                + n + "'.");
          }
        }
      }
      if (p.frontend() && p.binds().isEmpty()) {
        warnings.add("[" + p.file() + ":" + p.line() + "] : Proxy '" + p.name()
            + "' has no 'bind' directive. Please declare it as a backend if this was intended.");
      }
    }
  }

  private static boolean insideBraces(List<String> cond, String word) {
    int depth = 0;
    for (String w : cond) {
      if (w.equals("{")) {
        depth++;
      } else if (w.equals("}")) {
        depth--;
      } else if (w == word) { // identity: this occurrence
        return depth > 0;
      }
    }
    return false;
  }

  // ---------------------------------------------------------------- values

  /**
   * Parses a HAProxy time value: a number with an optional unit us, ms, s, m, h or d; the
   * default unit is milliseconds.
   *
   * @param l the line, for errors
   * @param kw the keyword, for errors
   * @param v the value
   * @return the duration
   */
  public static Duration time(ConfigLexer.Line l, String kw, String v) {
    int i = 0;
    while (i < v.length() && Character.isDigit(v.charAt(i))) {
      i++;
    }
    if (i == 0 || i > 12) {
      throw new HaproxyConfigException(l.file(), l.number(), kw, "unexpected character '"
          + (v.isEmpty() ? "" : v.charAt(0)) + "' in time value '" + v + "'.");
    }
    long n = Long.parseLong(v.substring(0, i));
    String unit = v.substring(i);
    Duration d = switch (unit) {
      case "", "ms" -> Duration.ofMillis(n);
      case "us" -> Duration.ofNanos(n * 1000);
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      case "d" -> Duration.ofDays(n);
      default -> throw new HaproxyConfigException(l.file(), l.number(), kw,
          "unexpected character '" + unit.charAt(0) + "' in time value '" + v + "'.");
    };
    if (d.toMillis() > Integer.MAX_VALUE) {
      throw new HaproxyConfigException(l.file(), l.number(), kw, "timer overflow in argument '"
          + v + "' (maximum value is 2147483647 ms or ~24.8 days).");
    }
    return d;
  }

  static int integer(ConfigLexer.Line l, String kw, String v, int min, int max) {
    try {
      long n = Long.parseLong(v);
      if (n < min || n > max) {
        throw new HaproxyConfigException(l.file(), l.number(), kw, "value " + v
            + " out of range [" + min + ".." + max + "].");
      }
      return (int) n;
    } catch (NumberFormatException e) {
      throw new HaproxyConfigException(l.file(), l.number(), kw, "expects an integer argument, got '"
          + v + "'.");
    }
  }

  static String arg(ConfigLexer.Line l, int i, String kw, String what) {
    if (l.words().size() <= i) {
      throw new HaproxyConfigException(l.file(), l.number(), kw, "expects " + what + ".");
    }
    return l.words().get(i);
  }

  // ---------------------------------------------------------------- global

  private final class GlobalState {
    int maxconn = 0;
    int nbthread = 1;
    List<GlobalConfig.StatsSocket> sockets = new ArrayList<>();
    Duration statsTimeout = Duration.ofSeconds(10);
    String pidfile;
    boolean daemon;

    void apply(ConfigLexer.Line l) {
      String kw = l.words().get(0);
      List<String> w = l.words();
      switch (kw) {
        case "maxconn" -> maxconn = integer(l, kw, arg(l, 1, kw, "an integer"), 1, 10_000_000);
        case "nbthread" -> nbthread = integer(l, kw, arg(l, 1, kw, "an integer"), 1, 64);
        case "pidfile" -> pidfile = arg(l, 1, kw, "a file name");
        case "daemon" -> daemon = true;
        case "stats" -> {
          String sub = arg(l, 1, kw, "'socket', 'timeout' or 'maxconn'");
          switch (sub) {
            case "socket" -> {
              String addr = arg(l, 2, "stats socket", "an address");
              String level = "operator";
              for (int i = 3; i < w.size(); i++) {
                if (w.get(i).equals("level") && i + 1 < w.size()) {
                  level = w.get(++i);
                  if (!Set.of("user", "operator", "admin").contains(level)) {
                    throw new HaproxyConfigException(l.file(), l.number(), "stats socket",
                        "'level' only supports 'user', 'operator', and 'admin'.");
                  }
                } else if (Set.of("mode", "uid", "gid", "user", "group", "expose-fd", "name")
                    .contains(w.get(i))) {
                  if (!w.get(i).equals("expose-fd")) {
                    i++;
                  } else {
                    i++;
                  }
                }
              }
              sockets.add(socket(l, addr, level));
            }
            case "timeout" -> statsTimeout = time(l, "stats timeout", arg(l, 2, kw, "a time"));
            case "maxconn", "bind-process" -> { }
            default -> throw new HaproxyConfigException(l.file(), l.number(), "stats",
                "'stats' only supports 'socket', 'maxconn', 'bind-process' and 'timeout' (got '"
                    + sub + "').");
          }
        }
        default -> {
          if (GLOBAL_SUPPORTED.contains(kw)) {
            return;
          }
          if (GLOBAL_UNSUPPORTED.contains(kw) || kw.startsWith("tune.") || kw.startsWith("ssl-")
              || kw.startsWith("lua-") || kw.startsWith("h2-") || kw.startsWith("51degrees")) {
            unsupported(l, kw, "global");
            return;
          }
          throw new HaproxyConfigException(l.file(), l.number(), kw,
              "unknown keyword in 'global' section");
        }
      }
    }

    GlobalConfig build() {
      return new GlobalConfig(maxconn == 0 ? 4096 : maxconn, nbthread, sockets, statsTimeout,
          pidfile, daemon);
    }
  }

  private static GlobalConfig.StatsSocket socket(ConfigLexer.Line l, String addr, String level) {
    if (addr.startsWith("ipv4@") || addr.startsWith("tcp@") || addr.matches(".*:\\d+$")
        && !addr.startsWith("/") && !addr.startsWith("unix@")) {
      String a = addr.replaceFirst("^(ipv4|tcp)@", "");
      int c = a.lastIndexOf(':');
      return new GlobalConfig.StatsSocket(null, a.substring(0, c),
          integer(l, "stats socket", a.substring(c + 1), 1, 65535), level);
    }
    return new GlobalConfig.StatsSocket(addr.replaceFirst("^unix@", ""), null, 0, level);
  }

  void unsupported(ConfigLexer.Line l, String kw, String where) {
    warnings.add("[" + l.file() + ":" + l.number() + "] : '" + kw + "' in '" + where
        + "' section is not supported by ha-haproxy-compat (ignored).");
  }

  // ---------------------------------------------------------------- proxies

  /** The settings of a defaults or proxy section while it is read. */
  private final class ProxyState {
    final String kind;
    final String name;
    final String file;
    final int line;
    Mode mode = Mode.TCP;
    List<ProxyConfig.Bind> binds = new ArrayList<>();
    Map<String, Duration> timeouts = new LinkedHashMap<>();
    int maxconn;
    int retries = 3;
    Set<String> options = new LinkedHashSet<>();
    String xffHeader = "X-Forwarded-For";
    BalanceConfig balance = BalanceConfig.ROUNDROBIN;
    String hashType = "map-based";
    String hashFn = "sdbm";
    boolean avalanche;
    boolean hashTypeSet;
    List<ServerConfig> servers = new ArrayList<>();
    Map<String, Integer> serverLines = new HashMap<>();
    ServerConfig defaultServer = ServerConfig.of("default-server", "", 0);
    String defaultBackend;
    List<ProxyConfig.Rule> useBackends = new ArrayList<>();
    List<ProxyConfig.Acl> acls = new ArrayList<>();
    List<ProxyConfig.Rule> httpRules = new ArrayList<>();
    boolean httpchk;
    String chkMethod = "OPTIONS";
    String chkUri = "/";
    String chkVersion = "HTTP/1.0";
    List<String> chkHeaders = new ArrayList<>();
    String expect;
    String expectValue;
    String statsUri;
    boolean statsEnabled;

    ProxyState(String kind, String name, String file, int line) {
      this.kind = kind;
      this.name = name;
      this.file = file;
      this.line = line;
    }

    ProxyState copy(String k, String n, String f, int ln) {
      ProxyState c = new ProxyState(k, n, f, ln);
      c.mode = mode;
      c.timeouts.putAll(timeouts);
      c.maxconn = maxconn;
      c.retries = retries;
      c.options.addAll(options);
      c.xffHeader = xffHeader;
      c.balance = balance;
      c.hashType = hashType;
      c.hashFn = hashFn;
      c.avalanche = avalanche;
      c.defaultServer = defaultServer;
      c.defaultBackend = defaultBackend;
      c.httpchk = httpchk;
      c.chkMethod = chkMethod;
      c.chkUri = chkUri;
      c.chkVersion = chkVersion;
      c.chkHeaders.addAll(chkHeaders);
      c.expect = expect;
      c.expectValue = expectValue;
      c.statsUri = statsUri;
      c.statsEnabled = statsEnabled;
      // rules, acls, binds and servers are not inherited from (anonymous) defaults
      return c;
    }

    boolean isDefaults() {
      return kind.equals("defaults");
    }

    boolean isFrontend() {
      return kind.equals("frontend") || kind.equals("listen");
    }

    boolean isBackend() {
      return kind.equals("backend") || kind.equals("listen");
    }

    void needs(ConfigLexer.Line l, String kw, boolean fe, boolean be) {
      boolean ok = isDefaults() || fe && isFrontend() || be && isBackend();
      if (!ok) {
        throw new HaproxyConfigException(l.file(), l.number(), kw, "not allowed in '" + kind
            + "' section" + (name.isEmpty() ? "" : " '" + name + "'") + ".");
      }
    }

    void apply(ConfigLexer.Line l) {
      List<String> w = l.words();
      String kw = w.get(0);
      switch (kw) {
        case "mode" -> {
          String m = arg(l, 1, kw, "one of 'tcp', 'http'");
          mode = switch (m) {
            case "tcp" -> Mode.TCP;
            case "http" -> Mode.HTTP;
            case "health" -> throw new HaproxyConfigException(l.file(), l.number(), kw,
                "'mode health' doesn't exist anymore. Please use 'http-request return status 200' instead.");
            default -> throw new HaproxyConfigException(l.file(), l.number(), kw,
                "unknown proxy mode '" + m + "'.");
          };
        }
        case "bind" -> {
          needs(l, kw, true, false);
          if (isDefaults()) {
            throw new HaproxyConfigException(l.file(), l.number(), kw,
                "not allowed in 'defaults' section.");
          }
          bind(l);
        }
        case "timeout" -> {
          String which = arg(l, 1, kw, "'client', 'server', 'connect', 'check', 'queue', "
              + "'http-keep-alive', 'http-request', 'tunnel', 'tarpit', 'client-fin' and 'server-fin'");
          if (!TIMEOUTS.contains(which)) {
            throw new HaproxyConfigException(l.file(), l.number(), kw,
                "'timeout' supports 'client', 'server', 'connect', 'check', 'queue', "
                    + "'http-keep-alive', 'http-request', 'tunnel', 'tarpit', 'client-fin' and "
                    + "'server-fin' (got '" + which + "').");
          }
          timeouts.put(which, time(l, "timeout " + which, arg(l, 2, "timeout " + which,
              "a time value")));
        }
        case "maxconn" -> {
          needs(l, kw, true, false);
          maxconn = integer(l, kw, arg(l, 1, kw, "an integer"), 0, 10_000_000);
        }
        case "retries" -> {
          needs(l, kw, false, true);
          retries = integer(l, kw, arg(l, 1, kw, "an integer"), 0, 1000);
        }
        case "option", "no" -> option(l);
        case "balance" -> {
          needs(l, kw, false, true);
          balance(l);
        }
        case "hash-type" -> {
          needs(l, kw, false, true);
          hashType(l);
        }
        case "server" -> {
          needs(l, kw, false, true);
          if (isDefaults()) {
            throw new HaproxyConfigException(l.file(), l.number(), kw,
                "not allowed in 'defaults' section.");
          }
          server(l);
        }
        case "default-server" -> {
          needs(l, kw, false, true);
          defaultServer = serverParams(l, defaultServer, 1, "default-server");
        }
        case "default_backend" -> {
          needs(l, kw, true, false);
          defaultBackend = arg(l, 1, kw, "a backend name");
        }
        case "use_backend" -> {
          needs(l, kw, true, false);
          noDefaults(l, kw);
          useBackends.add(rule(l, arg(l, 1, kw, "a backend name"), List.of(), 2));
        }
        case "acl" -> {
          noDefaults(l, kw);
          String n = arg(l, 1, kw, "an ACL name");
          String crit = arg(l, 2, "acl " + n, "a criterion");
          if (!AclEvaluator.isSupportedCriterion(crit)) {
            throw new HaproxyConfigException(l.file(), l.number(), "acl", "error detected while "
                + "parsing ACL '" + n + "' : unknown fetch method '" + crit
                + "' (supported here: " + AclEvaluator.SUPPORTED + ").");
          }
          List<String> flags = new ArrayList<>();
          int i = 3;
          while (i < w.size() && w.get(i).startsWith("-")) {
            if (w.get(i).equals("--")) {
              i++;
              break;
            }
            flags.add(w.get(i++));
          }
          acls.add(new ProxyConfig.Acl(n, crit, flags, w.subList(i, w.size()), l.number()));
        }
        case "http-request" -> {
          noDefaults(l, kw);
          if (mode == Mode.TCP && !isDefaults()) {
            // HAProxy only warns here; rules are ignored in tcp mode
            warnings.add("[" + l.file() + ":" + l.number() + "] : 'http-request' rules ignored for "
                + kind + " '" + name + "' as it requires HTTP mode.");
          }
          String action = arg(l, 1, kw, "an action");
          if (!HTTP_ACTIONS_SUPPORTED.contains(action)) {
            unsupported(l, "http-request " + action, kind);
            return;
          }
          int condAt = condIndex(w, 2);
          List<String> args = w.subList(2, condAt);
          if ((action.equals("set-header") || action.equals("add-header")) && args.size() < 2
              || action.equals("del-header") && args.isEmpty()
              || action.equals("redirect") && args.size() < 2) {
            throw new HaproxyConfigException(l.file(), l.number(), "http-request " + action,
                "missing argument(s).");
          }
          httpRules.add(rule(l, action, args, condAt));
        }
        case "http-check" -> {
          needs(l, kw, false, true);
          String sub = arg(l, 1, kw, "'send' or 'expect'");
          if (sub.equals("send")) {
            for (int i = 2; i < w.size(); i++) {
              switch (w.get(i)) {
                case "meth" -> chkMethod = arg(l, ++i, "http-check send", "a method");
                case "uri" -> chkUri = arg(l, ++i, "http-check send", "a URI");
                case "ver" -> chkVersion = arg(l, ++i, "http-check send", "a version");
                case "hdr" -> {
                  chkHeaders.add(arg(l, ++i, "http-check send", "a header name"));
                  chkHeaders.add(arg(l, ++i, "http-check send", "a header value"));
                }
                default -> throw new HaproxyConfigException(l.file(), l.number(),
                    "http-check send", "unknown argument '" + w.get(i) + "'.");
              }
            }
          } else if (sub.equals("expect")) {
            int i = 2;
            boolean neg = false;
            if (i < w.size() && w.get(i).equals("!")) {
              neg = true;
              i++;
            }
            String what = arg(l, i, "http-check expect", "'status', 'rstatus' or 'string'");
            if (!Set.of("status", "rstatus", "string").contains(what)) {
              unsupported(l, "http-check expect " + what, kind);
              return;
            }
            expect = (neg ? "!" : "") + what;
            expectValue = arg(l, i + 1, "http-check expect " + what, "a pattern");
          } else if (sub.equals("disable-on-404") || sub.equals("connect")
              || sub.equals("comment") || sub.equals("set-var") || sub.equals("unset-var")) {
            unsupported(l, "http-check " + sub, kind);
          } else {
            throw new HaproxyConfigException(l.file(), l.number(), "http-check",
                "'http-check' only supports 'disable-on-404', 'send-state', 'comment', "
                    + "'connect', 'send', 'expect', 'set-var' and 'unset-var' (got '" + sub + "').");
          }
        }
        case "stats" -> {
          String sub = arg(l, 1, kw, "a stats keyword");
          switch (sub) {
            case "enable" -> statsEnabled = true;
            case "uri" -> {
              statsEnabled = true;
              statsUri = arg(l, 2, "stats uri", "a URI prefix");
            }
            case "realm", "auth", "refresh", "admin", "show-legends", "show-node",
                "show-desc", "hide-version", "scope", "http-request", "show-modules" ->
                unsupported(l, "stats " + sub, kind);
            default -> throw new HaproxyConfigException(l.file(), l.number(), "stats",
                "unknown stats parameter '" + sub + "'.");
          }
        }
        case "log", "description", "id", "enabled", "disabled", "log-tag" -> { }
        default -> {
          if (PROXY_UNSUPPORTED.contains(kw)) {
            unsupported(l, kw, kind);
            return;
          }
          throw new HaproxyConfigException(l.file(), l.number(), kw, "unknown keyword '" + kw
              + "' in '" + kind + "' section");
        }
      }
    }

    private void noDefaults(ConfigLexer.Line l, String kw) {
      if (isDefaults()) {
        throw new HaproxyConfigException(l.file(), l.number(), kw,
            "not allowed in 'defaults' section.");
      }
    }

    private int condIndex(List<String> w, int from) {
      for (int i = from; i < w.size(); i++) {
        if (w.get(i).equals("if") || w.get(i).equals("unless")) {
          return i;
        }
      }
      return w.size();
    }

    private ProxyConfig.Rule rule(ConfigLexer.Line l, String action, List<String> args,
        int condAt) {
      List<String> w = l.words();
      if (condAt >= w.size()) {
        return new ProxyConfig.Rule(action, args, List.of(), false, l.number());
      }
      String iu = w.get(condAt);
      if (!iu.equals("if") && !iu.equals("unless")) {
        throw new HaproxyConfigException(l.file(), l.number(), w.get(0),
            "expects 'if' or 'unless' followed by a condition but found '" + iu + "'.");
      }
      List<String> cond = w.subList(condAt + 1, w.size());
      if (cond.isEmpty()) {
        throw new HaproxyConfigException(l.file(), l.number(), w.get(0),
            "missing condition after '" + iu + "'.");
      }
      return new ProxyConfig.Rule(action, args, cond, iu.equals("unless"), l.number());
    }

    private void option(ConfigLexer.Line l) {
      List<String> w = l.words();
      boolean no = w.get(0).equals("no");
      int i = no ? 1 : 0;
      if (no && (w.size() < 2 || !w.get(1).equals("option"))) {
        throw new HaproxyConfigException(l.file(), l.number(), "no",
            "'no' only supports 'option'.");
      }
      String opt = arg(l, i + 1, "option", "an option name");
      if (OPTIONS_UNSUPPORTED.contains(opt)) {
        unsupported(l, "option " + opt, kind);
        return;
      }
      if (!OPTIONS_SUPPORTED.contains(opt)) {
        throw new HaproxyConfigException(l.file(), l.number(), "option", "unknown option '"
            + opt + "'.");
      }
      if (no) {
        options.remove(opt);
        if (opt.equals("httpchk")) {
          httpchk = false;
        }
        return;
      }
      switch (opt) {
        case "httpclose", "http-server-close", "http-keep-alive" -> {
          options.remove("httpclose");
          options.remove("http-server-close");
          options.remove("http-keep-alive");
        }
        case "httplog", "tcplog" -> {
          options.remove("httplog");
          options.remove("tcplog");
        }
        default -> { }
      }
      options.add(opt);
      List<String> rest = w.subList(i + 2, w.size());
      if (opt.equals("forwardfor")) {
        for (int k = 0; k < rest.size(); k++) {
          if (rest.get(k).equals("header") && k + 1 < rest.size()) {
            xffHeader = rest.get(++k);
          } else if (rest.get(k).equals("except") && k + 1 < rest.size()) {
            k++;
          } else if (!rest.get(k).equals("if-none")) {
            throw new HaproxyConfigException(l.file(), l.number(), "option forwardfor",
                "unknown parameter '" + rest.get(k) + "'.");
          }
        }
      }
      if (opt.equals("httpchk")) {
        httpchk = true;
        if (rest.size() == 1) {
          chkUri = rest.get(0);
        } else if (rest.size() >= 2) {
          chkMethod = rest.get(0);
          chkUri = rest.get(1);
          if (rest.size() >= 3) {
            chkVersion = rest.get(2);
          }
        }
      }
    }

    private void balance(ConfigLexer.Line l) {
      List<String> w = l.words();
      String algo = arg(l, 1, "balance", "an algorithm");
      List<String> args = new ArrayList<>(w.subList(2, w.size()));
      String base = algo;
      if (algo.startsWith("hdr(") && algo.endsWith(")")) {
        base = "hdr";
        args.add(0, algo.substring(4, algo.length() - 1));
        if (args.get(0).isEmpty()) {
          throw new HaproxyConfigException(l.file(), l.number(), "balance",
              "hdr requires an http header field name.");
        }
      } else if (algo.startsWith("random(") && algo.endsWith(")")) {
        base = "random";
        args.add(0, algo.substring(7, algo.length() - 1));
      } else if (algo.startsWith("rdp-cookie")) {
        base = "rdp-cookie";
        String n = algo.length() > 10 ? algo.substring(11, algo.length() - 1) : "mstshash";
        args.add(0, n);
      }
      switch (base) {
        case "roundrobin", "static-rr", "leastconn", "first", "source" -> {
          if (!args.isEmpty()) {
            throw new HaproxyConfigException(l.file(), l.number(), "balance", "algorithm '"
                + algo + "' takes no argument (got '" + args.get(0) + "').");
          }
        }
        case "uri" -> {
          for (int i = 0; i < args.size(); i++) {
            switch (args.get(i)) {
              case "whole", "path-only" -> { }
              case "len", "depth" -> {
                if (i + 1 >= args.size()) {
                  throw new HaproxyConfigException(l.file(), l.number(), "balance",
                      "uri " + args.get(i) + " expects a positive integer (got '').");
                }
                integer(l, "balance uri " + args.get(i), args.get(++i), 0, 1 << 30);
              }
              default -> throw new HaproxyConfigException(l.file(), l.number(), "balance",
                  "'uri' only accepts parameters 'len', 'depth', 'path-only', and 'whole' (got '"
                      + args.get(i) + "').");
            }
          }
        }
        case "url_param" -> {
          if (args.isEmpty()) {
            throw new HaproxyConfigException(l.file(), l.number(), "balance",
                "url_param requires an URL parameter name.");
          }
          if (args.size() > 1 && !args.get(1).equals("check_post")) {
            throw new HaproxyConfigException(l.file(), l.number(), "balance",
                "url_param only accepts parameter 'check_post' (got '" + args.get(1) + "').");
          }
        }
        case "hdr" -> {
          if (args.size() > 1 && !args.get(1).equals("use_domain_only")) {
            throw new HaproxyConfigException(l.file(), l.number(), "balance",
                "hdr(name) only accepts parameter 'use_domain_only' (got '" + args.get(1) + "').");
          }
        }
        case "random" -> {
          if (!args.isEmpty()) {
            integer(l, "balance random", args.get(0).replaceAll("[()]", ""), 1, 100);
          }
        }
        case "hash" -> {
          if (args.isEmpty()) {
            throw new HaproxyConfigException(l.file(), l.number(), "balance",
                "hash requires a sample expression.");
          }
          if (!HashKey.isSupported(args.get(0))) {
            throw new HaproxyConfigException(l.file(), l.number(), "balance",
                "hash: unsupported sample expression '" + args.get(0) + "' (supported here: "
                    + HashKey.SUPPORTED + ").");
          }
        }
        case "rdp-cookie" -> { }
        default -> throw new HaproxyConfigException(l.file(), l.number(), "balance",
            "unknown load balancing algorithm '" + algo + "'.");
      }
      boolean consistent = hashTypeSet ? hashType.equals("consistent") : base.equals("random");
      balance = new BalanceConfig(base, args, consistent || base.equals("random"), hashFn,
          avalanche);
    }

    private void hashType(ConfigLexer.Line l) {
      List<String> w = l.words();
      String t = arg(l, 1, "hash-type", "'map-based' or 'consistent'");
      if (!t.equals("map-based") && !t.equals("consistent")) {
        throw new HaproxyConfigException(l.file(), l.number(), "hash-type",
            "'hash-type' expects 'map-based' or 'consistent' but got '" + t + "'.");
      }
      hashType = t;
      hashTypeSet = true;
      hashFn = "sdbm";
      // HAProxy: "hash-type consistent" without a function means sdbm with avalanche
      avalanche = t.equals("consistent") && w.size() == 2;
      for (int i = 2; i < w.size(); i++) {
        switch (w.get(i)) {
          case "sdbm", "djb2", "wt6", "crc32", "none" -> hashFn = w.get(i);
          case "avalanche" -> avalanche = true;
          default -> throw new HaproxyConfigException(l.file(), l.number(), "hash-type",
              "unknown hash function or modifier '" + w.get(i) + "'.");
        }
      }
      balance = balance.withHashType(t.equals("consistent") || balance.algorithm().equals("random"),
          hashFn, avalanche);
    }

    private void bind(ConfigLexer.Line l) {
      List<String> w = l.words();
      String spec = arg(l, 1, "bind", "an address");
      boolean acceptProxy = false;
      for (int i = 2; i < w.size(); i++) {
        String o = w.get(i);
        switch (o) {
          case "accept-proxy" -> acceptProxy = true;
          case "name", "id", "maxconn", "backlog", "mode", "user", "group", "process",
              "thread", "interface", "nice", "tfo", "v4v6", "v6only", "transparent",
              "defer-accept", "mss" -> {
            if (!Set.of("tfo", "v4v6", "v6only", "transparent", "defer-accept").contains(o)) {
              i++;
            }
          }
          case "ssl", "crt", "alpn", "proto", "ca-file", "verify" -> {
            unsupported(l, "bind " + o, kind);
            return;
          }
          default -> throw new HaproxyConfigException(l.file(), l.number(), "bind",
              "unknown keyword '" + o + "'.");
        }
      }
      for (String a : spec.split(",")) {
        if (a.startsWith("fd@")) {
          binds.add(new ProxyConfig.Bind(null, 0, integer(l, "bind", a.substring(3), 0, 65535),
              null, acceptProxy));
        } else if (a.startsWith("unix@") || a.startsWith("/")) {
          binds.add(new ProxyConfig.Bind(null, 0, -1, a.replaceFirst("^unix@", ""), acceptProxy));
        } else {
          String x = a.replaceFirst("^(ipv4|ipv6|tcp|tcp4|tcp6)@", "");
          int c = x.lastIndexOf(':');
          if (c < 0) {
            throw new HaproxyConfigException(l.file(), l.number(), "bind", "missing port number: '"
                + a + "'.");
          }
          String host = x.substring(0, c);
          if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
          }
          String ports = x.substring(c + 1);
          int p = integer(l, "bind", ports.contains("-") ? ports.substring(0, ports.indexOf('-'))
              : ports, 1, 65535);
          binds.add(new ProxyConfig.Bind(host.equals("*") ? "" : host, p, -1, null, acceptProxy));
        }
      }
    }

    private void server(ConfigLexer.Line l) {
      String n = arg(l, 1, "server", "<name> and <addr>");
      if (serverLines.containsKey(n)) {
        throw new HaproxyConfigException(l.file(), l.number(), "server", "backend '" + name
            + "' : server name '" + n + "' already used at line " + serverLines.get(n) + ".");
      }
      String addr = arg(l, 2, "server " + n, "<addr>");
      String host = addr;
      int port = 0;
      int c = addr.lastIndexOf(':');
      if (addr.startsWith("[")) {
        int e = addr.indexOf(']');
        host = addr.substring(1, e);
        if (addr.length() > e + 2) {
          port = integer(l, "server " + n, addr.substring(e + 2), 0, 65535);
        }
      } else if (c >= 0 && addr.indexOf(':') == c) {
        host = addr.substring(0, c);
        String ps = addr.substring(c + 1);
        port = ps.isEmpty() ? 0 : integer(l, "server " + n, ps.replaceFirst("^\\+", ""), 0, 65535);
      }
      ServerConfig base = new ServerConfig(n, 0, host, port, defaultServer.weight(),
          defaultServer.backup(), defaultServer.check(), defaultServer.inter(),
          defaultServer.fastInter(), defaultServer.downInter(), defaultServer.rise(),
          defaultServer.fall(), defaultServer.maxconn(), defaultServer.maxqueue(),
          defaultServer.sendProxy(), defaultServer.disabled(), defaultServer.slowstart(),
          defaultServer.checkPort());
      ServerConfig s = serverParams(l, base, 3, "server " + n);
      servers.add(s);
      serverLines.put(n, l.number());
    }

    private ServerConfig serverParams(ConfigLexer.Line l, ServerConfig s, int from, String kw) {
      List<String> w = l.words();
      int weight = s.weight();
      boolean backup = s.backup();
      boolean check = s.check();
      Duration inter = s.inter();
      Duration fast = s.fastInter();
      Duration down = s.downInter();
      boolean fastSet = false;
      boolean downSet = false;
      int rise = s.rise();
      int fall = s.fall();
      int maxconn = s.maxconn();
      int maxqueue = s.maxqueue();
      int sendProxy = s.sendProxy();
      boolean disabled = s.disabled();
      Duration slow = s.slowstart();
      int checkPort = s.checkPort();
      int id = s.id();
      for (int i = from; i < w.size(); i++) {
        String o = w.get(i);
        switch (o) {
          case "weight" -> weight = integer(l, kw, arg(l, ++i, kw, "weight value"), 0, 256);
          case "backup" -> backup = true;
          case "non-backup" -> backup = false;
          case "check" -> check = true;
          case "no-check" -> check = false;
          case "inter" -> inter = positive(l, kw, o, arg(l, ++i, kw, "a time"));
          case "fastinter" -> {
            fast = positive(l, kw, o, arg(l, ++i, kw, "a time"));
            fastSet = true;
          }
          case "downinter" -> {
            down = positive(l, kw, o, arg(l, ++i, kw, "a time"));
            downSet = true;
          }
          case "rise" -> rise = integer(l, kw + " rise", arg(l, ++i, kw, "an integer"), 1, 1 << 30);
          case "fall" -> fall = integer(l, kw + " fall", arg(l, ++i, kw, "an integer"), 1, 1 << 30);
          case "maxconn" -> maxconn = integer(l, kw, arg(l, ++i, kw, "an integer"), 0, 10_000_000);
          case "maxqueue" -> maxqueue = integer(l, kw, arg(l, ++i, kw, "an integer"), 0, 10_000_000);
          case "send-proxy" -> sendProxy = 1;
          case "send-proxy-v2" -> sendProxy = 2;
          case "no-send-proxy", "no-send-proxy-v2" -> sendProxy = 0;
          case "disabled" -> disabled = true;
          case "enabled" -> disabled = false;
          case "slowstart" -> slow = time(l, kw + " slowstart", arg(l, ++i, kw, "a time"));
          case "port" -> checkPort = integer(l, kw + " port", arg(l, ++i, kw, "a port"), 1, 65535);
          case "id" -> id = integer(l, kw + " id", arg(l, ++i, kw, "an id"), 1, Integer.MAX_VALUE);
          case "cookie", "addr", "on-error", "on-marked-down", "on-marked-up", "error-limit",
              "observe", "agent-check", "agent-port", "agent-inter", "agent-send", "agent-addr",
              "init-addr", "resolvers", "resolve-prefer", "ssl", "verify", "sni", "alpn",
              "check-ssl", "proto", "track", "redir", "minconn", "pool-max-conn",
              "pool-purge-delay", "tfo", "source", "namespace", "max-reuse", "check-send-proxy",
              "check-sni", "ca-file", "crt", "ws", "resolve-net", "usesrc", "socks4",
              "log-proto", "set-proxy-v2-tlv-fmt" -> {
            unsupported(l, "server " + o, kind);
            if (!Set.of("ssl", "check-ssl", "tfo", "check-send-proxy", "agent-check").contains(o)) {
              i++;
            }
          }
          default -> throw new HaproxyConfigException(l.file(), l.number(), kw,
              "unknown keyword '" + o + "'.");
        }
      }
      if (!fastSet) {
        fast = inter;
      }
      if (!downSet) {
        down = inter;
      }
      return new ServerConfig(s.name(), id, s.host(), s.port(), weight, backup, check, inter,
          fast, down, rise, fall, maxconn, maxqueue, sendProxy, disabled, slow, checkPort);
    }

    private Duration positive(ConfigLexer.Line l, String kw, String o, String v) {
      Duration d = time(l, kw + " " + o, v);
      if (d.isZero()) {
        throw new HaproxyConfigException(l.file(), l.number(), kw, "invalid value 0 for '" + o
            + "'; must be positive.");
      }
      return d;
    }

    ProxyConfig build(List<String> warn) {
      List<ServerConfig> withIds = new ArrayList<>();
      Set<Integer> used = new HashSet<>();
      for (ServerConfig s : servers) {
        if (s.id() != 0) {
          if (!used.add(s.id())) {
            throw new HaproxyConfigException(file, line, "server", "backend '" + name
                + "' : server '" + s.name() + "' has the same id " + s.id() + " as another server.");
          }
        }
      }
      int next = 1;
      for (ServerConfig s : servers) {
        if (s.id() == 0) {
          while (used.contains(next)) {
            next++;
          }
          used.add(next);
          withIds.add(s.withId(next));
        } else {
          withIds.add(s);
        }
      }
      ProxyConfig.HttpCheck chk = httpchk
          ? new ProxyConfig.HttpCheck(true, chkMethod, chkUri, chkVersion, chkHeaders, expect,
              expectValue)
          : ProxyConfig.HttpCheck.TCP;
      if (isBackend() && mode == Mode.TCP && balance.algorithm().equals("uri")
          || isBackend() && mode == Mode.TCP && Set.of("url_param", "hdr").contains(balance.algorithm())) {
        warn.add("[" + file + ":" + line + "] : Proxy '" + name + "' : 'balance "
            + balance.algorithm() + "' requires HTTP mode; falling back to roundrobin.");
      }
      return new ProxyConfig(name, file, line, isFrontend(), isBackend(), mode, binds, timeouts,
          maxconn, retries, options, xffHeader, balance, withIds, defaultBackend, useBackends,
          acls, httpRules, chk, statsEnabled ? (statsUri == null ? "/haproxy?stats" : statsUri)
              : null);
    }
  }
}
