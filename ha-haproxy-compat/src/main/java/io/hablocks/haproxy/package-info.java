/**
 * ha-haproxy-compat: HAProxy 2.6's haproxy.cfg, balance algorithms, health checks, stats and
 * runtime API, with a Netty proxy. Start at {@link io.hablocks.haproxy.HaproxyConfig}.
 */
package io.hablocks.haproxy;
