package io.hablocks.haproxy;

import io.hablocks.api.Clock;
import io.hablocks.haproxy.internal.ProxyEngine;
import io.hablocks.haproxy.internal.RuntimeApi;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A running HAProxy-compatible proxy: every frontend listening, every backend balancing, health
 * checks and the stats socket running. Built from a {@link HaproxyConfig}; changed at run time
 * through the same commands as HAProxy's runtime API or typed methods. Thread-safe.
 *
 * <pre>{@code
 * HaproxyConfig cfg = HaproxyConfig.parse("lb.cfg", text, System.getenv());
 * try (Haproxy proxy = Haproxy.builder().config(cfg).build().start()) {
 *   proxy.setWeight("be_app", "s1", 3);
 *   System.out.println(proxy.execute("show stat"));
 * }
 * }</pre>
 */
public final class Haproxy implements AutoCloseable {

  private final ProxyEngine engine;
  private final RuntimeApi api;
  private volatile boolean started;

  private Haproxy(HaproxyConfig config, Clock clock) {
    this.engine = new ProxyEngine(config, clock);
    this.api = new RuntimeApi(engine);
  }

  /** @return a builder */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Parses configuration text and builds a proxy on the system clock (not started).
   *
   * @param text haproxy.cfg content
   * @return the proxy
   */
  public static Haproxy fromConfig(String text) {
    return builder().config(HaproxyConfig.parse("haproxy.cfg", text, System.getenv())).build();
  }

  /**
   * Binds every listener and starts checks.
   *
   * @return this
   * @throws HaproxyConfigException if a listener cannot be bound
   */
  public Haproxy start() {
    synchronized (this) {
      if (!started) {
        engine.start();
        started = true;
      }
    }
    return this;
  }

  /**
   * Runs runtime API commands, as written to the stats socket ({@code ;} chains them).
   *
   * @param commands the command line
   * @return the output
   */
  public String execute(String commands) {
    return api.execute(commands);
  }

  /**
   * @param backend a backend name
   * @param server a server name
   * @param weight the new user weight (0..256)
   * @throws HaproxyConfigException for an unknown server or a refused weight
   */
  public void setWeight(String backend, String server, int weight) {
    check(api.execute("set weight " + backend + "/" + server + " " + weight));
  }

  /**
   * @param backend a backend name
   * @param server a server name
   * @param state the new administrative state
   * @throws HaproxyConfigException for an unknown server
   */
  public void setState(String backend, String server, ServerState state) {
    check(api.execute("set server " + backend + "/" + server + " state "
        + state.name().toLowerCase(java.util.Locale.ROOT)));
  }

  private static void check(String out) {
    if (!out.isBlank()) {
      throw new HaproxyConfigException(out.strip());
    }
  }

  /**
   * @param frontend a frontend name
   * @return the local TCP ports it listens on (useful with port 0 in tests)
   */
  public List<Integer> ports(String frontend) {
    return engine.ports(frontend);
  }

  /** @return whether native epoll is in use (else NIO) */
  public boolean nativeTransport() {
    return engine.nativeTransport();
  }

  /** Stops listening, closes every connection and stops checks. */
  @Override
  public void close() {
    engine.close();
  }

  /** Builds a {@link Haproxy}. */
  public static final class Builder {
    private HaproxyConfig config;
    private Clock clock = Clock.system();

    private Builder() {}

    /** @param c the configuration @return this */
    public Builder config(HaproxyConfig c) {
      this.config = Objects.requireNonNull(c, "config");
      return this;
    }

    /** @param text haproxy.cfg content, expanded with the process environment @return this */
    public Builder config(String text) {
      return config(HaproxyConfig.parse("haproxy.cfg", text, System.getenv()));
    }

    /**
     * @param text haproxy.cfg content
     * @param env the environment for expansion
     * @return this
     */
    public Builder config(String text, Map<String, String> env) {
      return config(HaproxyConfig.parse("haproxy.cfg", text, env));
    }

    /** @param c the clock for checks, queue timeouts and slow start @return this */
    public Builder clock(Clock c) {
      this.clock = Objects.requireNonNull(c, "clock");
      return this;
    }

    /** @return the proxy, not started */
    public Haproxy build() {
      if (config == null) {
        throw new IllegalStateException("config is required");
      }
      return new Haproxy(config, clock);
    }
  }
}
