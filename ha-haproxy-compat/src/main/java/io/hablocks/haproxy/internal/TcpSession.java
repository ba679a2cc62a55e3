package io.hablocks.haproxy.internal;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.codec.haproxy.HAProxyMessage;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A {@code mode tcp} session: pick a server for the connection, connect (with retries and
 * redispatch), then relay bytes both ways with back-pressure and half-close, closing both sides
 * on {@code timeout client} / {@code timeout server} inactivity.
 */
final class TcpSession extends ChannelInboundHandlerAdapter {

  private final ProxyEngine engine;
  private final FrontendRuntime frontend;
  private final BackendRuntime backend;
  private Channel client;
  private Channel server;
  private ServerRuntime slot;
  private InetAddress source;
  private InetSocketAddress sourceAddress;
  private boolean waitProxyHeader;
  private boolean closed;
  private int attempts;
  private boolean clientInputShut;
  private boolean serverInputShut;

  TcpSession(ProxyEngine engine, FrontendRuntime frontend, boolean acceptProxy) {
    this.engine = engine;
    this.frontend = frontend;
    this.backend = frontend.defaultBackend;
    this.waitProxyHeader = acceptProxy;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    client = ctx.channel();
    if (client.remoteAddress() instanceof InetSocketAddress a) {
      sourceAddress = a;
      source = a.getAddress();
    }
    if (waitProxyHeader) {
      client.read();
    } else {
      start();
    }
    ctx.fireChannelActive();
  }

  private void start() {
    if (backend == null) {
      close();
      return;
    }
    backend.counters.open();
    backend.assign(RequestHead.connection(source), null, new BackendRuntime.Assignment() {
      @Override
      public void assigned(ServerRuntime s) {
        client.eventLoop().execute(() -> connect(s));
      }

      @Override
      public void failed(int status) {
        client.eventLoop().execute(TcpSession.this::close);
      }
    });
  }

  private void connect(ServerRuntime s) {
    if (closed) {
      backend.release(s);
      return;
    }
    slot = s;
    attempts++;
    s.counters.open();
    s.counters.connTot.increment();
    Duration ct = backend.config.timeout("connect").orElse(Duration.ofSeconds(5));
    Bootstrap b = new Bootstrap().group(client.eventLoop()).channel(engine.transport.channel())
        .option(ChannelOption.AUTO_READ, false)
        .option(ChannelOption.ALLOW_HALF_CLOSURE, true)
        .option(ChannelOption.TCP_NODELAY, true)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.max(1, ct.toMillis()))
        .handler(new io.netty.channel.ChannelInitializer<Channel>() {
          @Override
          protected void initChannel(Channel ch) {
            // once both sides are connected, "timeout tunnel" replaces client and server
            long st = backend.config.timeout("tunnel").or(() -> backend.config.timeout("server"))
                .map(Duration::toMillis).orElse(0L);
            if (st > 0) {
              ch.pipeline().addLast(new IdleStateHandler(0, 0, st, TimeUnit.MILLISECONDS));
            }
            if (s.config.sendProxy() > 0) {
              ch.pipeline().addLast(io.netty.handler.codec.haproxy.HAProxyMessageEncoder.INSTANCE);
            }
            ch.pipeline().addLast(new Relay(false));
          }
        });
    b.connect(engine.resolve(s)).addListener((ChannelFutureListener) f -> {
      if (!f.isSuccess()) {
        s.counters.econ.increment();
        s.counters.close();
        backend.counters.econ.increment();
        backend.release(s);
        slot = null;
        if (closed) {
          return;
        }
        if (attempts <= backend.config.retries()) {
          s.counters.wretr.increment();
          backend.counters.wretr.increment();
          ServerRuntime avoid = backend.config.option("redispatch") ? s : null;
          if (avoid != null) {
            s.counters.wredis.increment();
            backend.counters.wredis.increment();
          }
          backend.assign(RequestHead.connection(source), avoid, new BackendRuntime.Assignment() {
            @Override
            public void assigned(ServerRuntime n) {
              client.eventLoop().execute(() -> connect(n));
            }

            @Override
            public void failed(int status) {
              client.eventLoop().execute(TcpSession.this::close);
            }
          });
        } else {
          close();
        }
        return;
      }
      server = f.channel();
      if (closed) {
        server.close();
        return;
      }
      if (s.config.sendProxy() > 0) {
        server.write(ProxyProtocol.message(s.config.sendProxy(), sourceAddress,
            (InetSocketAddress) client.localAddress()));
      }
      server.flush();
      backend.config.timeout("tunnel").ifPresent(t -> {
        var idle = client.pipeline().get(IdleStateHandler.class);
        if (idle != null) {
          client.pipeline().replace(idle, "tunnel-idle",
              new IdleStateHandler(0, 0, t.toMillis(), TimeUnit.MILLISECONDS));
        }
      });
      client.read();
      server.read();
    });
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof HAProxyMessage m) {
      try {
        if (m.sourceAddress() != null) {
          sourceAddress = new InetSocketAddress(m.sourceAddress(), m.sourcePort());
          source = sourceAddress.getAddress();
        }
      } finally {
        m.release();
      }
      waitProxyHeader = false;
      start();
      return;
    }
    if (server == null) {
      // should not happen: we read only once connected
      io.netty.util.ReferenceCountUtil.release(msg);
      return;
    }
    server.writeAndFlush(msg).addListener((ChannelFutureListener) f -> {
      if (f.isSuccess()) {
        if (server.isWritable()) {
          client.read();
        }
      } else {
        close();
      }
    });
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    if (client.isWritable() && server != null) {
      server.read();
    }
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (evt instanceof ChannelInputShutdownEvent) {
      clientInputShut = true;
      if (server != null && server.isActive()) {
        ((DuplexChannel) server).shutdownOutput();
      }
      if (serverInputShut || server == null) {
        close();
      }
      return;
    }
    if (evt instanceof IdleStateEvent) {
      close();
      return;
    }
    ctx.fireUserEventTriggered(evt);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    close();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    close();
  }

  void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (client != null) {
      client.close();
    }
    if (server != null) {
      server.close();
    }
    if (slot != null) {
      slot.counters.close();
      backend.release(slot);
      slot = null;
    }
    if (backend != null) {
      backend.counters.close();
    }
  }

  /** The server side of the relay. */
  private final class Relay extends ChannelInboundHandlerAdapter {
    Relay(boolean unused) {}

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (msg instanceof ByteBuf b && slot != null) {
        slot.counters.bout.add(b.readableBytes());
      }
      client.writeAndFlush(msg).addListener((ChannelFutureListener) f -> {
        if (f.isSuccess()) {
          if (client.isWritable()) {
            ctx.channel().read();
          }
        } else {
          close();
        }
      });
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
      if (ctx.channel().isWritable()) {
        client.read();
      }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
      if (evt instanceof ChannelInputShutdownEvent) {
        serverInputShut = true;
        ((DuplexChannel) client).shutdownOutput();
        if (clientInputShut) {
          close();
        }
        return;
      }
      if (evt instanceof IdleStateEvent) {
        close();
      }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      close();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      close();
    }
  }
}
