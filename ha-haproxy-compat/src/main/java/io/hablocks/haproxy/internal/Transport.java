package io.hablocks.haproxy.internal;

import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;

/** Native epoll when the platform has it, NIO otherwise. */
final class Transport {

  final boolean epoll = Epoll.isAvailable();

  EventLoopGroup group(int threads, String name) {
    IoHandlerFactory f = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
    return new MultiThreadIoEventLoopGroup(threads,
        new io.netty.util.concurrent.DefaultThreadFactory(name, true), f);
  }

  Class<? extends ServerChannel> serverChannel() {
    return epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
  }

  Class<? extends Channel> channel() {
    return epoll ? EpollSocketChannel.class : NioSocketChannel.class;
  }

  Class<? extends ServerChannel> domainServerChannel() {
    if (!epoll) {
      throw new IllegalStateException("unix sockets need native epoll, which is not available here");
    }
    return EpollServerDomainSocketChannel.class;
  }

  ServerChannel inherited(int fd) {
    if (!epoll) {
      throw new IllegalStateException("fd@" + fd + " needs native epoll, which is not available here");
    }
    return new EpollServerSocketChannel(fd);
  }
}
