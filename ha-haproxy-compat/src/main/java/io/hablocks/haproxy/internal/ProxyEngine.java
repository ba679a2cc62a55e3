package io.hablocks.haproxy.internal;

import io.hablocks.api.Clock;
import io.hablocks.haproxy.HaproxyConfig;
import io.hablocks.haproxy.HaproxyConfigException;
import io.hablocks.haproxy.Mode;
import io.hablocks.haproxy.ProxyConfig;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.handler.codec.haproxy.HAProxyMessageDecoder;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.IdleStateHandler;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running proxy: event loops (epoll or NIO), listeners for every frontend, backends with
 * their balancers, health checks and the stats socket. Connection limits: {@code maxconn} of
 * global and of each frontend pause accepting (the kernel backlog holds the rest) until
 * connections end, as HAProxy does.
 */
public final class ProxyEngine implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger("io.hablocks.haproxy");

  final HaproxyConfig config;
  final Clock clock;
  final Transport transport = new Transport();
  private final EventLoopGroup boss;
  private final EventLoopGroup workers;
  final Map<String, BackendRuntime> backends = new LinkedHashMap<>();
  final Map<String, FrontendRuntime> frontends = new LinkedHashMap<>();
  private final Map<BackendRuntime, FrontendRuntime> backendRules = new java.util.HashMap<>();
  private final List<Channel> listeners = new ArrayList<>();
  private final AtomicInteger globalConns = new AtomicInteger();
  private final List<HealthChecker> checkers = new ArrayList<>();
  final long startNanos;
  final java.util.concurrent.atomic.LongAdder cumConns = new java.util.concurrent.atomic.LongAdder();
  final java.util.concurrent.atomic.LongAdder cumReq = new java.util.concurrent.atomic.LongAdder();
  private StatsSocket statsSocket;

  /**
   * Builds the runtime objects (nothing listens yet).
   *
   * @param config the configuration
   * @param clock the clock for checks, queues and slow start
   */
  public ProxyEngine(HaproxyConfig config, Clock clock) {
    this.config = config;
    this.clock = clock;
    this.startNanos = clock.nanoTime();
    // with a stats socket HAProxy's internal CLI proxy takes id 1
    int iid = config.global().statsSockets().isEmpty() ? 1 : 2;
    Map<String, Integer> ids = new LinkedHashMap<>();
    for (ProxyConfig p : config.proxies()) {
      ids.putIfAbsent(p.name(), iid++);
    }
    for (ProxyConfig p : config.proxies()) {
      if (p.backend()) {
        backends.put(p.name(), new BackendRuntime(p, clock, ids.get(p.name())));
      }
    }
    for (ProxyConfig p : config.proxies()) {
      FrontendRuntime f = new FrontendRuntime(p, backends, ids.get(p.name()));
      if (p.frontend()) {
        frontends.put(p.name(), f);
      }
      if (p.backend()) {
        backendRules.put(backends.get(p.name()), f);
      }
    }
    int threads = Math.max(1, config.global().nbthread());
    boss = transport.group(1, "haproxy-accept");
    workers = transport.group(threads, "haproxy-io");
  }

  EventLoopGroup workersForChecks() {
    return workers;
  }

  FrontendRuntime rulesOf(BackendRuntime b) {
    return backendRules.get(b);
  }

  /** @return the backends by name */
  public Map<String, BackendRuntime> backends() {
    return backends;
  }

  /** @return the frontends by name */
  public Map<String, FrontendRuntime> frontends() {
    return frontends;
  }

  /** @return whether native epoll is used */
  public boolean nativeTransport() {
    return transport.epoll;
  }

  /**
   * Binds every listener and starts checks.
   *
   * @throws HaproxyConfigException if a listener cannot be bound
   */
  public void start() {
    for (FrontendRuntime f : frontends.values()) {
      for (ProxyConfig.Bind b : f.config.binds()) {
        bind(f, b);
      }
    }
    for (BackendRuntime b : backends.values()) {
      for (ServerRuntime s : b.servers) {
        if (s.config.check()) {
          HealthChecker c = new HealthChecker(this, b, s);
          checkers.add(c);
          c.start();
        }
      }
    }
    for (var sock : config.global().statsSockets()) {
      statsSocket = new StatsSocket(this, sock, new RuntimeApi(this));
      statsSocket.start(boss);
      break;
    }
    LOG.info("Proxy started ({} frontends, {} backends, {}).", frontends.size(), backends.size(),
        transport.epoll ? "epoll" : "nio");
  }

  private void bind(FrontendRuntime f, ProxyConfig.Bind b) {
    ServerBootstrap sb = new ServerBootstrap().group(boss, workers)
        .childOption(ChannelOption.AUTO_READ, false)
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
        .childHandler(new ChannelInitializer<Channel>() {
          @Override
          protected void initChannel(Channel ch) {
            initClient(f, b, ch);
          }
        });
    ChannelFuture cf;
    String what;
    if (b.fd() >= 0) {
      what = "fd@" + b.fd();
      Channel inherited = transport.inherited(b.fd());
      sb.channelFactory(() -> (io.netty.channel.ServerChannel) inherited);
      cf = sb.register();
    } else if (b.unixPath() != null) {
      what = "unix@" + b.unixPath();
      try {
        java.nio.file.Files.deleteIfExists(java.nio.file.Path.of(b.unixPath()));
      } catch (java.io.IOException e) {
        // bind reports it
      }
      sb.channel(transport.domainServerChannel());
      cf = sb.bind(new DomainSocketAddress(b.unixPath()));
    } else {
      what = (b.host().isEmpty() ? "*" : b.host()) + ":" + b.port();
      sb.channel(transport.serverChannel()).option(ChannelOption.SO_BACKLOG, 4096)
          .option(ChannelOption.SO_REUSEADDR, true);
      InetSocketAddress addr = b.host().isEmpty() ? new InetSocketAddress(b.port())
          : new InetSocketAddress(b.host(), b.port());
      cf = sb.bind(addr);
    }
    cf.syncUninterruptibly();
    if (!cf.isSuccess()) {
      throw new HaproxyConfigException(f.config.file(), f.config.line(), "bind", "Starting "
          + "frontend " + f.config.name() + ": cannot bind socket (" + cf.cause().getMessage()
          + ") [" + what + "]");
    }
    listeners.add(cf.channel());
    f.listeners.add(cf.channel());
  }

  private final java.util.concurrent.ConcurrentLinkedQueue<Runnable> waiting =
      new java.util.concurrent.ConcurrentLinkedQueue<>();

  private boolean overLimit(FrontendRuntime f) {
    return globalConns.get() >= config.global().maxconn()
        || f.config.maxconn() > 0 && f.counters.scur.get() >= f.config.maxconn();
  }

  private void initClient(FrontendRuntime f, ProxyConfig.Bind b, Channel ch) {
    if (overLimit(f)) {
      // over maxconn: the connection waits unserved, as in the kernel backlog, until a slot frees
      pause(f);
      Runnable go = () -> ch.eventLoop().execute(() -> {
        if (ch.isActive()) {
          activate(f, b, ch);
          ch.pipeline().fireChannelActive();
        }
      });
      waiting.add(go);
      ch.closeFuture().addListener(x -> waiting.remove(go));
      return;
    }
    activate(f, b, ch);
  }

  private void activate(FrontendRuntime f, ProxyConfig.Bind b, Channel ch) {
    globalConns.incrementAndGet();
    cumConns.increment();
    f.counters.open();
    f.counters.connTot.increment();
    if (overLimit(f)) {
      pause(f);
    }
    ch.closeFuture().addListener(x -> {
      globalConns.decrementAndGet();
      f.counters.close();
      Runnable next = waiting.poll();
      if (next != null) {
        next.run();
      } else {
        resume();
      }
    });
    ByteCounter bytes = new ByteCounter(f.counters);
    ch.pipeline().addLast("bytes", bytes);
    if (b.acceptProxy()) {
      ch.pipeline().addLast(new HAProxyMessageDecoder());
    }
    long clientTimeout = f.config.timeout("client").map(Duration::toMillis).orElse(0L);
    if (clientTimeout > 0 && f.config.mode() == Mode.HTTP) {
      ch.pipeline().addLast(new IdleStateHandler(0, 0, clientTimeout, TimeUnit.MILLISECONDS));
    } else if (clientTimeout > 0) {
      ch.pipeline().addLast(new IdleStateHandler(0, 0, clientTimeout, TimeUnit.MILLISECONDS));
    }
    if (f.config.mode() == Mode.HTTP) {
      ch.pipeline().addLast("http", new HttpServerCodec(8192, 16384, 65536));
      ch.pipeline().addLast(new HttpSession(this, f, bytes, b.acceptProxy()));
    } else {
      ch.pipeline().addLast(new TcpSession(this, f, b.acceptProxy()));
    }
  }

  private final Object pauseLock = new Object();
  private final List<FrontendRuntime> paused = new ArrayList<>();

  private void pause(FrontendRuntime f) {
    synchronized (pauseLock) {
      boolean global = globalConns.get() >= config.global().maxconn();
      List<FrontendRuntime> which = global ? new ArrayList<>(frontends.values()) : List.of(f);
      for (FrontendRuntime x : which) {
        if (!paused.contains(x)) {
          paused.add(x);
          x.listeners.forEach(l -> l.config().setAutoRead(false));
        }
      }
    }
  }

  private void resume() {
    synchronized (pauseLock) {
      if (paused.isEmpty()) {
        return;
      }
      boolean globalOk = globalConns.get() < config.global().maxconn();
      for (var it = paused.iterator(); it.hasNext();) {
        FrontendRuntime x = it.next();
        boolean ok = globalOk && (x.config.maxconn() == 0 || x.counters.scur.get() < x.config.maxconn());
        if (ok) {
          it.remove();
          x.listeners.forEach(l -> {
            l.config().setAutoRead(true);
            l.read();
          });
        }
      }
    }
  }

  InetSocketAddress resolve(ServerRuntime s) {
    try {
      int port = s.config.port();
      return new InetSocketAddress(InetAddress.getByName(s.config.host()), port);
    } catch (UnknownHostException e) {
      return InetSocketAddress.createUnresolved(s.config.host(), s.config.port());
    }
  }

  /** @return the local ports of every listener of a frontend, for tests and samples */
  public List<Integer> ports(String frontend) {
    List<Integer> out = new ArrayList<>();
    FrontendRuntime f = frontends.get(frontend);
    if (f != null) {
      for (Channel c : f.listeners) {
        if (c.localAddress() instanceof InetSocketAddress a) {
          out.add(a.getPort());
        }
      }
    }
    return out;
  }

  /** @return current connections of the process */
  public int currentConnections() {
    return globalConns.get();
  }

  @Override
  public void close() {
    for (HealthChecker c : checkers) {
      c.stop();
    }
    if (statsSocket != null) {
      statsSocket.close();
    }
    for (Channel c : listeners) {
      c.close().syncUninterruptibly();
    }
    workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
  }

  static final class Unused extends ChannelInboundHandlerAdapter {
    @Override
    public void channelActive(ChannelHandlerContext ctx) {
      ctx.fireChannelActive();
    }
  }
}
