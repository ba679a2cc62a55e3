package io.hablocks.haproxy.internal;

import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.FastThreadLocal;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * Idle keep-alive server connections, per event loop and per server, reused by any client
 * session of that loop (as HAProxy's {@code http-reuse safe} shares idle connections). Accessed
 * only from the loop's own thread.
 */
final class ServerPool {

  /** Most idle connections kept per server and loop. */
  static final int MAX_IDLE = 64;

  private static final FastThreadLocal<Map<ServerRuntime, ArrayDeque<Channel>>> POOLS =
      new FastThreadLocal<>() {
        @Override
        protected Map<ServerRuntime, ArrayDeque<Channel>> initialValue() {
          return new HashMap<>();
        }
      };

  private ServerPool() {}

  static Channel take(EventLoop loop, ServerRuntime s) {
    if (!loop.inEventLoop()) {
      return null;
    }
    ArrayDeque<Channel> q = POOLS.get().get(s);
    while (q != null && !q.isEmpty()) {
      Channel c = q.pollLast();
      if (c.isActive()) {
        return c;
      }
    }
    return null;
  }

  static void offer(Channel c, ServerRuntime s) {
    if (!c.eventLoop().inEventLoop()) {
      c.close();
      return;
    }
    ArrayDeque<Channel> q = POOLS.get().computeIfAbsent(s, k -> new ArrayDeque<>());
    if (q.size() >= MAX_IDLE) {
      c.close();
      return;
    }
    q.addLast(c);
  }

  static void remove(Channel c, ServerRuntime s) {
    if (c.eventLoop().inEventLoop()) {
      ArrayDeque<Channel> q = POOLS.get().get(s);
      if (q != null) {
        q.remove(c);
      }
    }
  }
}
