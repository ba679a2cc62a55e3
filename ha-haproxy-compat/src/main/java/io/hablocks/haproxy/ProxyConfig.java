package io.hablocks.haproxy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One proxy ({@code frontend}, {@code backend} or {@code listen}) after its defaults section is
 * applied. Immutable.
 *
 * @param name the proxy name
 * @param file the file that declares it
 * @param line the line of its section header
 * @param frontend whether it accepts connections (frontend, listen)
 * @param backend whether it has servers (backend, listen)
 * @param mode tcp or http
 * @param binds the listening addresses
 * @param timeouts the timeouts by name (connect, client, server, http-request, http-keep-alive,
 *     queue, tunnel, check)
 * @param maxconn the frontend's maximum concurrent connections (0: global limit only)
 * @param retries connection retries to a server
 * @param options the enabled {@code option} names (redispatch, forwardfor, httpchk,
 *     allbackups, http-keep-alive, ...)
 * @param forwardforHeader the header option forwardfor adds (default X-Forwarded-For)
 * @param balance the balance settings
 * @param servers the servers in declaration order
 * @param defaultBackend the default_backend, or null
 * @param useBackends the use_backend rules in order
 * @param acls the named ACLs
 * @param httpRequestRules the http-request rules in order
 * @param httpCheck the health check request and expectation
 * @param statsUri the {@code stats uri}, or null when stats are not enabled here
 */
public record ProxyConfig(String name, String file, int line, boolean frontend, boolean backend,
    Mode mode, List<Bind> binds, Map<String, Duration> timeouts, int maxconn, int retries,
    Set<String> options, String forwardforHeader, BalanceConfig balance,
    List<ServerConfig> servers, String defaultBackend, List<Rule> useBackends, List<Acl> acls,
    List<Rule> httpRequestRules, HttpCheck httpCheck, String statsUri) {

  /** Canonical form: copies the collections. */
  public ProxyConfig {
    binds = List.copyOf(binds);
    timeouts = Map.copyOf(timeouts);
    options = Set.copyOf(options);
    servers = List.copyOf(servers);
    useBackends = List.copyOf(useBackends);
    acls = List.copyOf(acls);
    httpRequestRules = List.copyOf(httpRequestRules);
  }

  /**
   * @param which the timeout name (connect, client, ...)
   * @return the timeout if set
   */
  public Optional<Duration> timeout(String which) {
    return Optional.ofNullable(timeouts.get(which));
  }

  /**
   * @param option an option name
   * @return whether {@code option NAME} is in effect
   */
  public boolean option(String option) {
    return options.contains(option);
  }

  /** @param name a server name @return the server if declared */
  public Optional<ServerConfig> server(String name) {
    return servers.stream().filter(s -> s.name().equals(name)).findFirst();
  }

  /**
   * One listening address of a {@code bind} line.
   *
   * @param host the address (empty or "*" for any), or null for fd@ and unix@
   * @param port the port, or 0
   * @param fd an inherited file descriptor number, or -1
   * @param unixPath a unix socket path, or null
   * @param acceptProxy whether the PROXY protocol header is expected
   */
  public record Bind(String host, int port, int fd, String unixPath, boolean acceptProxy) {}

  /**
   * A named ACL line ({@code acl NAME CRITERION [flags] VALUE...}).
   *
   * @param name the ACL name
   * @param criterion the fetch and match, such as {@code path_beg} or {@code hdr(host)}
   * @param flags the flags ({@code -i}, ...)
   * @param values the patterns
   * @param line where it is declared
   */
  public record Acl(String name, String criterion, List<String> flags, List<String> values,
      int line) {
    /** Canonical form. */
    public Acl {
      flags = List.copyOf(flags);
      values = List.copyOf(values);
    }
  }

  /**
   * A rule with an optional condition: {@code use_backend B if C} or
   * {@code http-request ACTION ARGS [if|unless C]}.
   *
   * @param action the action (the backend name for use_backend)
   * @param arguments the action's arguments
   * @param condition the condition words after if/unless (empty: always)
   * @param unless whether the condition is negated
   * @param line where it is declared
   */
  public record Rule(String action, List<String> arguments, List<String> condition,
      boolean unless, int line) {
    /** Canonical form. */
    public Rule {
      arguments = List.copyOf(arguments);
      condition = List.copyOf(condition);
    }
  }

  /**
   * The health check: {@code option httpchk} and {@code http-check send/expect}.
   *
   * @param http whether checks are HTTP (else TCP connect)
   * @param method the method
   * @param uri the URI
   * @param version the HTTP version
   * @param headers extra request headers (name, value pairs)
   * @param expect the expectation: {@code status}, {@code rstatus} or {@code string}, or null
   *     for any 2xx/3xx
   * @param expectValue the expected value
   */
  public record HttpCheck(boolean http, String method, String uri, String version,
      List<String> headers, String expect, String expectValue) {
    /** TCP connect checks. */
    public static final HttpCheck TCP = new HttpCheck(false, "OPTIONS", "/", "HTTP/1.0",
        List.of(), null, null);

    /** Canonical form. */
    public HttpCheck {
      headers = List.copyOf(headers);
    }
  }
}
