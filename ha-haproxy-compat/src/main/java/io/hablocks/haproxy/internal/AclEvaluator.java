package io.hablocks.haproxy.internal;

import io.hablocks.haproxy.HaproxyConfigException;
import io.hablocks.haproxy.ProxyConfig;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Compiles a proxy's ACLs and the conditions of its rules ({@code if}/{@code unless}, terms ANDed,
 * {@code ||} or {@code or} between groups, {@code !} negation, anonymous ACLs in braces) into
 * predicates over a {@link RequestView}.
 */
public final class AclEvaluator {

  /** The criteria this implementation supports, for messages. */
  public static final String SUPPORTED = "path, path_beg, path_end, path_sub, path_dir, url, "
      + "url_beg, hdr(), hdr_beg(), hdr_end(), hdr_sub(), hdr_dom(), src, method";

  private static final Set<String> BUILTIN = Set.of("TRUE", "FALSE", "HTTP", "METH_GET",
      "METH_POST", "METH_HEAD", "METH_PUT", "METH_DELETE", "METH_OPTIONS", "METH_CONNECT",
      "METH_TRACE", "LOCALHOST", "HTTP_1.0", "HTTP_1.1", "HTTP_URL_ABS", "HTTP_URL_SLASH",
      "HTTP_URL_STAR", "HTTP_CONTENT");

  private final Map<String, List<Predicate<RequestView>>> acls = new HashMap<>();

  /**
   * @param proxy the proxy whose ACLs to compile
   */
  public AclEvaluator(ProxyConfig proxy) {
    for (ProxyConfig.Acl a : proxy.acls()) {
      acls.computeIfAbsent(a.name(), k -> new ArrayList<>())
          .add(compile(proxy.file(), a.line(), a.criterion(), a.flags(), a.values()));
    }
  }

  /** @param name an ACL name @return whether HAProxy predefines it */
  public static boolean isBuiltin(String name) {
    return BUILTIN.contains(name);
  }

  /** @param c a criterion @return whether it is supported */
  public static boolean isSupportedCriterion(String c) {
    String base = c.contains("(") ? c.substring(0, c.indexOf('(')) : c;
    return Set.of("path", "path_beg", "path_end", "path_sub", "path_dir", "url", "url_beg",
        "hdr", "hdr_beg", "hdr_end", "hdr_sub", "hdr_dom", "req.hdr", "src", "method")
        .contains(base);
  }

  /**
   * Compiles a rule's condition.
   *
   * @param file for errors
   * @param rule the rule
   * @return the predicate (true when the rule applies)
   */
  public Predicate<RequestView> condition(String file, ProxyConfig.Rule rule) {
    if (rule.condition().isEmpty()) {
      return r -> true;
    }
    List<List<Predicate<RequestView>>> groups = new ArrayList<>();
    List<Predicate<RequestView>> cur = new ArrayList<>();
    List<String> w = rule.condition();
    for (int i = 0; i < w.size(); i++) {
      String t = w.get(i);
      if (t.equals("||") || t.equals("or")) {
        groups.add(cur);
        cur = new ArrayList<>();
        continue;
      }
      boolean neg = false;
      if (t.startsWith("!")) {
        neg = true;
        t = t.substring(1);
        if (t.isEmpty() && i + 1 < w.size()) {
          t = w.get(++i);
        }
      }
      Predicate<RequestView> p;
      if (t.equals("{")) {
        int end = w.indexOf("}");
        int j = i + 1;
        int close = -1;
        for (int k = j; k < w.size(); k++) {
          if (w.get(k).equals("}")) {
            close = k;
            break;
          }
        }
        if (close < 0 || end < 0) {
          throw new HaproxyConfigException(file, rule.line(), rule.action(),
              "missing '}' in condition.");
        }
        List<String> inner = w.subList(j, close);
        if (inner.isEmpty()) {
          throw new HaproxyConfigException(file, rule.line(), rule.action(), "empty anonymous ACL.");
        }
        String crit = inner.get(0);
        if (!isSupportedCriterion(crit)) {
          throw new HaproxyConfigException(file, rule.line(), rule.action(),
              "unknown fetch method '" + crit + "' in anonymous ACL.");
        }
        List<String> flags = new ArrayList<>();
        int k = 1;
        while (k < inner.size() && inner.get(k).startsWith("-")) {
          flags.add(inner.get(k++));
        }
        p = compile(file, rule.line(), crit, flags, inner.subList(k, inner.size()));
        i = close;
      } else {
        p = named(file, rule, t);
      }
      cur.add(neg ? p.negate() : p);
    }
    groups.add(cur);
    Predicate<RequestView> result = r -> {
      for (List<Predicate<RequestView>> g : groups) {
        boolean all = true;
        for (Predicate<RequestView> p : g) {
          if (!p.test(r)) {
            all = false;
            break;
          }
        }
        if (all) {
          return true;
        }
      }
      return false;
    };
    return rule.unless() ? result.negate() : result;
  }

