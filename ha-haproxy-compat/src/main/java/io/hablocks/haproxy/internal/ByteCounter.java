package io.hablocks.haproxy.internal;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;

/** Counts bytes in and out of a client connection, and bytes since the last request ended. */
final class ByteCounter extends ChannelDuplexHandler {

  private final Counters counters;
  long sinceRequest;

  ByteCounter(Counters counters) {
    this.counters = counters;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof ByteBuf b) {
      counters.bin.add(b.readableBytes());
      sinceRequest += b.readableBytes();
    }
    ctx.fireChannelRead(msg);
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    if (msg instanceof ByteBuf b) {
      counters.bout.add(b.readableBytes());
    }
    ctx.write(msg, promise);
  }
}
