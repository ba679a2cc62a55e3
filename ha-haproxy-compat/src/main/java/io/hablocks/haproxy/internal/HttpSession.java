package io.hablocks.haproxy.internal;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.codec.haproxy.HAProxyMessage;
import io.netty.handler.codec.haproxy.HAProxyMessageEncoder;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A {@code mode http} client connection: HTTP/1.1 with keep-alive on both sides, one request at
 * a time. Each request is checked (smuggling, framing), goes through the http-request rules and
 * use_backend, gets a server from the balancer (or waits in the queue), and is relayed with its
 * body streamed; the response is streamed back. Header names are sent lowercase, as HAProxy's
 * HTX does. Timeouts: http-request / http-keep-alive (waiting for a request), client (idle
 * client), server (waiting for the server), connect.
 */
final class HttpSession extends ChannelInboundHandlerAdapter {

  private enum State { WAIT_REQUEST, ASSIGNING, SENDING, WAIT_RESPONSE, DISCARD_BODY, TUNNEL, CLOSED }

  private final ProxyEngine engine;
  private final FrontendRuntime frontend;
  private final ByteCounter bytes;
  private Channel client;
  private InetAddress source;
  private InetSocketAddress sourceAddress;
  private State state = State.WAIT_REQUEST;
  private boolean waitProxyHeader;
  private ScheduledFuture<?> requestTimer;
  private boolean firstRequest = true;

  // current request
  private BackendRuntime backend;
  private RequestHead head;
  private HttpRequest outgoing;
  private boolean clientKeepAlive;
  private boolean requestComplete;
  private final ArrayDeque<HttpContent> pendingBody = new ArrayDeque<>();
  private final ArrayDeque<Object> inbound = new ArrayDeque<>();
  private ServerRuntime slot;
  private int attempts;
  private boolean responseStarted;
  private boolean clientInputShut;
  private boolean requestCounted;
  private boolean backendOpen;

  // server connection (kept alive between requests)
  private Channel server;
  private ServerRuntime serverOf;
  private boolean serverKeepAlive;
  private boolean serverBusy;

  HttpSession(ProxyEngine engine, FrontendRuntime frontend, ByteCounter bytes, boolean acceptProxy) {
    this.engine = engine;
    this.frontend = frontend;
    this.bytes = bytes;
    this.waitProxyHeader = acceptProxy;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    client = ctx.channel();
    if (client.remoteAddress() instanceof InetSocketAddress a) {
      sourceAddress = a;
      source = a.getAddress();
    }
    armRequestTimer();
    client.read();
    ctx.fireChannelActive();
  }

  private void armRequestTimer() {
    cancelRequestTimer();
    Duration t = null;
    if (!firstRequest) {
      t = frontend.config.timeout("http-keep-alive").orElse(null);
    }
    if (t == null) {
      t = frontend.config.timeout("http-request").or(() -> frontend.config.timeout("client"))
          .orElse(null);
    }
    if (t != null && t.toMillis() > 0) {
      requestTimer = client.eventLoop().schedule(this::requestTimeout, t.toMillis(),
          TimeUnit.MILLISECONDS);
    }
  }

  private void cancelRequestTimer() {
    if (requestTimer != null) {
      requestTimer.cancel(false);
      requestTimer = null;
    }
  }

  private void requestTimeout() {
    requestTimer = null;
    if (state != State.WAIT_REQUEST) {
      return;
    }
    if (bytes.sinceRequest > 0) {
      frontend.counters.ereq.increment();
      error(408);
    } else {
      close();
    }
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (state == State.TUNNEL) {
      if (server != null && msg instanceof io.netty.buffer.ByteBuf) {
        server.writeAndFlush(msg);
      } else {
        ReferenceCountUtil.release(msg);
      }
      return;
    }
    if (msg instanceof HAProxyMessage m) {
      try {
        if (m.sourceAddress() != null) {
          sourceAddress = new InetSocketAddress(m.sourceAddress(), m.sourcePort());
          source = sourceAddress.getAddress();
        }
      } finally {
        m.release();
      }
      bytes.sinceRequest = 0;
      client.read();
      return;
    }
    if (!inbound.isEmpty() || msg instanceof HttpRequest && state != State.WAIT_REQUEST
        && state != State.CLOSED) {
      // a pipelined request while one is in flight: keep it (and its body) for later
      inbound.add(msg);
      return;
    }
    dispatch(msg);
  }

