package io.hablocks.haproxy.internal;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

/** The sample expressions {@code balance hash} accepts here, and how they read a request. */
public final class HashKey {

  /** For messages. */
  public static final String SUPPORTED = "path, url, query, src, hdr(name), req.hdr(name), "
      + "url_param(name)";

  private HashKey() {}

  /** @param expr a sample expression @return whether supported */
  public static boolean isSupported(String expr) {
    return Set.of("path", "url", "query", "src").contains(expr)
        || expr.matches("(hdr|req\\.hdr|url_param|urlp)\\([^)]+\\)");
  }

  /**
   * @param expr the expression
   * @param r the request
   * @return the sample's bytes, or null if absent
   */
  public static byte[] sample(String expr, RequestView r) {
    switch (expr) {
      case "path":
        return r.path() == null ? null : r.path().getBytes(StandardCharsets.ISO_8859_1);
      case "url":
        return r.uri() == null ? null : r.uri().getBytes(StandardCharsets.ISO_8859_1);
      case "query": {
        if (r.uri() == null || r.uri().indexOf('?') < 0) {
          return null;
        }
        return r.uri().substring(r.uri().indexOf('?') + 1).getBytes(StandardCharsets.ISO_8859_1);
      }
      case "src":
        return r.source() == null ? null : r.source().getAddress();
      default:
        break;
    }
    String arg = expr.substring(expr.indexOf('(') + 1, expr.length() - 1);
    if (expr.startsWith("url_param") || expr.startsWith("urlp")) {
      String u = r.uri();
      if (u == null || u.indexOf('?') < 0) {
        return null;
      }
      for (String kv : u.substring(u.indexOf('?') + 1).split("&")) {
        if (kv.startsWith(arg + "=")) {
          return kv.substring(arg.length() + 1).getBytes(StandardCharsets.ISO_8859_1);
        }
      }
      return null;
    }
    List<String> v = r.headerValues(arg);
    return v.isEmpty() ? null : v.get(v.size() - 1).getBytes(StandardCharsets.ISO_8859_1);
  }
}
