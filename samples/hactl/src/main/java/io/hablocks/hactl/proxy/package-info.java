/**
 * {@code hactl proxy}: ha-haproxy-compat as a command-line drop-in for {@code haproxy}
 * ({@code -f}, {@code -c}, {@code -d}, {@code -p}).
 */
package io.hablocks.hactl.proxy;