  private void dispatch(Object msg) {
    if (msg instanceof HttpRequest req) {
      onRequest(req);
    }
    if (msg instanceof HttpContent c) {
      onContent(c);
    } else if (!(msg instanceof HttpRequest)) {
      ReferenceCountUtil.release(msg);
    }
  }

  /** Replays pipelined requests kept while the previous one was in flight. */
  private void drainInbound() {
    while (!inbound.isEmpty() && state == State.WAIT_REQUEST) {
      Object m = inbound.poll();
      dispatch(m);
      while (!inbound.isEmpty() && !(inbound.peek() instanceof HttpRequest)
          && state != State.CLOSED) {
        dispatch(inbound.poll());
      }
    }
    if (inbound.isEmpty() && state == State.WAIT_REQUEST) {
      client.read();
    }
  }

  private void onRequest(HttpRequest req) {
    if (state != State.WAIT_REQUEST) {
      ReferenceCountUtil.release(req);
      return;
    }
    cancelRequestTimer();
    frontend.counters.reqTot.increment();
    engine.cumReq.increment();
    requestCounted = true;
    if (req.decoderResult().isFailure() || !wellFormed(req)) {
      frontend.counters.ereq.increment();
      error(400);
      return;
    }
    firstRequest = false;
    bytes.sinceRequest = 0;
    requestComplete = false;
    responseStarted = false;
    attempts = 0;
    HttpHeaders h = req.headers();
    List<String[]> hs = new ArrayList<>(h.size());
    for (Map.Entry<String, String> e : h) {
      hs.add(new String[] {e.getKey().toLowerCase(java.util.Locale.ROOT), e.getValue()});
    }
    head = new RequestHead(req.method().name(), req.uri(), req.protocolVersion().text(), hs, source);
    clientKeepAlive = io.netty.handler.codec.http.HttpUtil.isKeepAlive(req)
        && !frontend.config.option("httpclose");
    if (applyRules(frontend)) {
      return;
    }
    backend = frontend.selectBackend(head);
    if (backend == null) {
      error(503);
      return;
    }
    if (backend.config != frontend.config && applyRules(frontendOf(backend))) {
      return;
    }
    String statsUri = backend.config.statsUri();
    if (statsUri != null && head.path().startsWith(statsUri)) {
      statsPage(head.uri().contains(";csv"));
      return;
    }
    if (frontend.config.option("forwardfor") || backend.config.option("forwardfor")) {
      String name = backend.config.option("forwardfor") ? backend.config.forwardforHeader()
          : frontend.config.forwardforHeader();
      if (source != null) {
        head.add(name.toLowerCase(java.util.Locale.ROOT), source.getHostAddress());
      }
    }
    DefaultHttpHeaders out = new DefaultHttpHeaders(false);
    for (String[] x : head.headers()) {
      String n = x[0].toLowerCase(java.util.Locale.ROOT);
      if (n.equals("connection") || n.equals("keep-alive") || n.equals("proxy-connection")) {
        continue;
      }
      out.add(n, x[1]);
    }
    outgoing = new DefaultHttpRequest(HttpVersion.HTTP_1_1, req.method(), req.uri(), out);
    backend.counters.reqTot.increment();
    backend.counters.open();
    backendOpen = true;
    state = State.ASSIGNING;
    assign(null);
  }

  private FrontendRuntime frontendOf(BackendRuntime b) {
    return engine.rulesOf(b);
  }

