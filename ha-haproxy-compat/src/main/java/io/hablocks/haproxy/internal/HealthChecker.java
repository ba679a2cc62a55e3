package io.hablocks.haproxy.internal;

import io.hablocks.api.Cancellable;
import io.hablocks.haproxy.ProxyConfig;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ConnectTimeoutException;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one server's health checks: TCP connect, or {@code option httpchk} with
 * {@code http-check send/expect}; schedules itself on the engine's {@code Clock} and logs each
 * transition with HAProxy's line.
 */
final class HealthChecker {

  private static final Logger LOG = LoggerFactory.getLogger("io.hablocks.haproxy");

  private final ProxyEngine engine;
  private final BackendRuntime backend;
  private final ServerRuntime server;
  private volatile Cancellable next;
  private volatile boolean stopped;

  HealthChecker(ProxyEngine engine, BackendRuntime backend, ServerRuntime server) {
    this.engine = engine;
    this.backend = backend;
    this.server = server;
  }

  void start() {
    // spread the first checks over one interval, as HAProxy does
    int pos = backend.servers.indexOf(server);
    long first = server.config.inter().toMillis() * pos / Math.max(1, backend.servers.size());
    schedule(Duration.ofMillis(first));
  }

  void stop() {
    stopped = true;
    Cancellable n = next;
    if (n != null) {
      n.cancel();
    }
  }

  private void schedule(Duration d) {
    if (!stopped) {
      next = engine.clock.schedule(d, this::run);
    }
  }