  private Predicate<RequestView> named(String file, ProxyConfig.Rule rule, String name) {
    List<Predicate<RequestView>> defs = acls.get(name);
    if (defs != null) {
      return r -> {
        for (Predicate<RequestView> p : defs) {
          if (p.test(r)) {
            return true;
          }
        }
        return false;
      };
    }
    return switch (name) {
      case "TRUE" -> r -> true;
      case "FALSE" -> r -> false;
      case "HTTP" -> r -> r.method() != null;
      case "LOCALHOST" -> r -> r.source() != null && r.source().isLoopbackAddress();
      case "HTTP_1.0" -> r -> "HTTP/1.0".equals(r.version());
      case "HTTP_1.1" -> r -> "HTTP/1.1".equals(r.version());
      case "HTTP_URL_ABS" -> r -> r.uri() != null && r.uri().contains("://");
      case "HTTP_URL_SLASH" -> r -> r.uri() != null && r.uri().startsWith("/");
      case "HTTP_URL_STAR" -> r -> "*".equals(r.uri());
      case "HTTP_CONTENT" -> r -> r.firstHeader("content-length") != null
          && !"0".equals(r.firstHeader("content-length"));
      default -> {
        if (name.startsWith("METH_")) {
          String m = name.substring(5);
          yield r -> m.equals(r.method());
        }
        throw new HaproxyConfigException(file, rule.line(), rule.action(), "no such ACL : '"
            + name + "'.");
      }
    };
  }

  private static Predicate<RequestView> compile(String file, int line, String crit,
      List<String> flags, List<String> values) {
    boolean ci = false;
    String match = null;
    for (int i = 0; i < flags.size(); i++) {
      switch (flags.get(i)) {
        case "-i" -> ci = true;
        case "-m" -> {
          if (i + 1 >= flags.size()) {
            throw new HaproxyConfigException(file, line, "acl", "'-m' expects a match method.");
          }
          match = flags.get(++i);
        }
        case "-n", "-u" -> { }
        default -> throw new HaproxyConfigException(file, line, "acl", "unsupported flag '"
            + flags.get(i) + "'.");
      }
    }
    // a -m after the criterion shows up as a value when written "path -m beg /x"
    List<String> vals = new ArrayList<>(values);
    if (vals.size() >= 2 && vals.get(0).equals("-m")) {
      match = vals.get(1);
      vals = vals.subList(2, vals.size());
    }
    String base = crit.contains("(") ? crit.substring(0, crit.indexOf('(')) : crit;
    String hdr = crit.contains("(") ? crit.substring(crit.indexOf('(') + 1, crit.length() - 1) : null;
    String suffix = base.contains("_") ? base.substring(base.indexOf('_') + 1) : "str";
    String fetch = base.contains("_") ? base.substring(0, base.indexOf('_')) : base;
    if (base.equals("req.hdr")) {
      fetch = "hdr";
      suffix = "str";
    }
    if (match != null) {
      suffix = match;
    }
    if (fetch.equals("src")) {
      List<long[]> nets = new ArrayList<>();
      for (String v : vals) {
        nets.add(cidr(file, line, v));
      }
      return r -> {
        if (r.source() == null || r.source().getAddress().length != 4) {
          return false;
        }
        long a = ipv4(r.source());
        for (long[] n : nets) {
          if ((a & n[1]) == (n[0] & n[1])) {
            return true;
          }
        }
        return false;
      };
    }
    final String how = suffix;
    final boolean fci = ci || fetch.equals("method") && false;
    final List<String> pats = new ArrayList<>();
    for (String v : vals) {
      pats.add(fci ? v.toLowerCase(Locale.ROOT) : v);
    }
    if (!Set.of("str", "beg", "end", "sub", "dir", "dom", "found").contains(how)) {
      throw new HaproxyConfigException(file, line, "acl", "unsupported match method '" + how + "'.");
    }
    final String f = fetch;
    final String h = hdr;
    return r -> {
      List<String> samples = switch (f) {
        case "path" -> r.path() == null ? List.of() : List.of(r.path());
        case "url" -> r.uri() == null ? List.of() : List.of(r.uri());
        case "method" -> r.method() == null ? List.of() : List.of(r.method());
        case "hdr" -> h == null || h.isEmpty() ? List.of() : r.headerValues(h);
        default -> List.of();
      };
      if (how.equals("found")) {
        return !samples.isEmpty();
      }
      for (String s0 : samples) {
        String s = fci ? s0.toLowerCase(Locale.ROOT) : s0;
        for (String p : pats) {
          if (matches(how, s, p)) {
            return true;
          }
        }
      }
      return false;
    };
  }

  private static boolean matches(String how, String s, String p) {
    return switch (how) {
      case "str" -> s.equals(p);
      case "beg" -> s.startsWith(p);
      case "end" -> s.endsWith(p);
      case "sub" -> s.contains(p);
      case "dir" -> ("/" + s + "/").contains("/" + p + "/");
      case "dom" -> ("." + s.replace('/', '.') + ".").contains("." + p + ".");
      default -> false;
    };
  }

  private static long[] cidr(String file, int line, String v) {
    String ip = v;
    int bits = 32;
    int slash = v.indexOf('/');
    if (slash >= 0) {
      ip = v.substring(0, slash);
      String m = v.substring(slash + 1);
      if (m.contains(".")) {
        bits = Long.bitCount(parseIp(file, line, m));
      } else {
        bits = Integer.parseInt(m);
      }
    }
    long mask = bits == 0 ? 0 : (0xffffffffL << (32 - bits)) & 0xffffffffL;
    return new long[] {parseIp(file, line, ip), mask};
  }

  private static long parseIp(String file, int line, String ip) {
    if (!ip.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
      throw new HaproxyConfigException(file, line, "acl", "'" + ip + "' is not a valid IPv4 "
          + "address or network.");
    }
    try {
      return ipv4(InetAddress.getByName(ip));
    } catch (UnknownHostException e) {
      throw new HaproxyConfigException(file, line, "acl", "'" + ip + "' is not a valid address.");
    }
  }

  static long ipv4(InetAddress a) {
    byte[] b = a.getAddress();
    return ((b[0] & 0xffL) << 24) | ((b[1] & 0xffL) << 16) | ((b[2] & 0xffL) << 8) | (b[3] & 0xffL);
  }
}