  private static boolean wellFormed(HttpRequest req) {
    HttpHeaders h = req.headers();
    List<String> cl = h.getAll("content-length");
    List<String> te = h.getAll("transfer-encoding");
    if (!te.isEmpty()) {
      if (!cl.isEmpty()) {
        return false; // conflicting framing: refuse (smuggling)
      }
      if (req.protocolVersion().equals(HttpVersion.HTTP_1_0)) {
        return false;
      }
      String all = String.join(",", te).toLowerCase(java.util.Locale.ROOT).replace(" ", "");
      if (!all.equals("chunked")) {
        return false; // only a single "chunked" is accepted
      }
    }
    if (cl.size() > 1) {
      String first = cl.get(0).strip();
      for (String v : cl) {
        if (!v.strip().equals(first)) {
          return false;
        }
      }
    }
    for (String v : cl) {
      for (String part : v.split(",")) {
        String p = part.strip();
        if (p.isEmpty() || p.length() > 18 || !p.chars().allMatch(Character::isDigit)) {
          return false;
        }
      }
    }
    for (Map.Entry<String, String> e : h) {
      String n = e.getKey();
      if (n.isEmpty() || n.indexOf(' ') >= 0 || n.indexOf('\t') >= 0) {
        return false;
      }
    }
    return true;
  }

