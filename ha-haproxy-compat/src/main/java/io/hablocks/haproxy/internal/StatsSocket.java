package io.hablocks.haproxy.internal;

import io.hablocks.haproxy.GlobalConfig;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.handler.codec.LineBasedFrameDecoder;
import io.netty.handler.codec.string.StringDecoder;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The stats socket (unix or TCP): one command line per connection (non-interactive mode), the
 * answer, then close, as {@code echo "show stat" | socat - UNIX:...} expects.
 */
final class StatsSocket implements AutoCloseable {

  private final ProxyEngine engine;
  private final GlobalConfig.StatsSocket config;
  private final RuntimeApi api;
  private Channel channel;

  StatsSocket(ProxyEngine engine, GlobalConfig.StatsSocket config, RuntimeApi api) {
    this.engine = engine;
    this.config = config;
    this.api = api;
  }

  void start(EventLoopGroup group) {
    ServerBootstrap b = new ServerBootstrap().group(group)
        .childHandler(new ChannelInitializer<Channel>() {
          @Override
          protected void initChannel(Channel ch) {
            ch.pipeline().addLast(new LineBasedFrameDecoder(65536));
            ch.pipeline().addLast(new StringDecoder(StandardCharsets.UTF_8));
            ch.pipeline().addLast(new SimpleChannelInboundHandler<String>() {
              @Override
              protected void channelRead0(ChannelHandlerContext ctx, String line) {
                String out = api.execute(line);
                ctx.writeAndFlush(Unpooled.copiedBuffer(out, StandardCharsets.UTF_8))
                    .addListener(ChannelFutureListener.CLOSE);
              }

              @Override
              public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                ctx.close();
              }
            });
          }
        });
    if (config.path() != null) {
      try {
        Files.deleteIfExists(Path.of(config.path()));
      } catch (java.io.IOException e) {
        // bind reports it
      }
      b.channel(engine.transport.domainServerChannel());
      channel = b.bind(new DomainSocketAddress(config.path())).syncUninterruptibly().channel();
    } else {
      b.channel(engine.transport.serverChannel());
      channel = b.bind(new InetSocketAddress(config.host(), config.port())).syncUninterruptibly()
          .channel();
    }
  }

  @Override
  public void close() {
    if (channel != null) {
      channel.close().syncUninterruptibly();
      if (config.path() != null) {
        try {
          Files.deleteIfExists(Path.of(config.path()));
        } catch (java.io.IOException e) {
          // nothing more to do
        }
      }
    }
  }
}
