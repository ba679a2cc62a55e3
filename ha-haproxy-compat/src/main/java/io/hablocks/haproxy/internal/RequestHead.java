package io.hablocks.haproxy.internal;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * An HTTP/1.x request line and header block (names as received, in order), with the client
 * address: what ACLs, rules and hash algorithms read. Header lookups are case-insensitive.
 * Mutable only through the rule actions ({@link #set}, {@link #add}, {@link #remove}).
 */
public final class RequestHead implements RequestView {

  private final String method;
  private final String uri;
  private final String version;
  private final List<String[]> headers;
  private final InetAddress source;

  /**
   * @param method the method, or null for a tcp connection
   * @param uri the request target
   * @param version the version (HTTP/1.1)
   * @param headers name/value pairs in order
   * @param source the client address
   */
  public RequestHead(String method, String uri, String version, List<String[]> headers,
      InetAddress source) {
    this.method = method;
    this.uri = uri;
    this.version = version;
    this.headers = new ArrayList<>(headers);
    this.source = source;
  }

  /**
   * A tcp-mode view: only the source address.
   *
   * @param source the client address
   * @return the view
   */
  public static RequestHead connection(InetAddress source) {
    return new RequestHead(null, null, null, List.of(), source);
  }

  @Override
  public String method() {
    return method;
  }

  @Override
  public String uri() {
    return uri;
  }

  @Override
  public String path() {
    if (uri == null) {
      return null;
    }
    String u = uri;
    int scheme = u.indexOf("://");
    if (!u.startsWith("/") && scheme > 0) {
      int slash = u.indexOf('/', scheme + 3);
      u = slash < 0 ? "/" : u.substring(slash);
    }
    int q = u.indexOf('?');
    return q < 0 ? u : u.substring(0, q);
  }

  @Override
  public List<String> headerValues(String name) {
    List<String> out = new ArrayList<>();
    for (String[] h : headers) {
      if (h[0].equalsIgnoreCase(name)) {
        for (String v : h[1].split(",")) {
          String t = v.strip();
          if (!t.isEmpty()) {
            out.add(t);
          }
        }
      }
    }
    return out;
  }

  @Override
  public String firstHeader(String name) {
    for (String[] h : headers) {
      if (h[0].equalsIgnoreCase(name)) {
        return h[1];
      }
    }
    return null;
  }

  @Override
  public InetAddress source() {
    return source;
  }

  @Override
  public String version() {
    return version;
  }

  /** @return the headers as name/value pairs, in order (live list) */
  public List<String[]> headers() {
    return headers;
  }

  /** @param name a header to remove (all occurrences) */
  public void remove(String name) {
    headers.removeIf(h -> h[0].equalsIgnoreCase(name));
  }

  /** @param name a header @param value its value, replacing all occurrences */
  public void set(String name, String value) {
    remove(name);
    headers.add(new String[] {name, value});
  }

  /** @param name a header @param value a value to append */
  public void add(String name, String value) {
    headers.add(new String[] {name, value});
  }
}