  /** @return true if a rule answered the request */
  private boolean applyRules(FrontendRuntime rules) {
    if (rules == null) {
      return false;
    }
    for (FrontendRuntime.CompiledRule c : rules.httpRules) {
      if (!c.when().test(head)) {
        continue;
      }
      List<String> a = c.rule().arguments();
      switch (c.rule().action()) {
        case "allow" -> {
          return false;
        }
        case "set-header" -> head.set(a.get(0).toLowerCase(java.util.Locale.ROOT), format(a.get(1)));
        case "add-header" -> head.add(a.get(0).toLowerCase(java.util.Locale.ROOT), format(a.get(1)));
        case "del-header" -> head.remove(a.get(0));
        case "deny" -> {
          int status = 403;
          for (int i = 0; i + 1 < a.size(); i++) {
            if (a.get(i).equals("deny_status") || a.get(i).equals("status")) {
              status = Integer.parseInt(a.get(i + 1));
            }
          }
          rules.counters.dreq.increment();
          frontend.counters.dreq.increment();
          error(status);
          return true;
        }
        case "return" -> {
          int status = 200;
          String type = null;
          String body = "";
          for (int i = 0; i + 1 < a.size(); i++) {
            switch (a.get(i)) {
              case "status" -> status = Integer.parseInt(a.get(++i));
              case "content-type" -> type = a.get(++i);
              case "string", "lf-string" -> body = format(a.get(++i));
              default -> { }
            }
          }
          FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
              HttpResponseStatus.valueOf(status, HttpErrors.reason(status)),
              Unpooled.copiedBuffer(body, StandardCharsets.UTF_8),
              new DefaultHttpHeaders(false), new DefaultHttpHeaders(false));
          r.headers().set("content-length", r.content().readableBytes());
          if (type != null) {
            r.headers().set("content-type", type);
          }
          localResponse(r, status);
          return true;
        }
        case "redirect" -> {
          String kind = a.get(0);
          String target = a.get(1);
          int code = 302;
          for (int i = 2; i + 1 < a.size(); i++) {
            if (a.get(i).equals("code")) {
              code = Integer.parseInt(a.get(i + 1));
            }
          }
          String loc = switch (kind) {
            case "prefix" -> target + head.uri();
            case "scheme" -> target + "://" + String.valueOf(head.firstHeader("host"))
                + head.uri();
            default -> target;
          };
          FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
              HttpResponseStatus.valueOf(code, HttpErrors.reason(code)), Unpooled.EMPTY_BUFFER,
              new DefaultHttpHeaders(false), new DefaultHttpHeaders(false));
          r.headers().set("content-length", 0);
          r.headers().set("location", loc);
          localResponse(r, code);
          return true;
        }
        default -> { }
      }
    }
    return false;
  }

  private String format(String f) {
    if (f.indexOf('%') < 0) {
      return f;
    }
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < f.length(); i++) {
      char ch = f.charAt(i);
      if (ch == '%' && f.startsWith("%[", i)) {
        int end = f.indexOf(']', i);
        if (end > 0) {
          String expr = f.substring(i + 2, end);
          byte[] v = HashKey.isSupported(expr) && !expr.equals("src") ? HashKey.sample(expr, head)
              : null;
          if (expr.equals("src")) {
            sb.append(source == null ? "" : source.getHostAddress());
          } else if (v != null) {
            sb.append(new String(v, StandardCharsets.ISO_8859_1));
          }
          i = end;
          continue;
        }
      }
      if (ch == '%' && f.startsWith("%ci", i)) {
        sb.append(source == null ? "" : source.getHostAddress());
        i += 2;
        continue;
      }
      sb.append(ch);
    }
    return sb.toString();
  }

  private void statsPage(boolean csv) {
    String body = csv ? StatsCsv.render(engine) : StatsCsv.html(engine);
    FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
        Unpooled.copiedBuffer(body, StandardCharsets.UTF_8), new DefaultHttpHeaders(false),
        new DefaultHttpHeaders(false));
    r.headers().set("cache-control", "no-cache");
    r.headers().set("content-type", csv ? "text/plain" : "text/html");
    r.headers().set("content-length", r.content().readableBytes());
    localResponse(r, 200);
  }

  private void localResponse(FullHttpResponse r, int status) {
    frontend.counters.response(status);
    if (!clientKeepAlive) {
      r.headers().set("connection", "close");
    }
    state = State.DISCARD_BODY;
    client.writeAndFlush(r).addListener((ChannelFutureListener) f -> {
      if (!clientKeepAlive) {
        close();
      }
    });
    // the request body (if any) is read and dropped; the next request follows
    client.read();
  }

  private void assign(ServerRuntime avoid) {
    backend.assign(head, avoid, new BackendRuntime.Assignment() {
      @Override
      public void assigned(ServerRuntime s) {
        if (client.eventLoop().inEventLoop()) {
          onAssigned(s);
        } else {
          client.eventLoop().execute(() -> onAssigned(s));
        }
      }

      @Override
      public void failed(int status) {
        client.eventLoop().execute(() -> {
          if (state != State.CLOSED) {
            error(status);
          }
        });
      }
    });
  }

  private void onAssigned(ServerRuntime s) {
    if (state == State.CLOSED) {
      backend.release(s);
      return;
    }
    slot = s;
    attempts++;
    s.counters.open();
    s.counters.reqTot.increment();
    if (server != null && server.isActive() && serverOf == s && serverKeepAlive) {
      send();
      return;
    }
    detachServer();
    Channel pooled = ServerPool.take(client.eventLoop(), s);
    if (pooled != null) {
      ((ServerSide) pooled.pipeline().get("ss")).owner = this;
      server = pooled;
      serverOf = s;
      serverKeepAlive = true;
      send();
      return;
    }
    s.counters.connTot.increment();
    Duration ct = backend.config.timeout("connect").orElse(Duration.ofSeconds(5));
    long st = backend.config.timeout("server").map(Duration::toMillis).orElse(0L);
    Bootstrap b = new Bootstrap().group(client.eventLoop()).channel(engine.transport.channel())
        .option(ChannelOption.TCP_NODELAY, true)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.max(1, ct.toMillis()))
        .handler(new ChannelInitializer<Channel>() {
          @Override
          protected void initChannel(Channel ch) {
            if (st > 0) {
              ch.pipeline().addLast(new IdleStateHandler(st, 0, 0, TimeUnit.MILLISECONDS));
            }
            if (s.config.sendProxy() > 0) {
              ch.pipeline().addLast(HAProxyMessageEncoder.INSTANCE);
            }
            ch.pipeline().addLast("httpc", new HttpClientCodec(8192, 32768, 65536));
            ch.pipeline().addLast("ss", new ServerSide(s, HttpSession.this));
          }
        });
    b.connect(engine.resolve(s)).addListener((ChannelFutureListener) f -> {
      if (!f.isSuccess()) {
        connectFailed(s);
        return;
      }
      if (state == State.CLOSED) {
        f.channel().close();
        return;
      }
      server = f.channel();
      serverOf = s;
      serverKeepAlive = true;
      if (s.config.sendProxy() > 0) {
        server.write(ProxyProtocol.message(s.config.sendProxy(), sourceAddress,
            (InetSocketAddress) client.localAddress()));
      }
      send();
    });
  }

  private void connectFailed(ServerRuntime s) {
    s.counters.econ.increment();
    backend.counters.econ.increment();
    s.counters.close();
    backend.release(s);
    slot = null;
    if (state == State.CLOSED) {
      return;
    }
    if (attempts <= backend.config.retries()) {
      s.counters.wretr.increment();
      backend.counters.wretr.increment();
      ServerRuntime avoid = null;
      if (backend.config.option("redispatch")) {
        avoid = s;
        s.counters.wredis.increment();
        backend.counters.wredis.increment();
      }
      assign(avoid);
    } else {
      error(503);
    }
  }

  private void send() {
    serverBusy = true;
    state = requestComplete ? State.WAIT_RESPONSE : State.SENDING;
    server.write(outgoing);
    while (!pendingBody.isEmpty()) {
      HttpContent c = pendingBody.poll();
      server.write(c);
    }
    server.flush();
    if (state == State.SENDING) {
      client.read();
    }
  }

  private void onContent(HttpContent c) {
    boolean last = c instanceof LastHttpContent;
    if (c.decoderResult().isFailure()) {
      c.release();
      frontend.counters.ereq.increment();
      error(400);
      return;
    }
    switch (state) {
      case DISCARD_BODY -> {
        c.release();
        if (last) {
          state = State.WAIT_REQUEST;
          armRequestTimer();
          if (!inbound.isEmpty()) {
            drainInbound();
            return;
          }
        }
        client.read();
      }
      case ASSIGNING -> {
        pendingBody.add(c);
        if (last) {
          requestComplete = true;
        } else if (pendingBody.size() < 16) {
          client.read();
        }
      }
      case SENDING -> {
        if (last) {
          requestComplete = true;
          state = State.WAIT_RESPONSE;
        }
        server.writeAndFlush(c).addListener((ChannelFutureListener) f -> {
          if (!last && state == State.SENDING && server != null && server.isWritable()) {
            client.read();
          }
        });
      }
      default -> {
        // body after the response already started (early response): drop it
        c.release();
        if (last) {
          requestComplete = true;
        }
      }
    }
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    if (client.isWritable() && server != null && state == State.WAIT_RESPONSE) {
      server.read();
    }
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (evt instanceof ChannelInputShutdownEvent && state == State.TUNNEL) {
      close();
      return;
    }
    if (evt instanceof ChannelInputShutdownEvent) {
      clientInputShut = true;
      if (state == State.WAIT_REQUEST || state == State.DISCARD_BODY) {
        if (bytes.sinceRequest > 0 && state == State.WAIT_REQUEST) {
          frontend.counters.ereq.increment();
          error(400);
        } else {
          clientGone();
        }
      }
      return;
    }
    if (evt instanceof IdleStateEvent && state == State.TUNNEL) {
      close();
      return;
    }
    if (evt instanceof IdleStateEvent) {
      // timeout client
      if (state == State.WAIT_REQUEST && bytes.sinceRequest > 0) {
        error(408);
      } else {
        close();
      }
      return;
    }
    ctx.fireUserEventTriggered(evt);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    clientGone();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    clientGone();
  }

  /** The client left: a connection that never sent a request counts as a request error. */
  private void clientGone() {
    if (state == State.WAIT_REQUEST && firstRequest) {
      // HAProxy accounts it as an aborted request answered 400 (logged "CR")
      frontend.counters.ereq.increment();
      frontend.counters.response(400);
      frontend.counters.reqTot.increment();
    }
    close();
  }

  private void error(int status) {
    if (state == State.CLOSED) {
      return;
    }
    frontend.counters.response(status);
    if (backend != null && status >= 500) {
      backend.counters.response(status);
    }
    io.netty.channel.ChannelHandlerContext raw = client.pipeline().context("bytes");
    frontend.counters.bout.add(0);
    state = State.CLOSED;
    raw.writeAndFlush(HttpErrors.response(status)).addListener(ChannelFutureListener.CLOSE);
    closeRest();
  }

  private void close() {
    if (state == State.CLOSED) {
      closeRest();
      return;
    }
    state = State.CLOSED;
    client.close();
    closeRest();
  }

  private void enterTunnel(Channel srv) {
    if (state != State.TUNNEL || srv != server) {
      return;
    }
    if (client.pipeline().get("http") != null) {
      client.pipeline().remove("http");
    }
    if (srv.pipeline().get("httpc") != null) {
      srv.pipeline().remove("httpc");
    }
    frontend.config.timeout("tunnel").or(() -> backend.config.timeout("tunnel")).ifPresent(t -> {
      var idle = client.pipeline().get(IdleStateHandler.class);
      if (idle != null) {
        client.pipeline().replace(idle, "tunnel-idle",
            new IdleStateHandler(0, 0, t.toMillis(), TimeUnit.MILLISECONDS));
      }
      var sidle = srv.pipeline().get(IdleStateHandler.class);
      if (sidle != null) {
        srv.pipeline().replace(sidle, "tunnel-idle",
            new IdleStateHandler(0, 0, t.toMillis(), TimeUnit.MILLISECONDS));
      }
    });
    client.config().setAutoRead(true);
  }

  /** Gives an idle, reusable server connection to the pool, or closes it. */
  private void detachServer() {
    if (server == null) {
      return;
    }
    Channel ch = server;
    server = null;
    boolean idle = !serverBusy && serverKeepAlive && ch.isActive();
    ServerSide side = (ServerSide) ch.pipeline().get("ss");
    if (idle && side != null) {
      side.owner = null;
      ServerPool.offer(ch, side.s);
    } else {
      ch.close();
    }
  }

  private void closeRest() {
    cancelRequestTimer();
    while (!inbound.isEmpty()) {
      ReferenceCountUtil.release(inbound.poll());
    }
    while (!pendingBody.isEmpty()) {
      pendingBody.poll().release();
    }
    if (server != null && !serverBusy && serverKeepAlive) {
      detachServer();
    } else if (server != null) {
      server.close();
      server = null;
    }
    releaseSlot();
    closeBackendSession();
  }

  private void closeBackendSession() {
    if (backendOpen) {
      backendOpen = false;
      backend.counters.close();
    }
  }

  private void releaseSlot() {
    if (slot != null) {
      ServerRuntime s = slot;
      slot = null;
      s.counters.close();
      backend.release(s);
    }
  }

  private void responseDone() {
    serverBusy = false;
    releaseSlot();
    closeBackendSession();
    if (!serverKeepAlive && server != null) {
      server.close();
      server = null;
    }
    if (!clientKeepAlive || clientInputShut) {
      client.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener((ChannelFutureListener) f -> close());
      return;
    }
    client.flush();
    if (!requestComplete) {
      // the server answered before the whole body arrived: drop the rest, then go on
      state = State.DISCARD_BODY;
      client.read();
      return;
    }
    state = State.WAIT_REQUEST;
    bytes.sinceRequest = 0;
    armRequestTimer();
    if (!inbound.isEmpty()) {
      drainInbound();
      return;
    }
    client.read();
  }

  void serverRead(ChannelHandlerContext ctx, Object msg, ServerRuntime s) {
    if (ctx.channel() != server || state == State.CLOSED) {
      ReferenceCountUtil.release(msg);
      return;
    }
    if (state == State.TUNNEL) {
      if (msg instanceof io.netty.buffer.ByteBuf b && b.isReadable()) {
        client.writeAndFlush(msg);
      } else {
        ReferenceCountUtil.release(msg);
      }
      return;
    }
    if (msg instanceof HttpResponse r0 && r0.status().code() == 101) {
      // protocol switch (WebSocket...): forward the answer, then relay raw bytes both ways
      responseStarted = true;
      s.counters.response(101);
      backend.counters.response(101);
      frontend.counters.response(101);
      DefaultHttpHeaders h = new DefaultHttpHeaders(false);
      for (Map.Entry<String, String> e : r0.headers()) {
        h.add(e.getKey().toLowerCase(java.util.Locale.ROOT), e.getValue());
      }
      ReferenceCountUtil.release(msg);
      state = State.TUNNEL;
      serverKeepAlive = false;
      Channel srv = server;
      client.writeAndFlush(new DefaultHttpResponse(HttpVersion.HTTP_1_1, r0.status(), h))
          .addListener((ChannelFutureListener) f -> enterTunnel(srv));
      return;
    }
    if (msg instanceof HttpResponse r) {
      if (r.decoderResult().isFailure()) {
        ReferenceCountUtil.release(msg);
        s.counters.eresp.increment();
        backend.counters.eresp.increment();
        error(502);
        return;
      }
      int code = r.status().code();
      if (code >= 100 && code < 200 && code != 101) {
        // interim response: forward, keep waiting
        client.writeAndFlush(copy(r, true));
        ReferenceCountUtil.release(msg);
        return;
      }
      responseStarted = true;
      serverKeepAlive = io.netty.handler.codec.http.HttpUtil.isKeepAlive(r);
      boolean framed = r.headers().contains("content-length")
          || io.netty.handler.codec.http.HttpUtil.isTransferEncodingChunked(r)
          || code == 204 || code == 304 || head.method().equals("HEAD");
      if (!framed) {
        clientKeepAlive = false;
      }
      s.counters.response(code);
      backend.counters.response(code);
      frontend.counters.response(code);
      client.write(copy(r, false));
    }
    if (msg instanceof HttpContent c) {
      if (!(msg instanceof HttpResponse)) {
        boolean last = c instanceof LastHttpContent;
        client.write(c);
        if (last) {
          responseDone();
        }
        return;
      }
      boolean last = c instanceof LastHttpContent;
      // a full response object: content already part of it
      if (last) {
        responseDone();
      }
    }
  }

  HttpResponse copy(HttpResponse r, boolean interim) {
    DefaultHttpHeaders h = new DefaultHttpHeaders(false);
    for (Map.Entry<String, String> e : r.headers()) {
      String n = e.getKey().toLowerCase(java.util.Locale.ROOT);
      if (n.equals("connection") || n.equals("keep-alive")) {
        continue;
      }
      h.add(n, e.getValue());
    }
    if (!interim && !clientKeepAlive) {
      h.set("connection", "close");
    } else if (!interim && head.version().equals("HTTP/1.0")) {
      h.set("connection", "keep-alive");
    }
    return new DefaultHttpResponse(HttpVersion.HTTP_1_1, r.status(), h);
  }

  void serverReadComplete(ChannelHandlerContext ctx) {
    client.flush();
  }

  void serverEvent(ChannelHandlerContext ctx, Object evt, ServerRuntime s) {
    if (state == State.TUNNEL) {
      if (evt instanceof IdleStateEvent || evt instanceof ChannelInputShutdownEvent) {
        close();
      }
      return;
    }
    if (evt instanceof IdleStateEvent && ctx.channel() == server) {
      if (state == State.WAIT_RESPONSE || state == State.SENDING) {
        if (!responseStarted) {
          s.counters.eresp.increment();
          backend.counters.eresp.increment();
          error(504);
        } else {
          close();
        }
      } else if (state == State.WAIT_REQUEST) {
        ctx.channel().close();
      }
    }
  }

  void serverInactive(ChannelHandlerContext ctx, ServerRuntime s) {
    if (ctx.channel() != server) {
      return;
    }
    if (state == State.TUNNEL) {
      close();
      return;
    }
    server = null;
    if (state == State.WAIT_RESPONSE || state == State.SENDING) {
      if (!responseStarted) {
        s.counters.eresp.increment();
        backend.counters.eresp.increment();
        error(502);
      } else {
        close();
      }
    }
  }



  /**
   * The handler of a server connection. It belongs to the session that leases the connection
   * and, between requests, to the per-event-loop pool of idle server connections (HAProxy's
   * connection reuse), where any event closes it.
   */
  static final class ServerSide extends ChannelInboundHandlerAdapter {
    final ServerRuntime s;
    HttpSession owner;

    ServerSide(ServerRuntime s, HttpSession owner) {
      this.s = s;
      this.owner = owner;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (owner == null) {
        ReferenceCountUtil.release(msg);
        ctx.close();
        return;
      }
      owner.serverRead(ctx, msg, s);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
      if (owner != null) {
        owner.serverReadComplete(ctx);
      }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
      if (owner == null) {
        if (evt instanceof IdleStateEvent) {
          ctx.close();
        }
        return;
      }
      owner.serverEvent(ctx, evt, s);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      if (owner == null) {
        ServerPool.remove(ctx.channel(), s);
        return;
      }
      owner.serverInactive(ctx, s);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.channel().close();
    }
  }

  static HttpMethod method(String m) {
    return HttpMethod.valueOf(m);
  }
}
