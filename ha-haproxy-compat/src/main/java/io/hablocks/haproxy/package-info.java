/**
 * ha-haproxy-compat: haproxy.cfg reader, Netty TCP/HTTP proxy, HAProxy's balance algorithms, health checks, stats and runtime API.
 * Not built yet; see the module README.
 */
package io.hablocks.haproxy;
