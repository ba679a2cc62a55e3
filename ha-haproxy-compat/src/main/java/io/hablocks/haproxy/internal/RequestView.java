package io.hablocks.haproxy.internal;

import java.net.InetAddress;
import java.util.List;

/** What ACLs, rules and hash keys look at in one request (or connection in tcp mode). */
public interface RequestView {

  /** @return the method, or null in tcp mode */
  String method();

  /** @return the request target as sent (origin form {@code /p?q} or absolute form) */
  String uri();

  /** @return the path part of the URI (without the query) */
  String path();

  /**
   * @param name a header name, case-insensitive
   * @return every value of it (comma-separated values split), in order; empty if absent
   */
  List<String> headerValues(String name);

  /**
   * @param name a header name
   * @return the first full value of the header (not split at commas), or null
   */
  String firstHeader(String name);

  /** @return the client address */
  InetAddress source();

  /** @return the request HTTP version such as HTTP/1.1, or null in tcp mode */
  String version();
}