  private void run() {
    if (stopped) {
      return;
    }
    if (server.inMaintenance()) {
      schedule(server.config.inter());
      return;
    }
    ProxyConfig.HttpCheck hc = backend.config.httpCheck();
    long started = engine.clock.nanoTime();
    Duration ct = backend.config.timeout("connect").orElse(server.config.inter());
    Duration rt = backend.config.timeout("check").orElse(server.config.inter());
    if (backend.config.timeout("check").isPresent()) {
      ct = ct.compareTo(rt) < 0 ? ct : rt;
    }
    AtomicBoolean done = new AtomicBoolean();
    int port = server.config.checkPort() > 0 ? server.config.checkPort() : server.config.port();
    java.net.InetSocketAddress addr = engine.resolve(server);
    addr = new java.net.InetSocketAddress(addr.getAddress(), port);
    Cancellable[] timeout = new Cancellable[1];
    Channel[] chan = new Channel[1];
    Bootstrap b = new Bootstrap().group(engine.workersForChecks()).channel(engine.transport.channel())
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.max(1, ct.toMillis()))
        .handler(new ChannelInitializer<Channel>() {
          @Override
          protected void initChannel(Channel ch) {
            ch.pipeline().addLast(new ChannelInboundHandlerAdapter() {
              private final StringBuilder resp = new StringBuilder();

              @Override
              public void channelRead(ChannelHandlerContext ctx, Object msg) {
                ByteBuf buf = (ByteBuf) msg;
                if (resp.length() < 16384) {
                  resp.append(buf.toString(StandardCharsets.ISO_8859_1));
                }
                buf.release();
                if (!hc.http() || hc.expect() == null || !hc.expect().endsWith("string")) {
                  if (resp.indexOf("\r\n") >= 0 || resp.indexOf("\n") >= 0) {
                    finish(httpResult(resp.toString()), ctx.channel());
                  }
                }
              }

              @Override
              public void channelInactive(ChannelHandlerContext ctx) {
                finish(hc.http() ? httpResult(resp.toString())
                    : new Result(true, "L4OK", "Layer4 check passed", -1, null), ctx.channel());
              }
            });
          }
        });
    this.pending = done;
    this.startedNanos = started;
    this.timeouts = timeout;
    b.connect(addr).addListener((ChannelFutureListener) f -> {
      if (!f.isSuccess()) {
        Throwable c = f.cause();
        if (c instanceof ConnectTimeoutException) {
          finish(new Result(false, "L4TOUT", "Layer4 timeout", -1, null), null);
        } else {
          String info = c instanceof ConnectException ? "Connection refused" : String.valueOf(c.getMessage());
          finish(new Result(false, "L4CON", "Layer4 connection problem", -1, info), null);
        }
        return;
      }
      chan[0] = f.channel();
      if (!hc.http()) {
        finish(new Result(true, "L4OK", "Layer4 check passed", -1, null), f.channel());
        return;
      }
      StringBuilder req = new StringBuilder(hc.method() + " " + hc.uri() + " " + hc.version()
          + "\r\n");
      List<String> hs = hc.headers();
      for (int i = 0; i + 1 < hs.size(); i += 2) {
        req.append(hs.get(i)).append(": ").append(hs.get(i + 1)).append("\r\n");
      }
      req.append("\r\n");
      f.channel().writeAndFlush(Unpooled.copiedBuffer(req, StandardCharsets.ISO_8859_1));
      timeout[0] = engine.clock.schedule(rt, () -> finish(new Result(false, "L7TOUT",
          "Layer7 timeout", -1, null), f.channel()));
    });
  }

  private AtomicBoolean pending;
  private long startedNanos;
  private Cancellable[] timeouts;

  private Result httpResult(String resp) {
    ProxyConfig.HttpCheck hc = backend.config.httpCheck();
    if (!resp.startsWith("HTTP/") || resp.length() < 12) {
      return new Result(false, "L7RSP", "Layer7 invalid response", -1, null);
    }
    int code;
    try {
      code = Integer.parseInt(resp.substring(9, 12));
    } catch (NumberFormatException e) {
      return new Result(false, "L7RSP", "Layer7 invalid response", -1, null);
    }
    String exp = hc.expect();
    boolean ok;
    if (exp == null) {
      ok = code >= 200 && code < 400;
    } else {
      boolean neg = exp.startsWith("!");
      String kind = neg ? exp.substring(1) : exp;
      boolean m = switch (kind) {
        case "status" -> java.util.Arrays.stream(hc.expectValue().split(","))
            .anyMatch(v -> matchStatus(v.strip(), code));
        case "rstatus" -> String.valueOf(code).matches(".*(" + hc.expectValue() + ").*");
        default -> {
          int body = resp.indexOf("\r\n\r\n");
          yield body >= 0 && resp.substring(body + 4).contains(hc.expectValue());
        }
      };
      ok = neg != m;
    }
    if (ok) {
      return new Result(true, "L7OK", "Layer7 check passed", code, null);
    }
    int eol = resp.indexOf('\r');
    if (eol < 0) {
      eol = resp.indexOf('\n');
    }
    String phrase = eol > 13 ? resp.substring(13, eol) : "";
    return new Result(false, "L7STS", "Layer7 wrong status", code, phrase);
  }

  private static boolean matchStatus(String v, int code) {
    int dash = v.indexOf('-');
    if (dash > 0) {
      return code >= Integer.parseInt(v.substring(0, dash))
          && code <= Integer.parseInt(v.substring(dash + 1));
    }
    return v.equals(String.valueOf(code));
  }

  record Result(boolean passed, String status, String desc, int code, String info) {}

  private void finish(Result r, Channel ch) {
    AtomicBoolean p = pending;
    if (p == null || !p.compareAndSet(false, true)) {
      return;
    }
    if (timeouts != null && timeouts[0] != null) {
      timeouts[0].cancel();
    }
    if (ch != null) {
      ch.close();
    }
    long dur = java.time.Duration.ofNanos(engine.clock.nanoTime() - startedNanos).toMillis();
    engine.clock.schedule(Duration.ZERO, () -> record(r, dur));
  }

  /**
   * Applies a result (on the clock's thread) and logs as HAProxy does.
   *
   * @param r the result
   * @param durMs the check duration
   */
  void record(Result r, long durMs) {
    server.checkStatus = r.status();
    server.checkCode = r.code();
    server.checkDesc = r.desc();
    server.checkInfo = r.info() == null ? "" : r.info();
    server.checkDurationMs = durMs;
    CheckLogic.Transition t = CheckLogic.apply(server, r.passed());
    String reason = "reason: " + r.desc() + (r.code() >= 0 ? ", code: " + r.code() : "")
        + (r.info() != null ? ", info: \"" + r.info() + "\"" : "") + ", check duration: " + durMs
        + "ms";
    if (t != CheckLogic.Transition.NONE) {
      backend.refresh(server);
      int act = backend.balancer.activeServers();
      int bck = backend.balancer.backupServers();
      if (t == CheckLogic.Transition.WENT_DOWN) {
        LOG.warn("Server {}/{} is DOWN, {}. {} active and {} backup servers left. {} sessions "
            + "active, 0 requeued, {} remaining in queue.", backend.config.name(), server.name(),
            reason, act, bck, server.counters.scur.get(), server.queue.size());
      } else {
        LOG.warn("Server {}/{} is UP, {}. {} active and {} backup servers online. 0 sessions "
            + "requeued, {} total in queue.", backend.config.name(), server.name(), reason, act,
            bck, backend.queued());
      }
    } else if (backend.config.option("log-health-checks")) {
      LOG.info("Health check for server {}/{} {}, {}, status: {}.", backend.config.name(),
          server.name(), r.passed() ? "succeeded" : "failed", reason, server.status());
    }
    schedule(CheckLogic.nextInterval(server));
  }
}
