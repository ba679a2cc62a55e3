/**
 * Implementation of ha-haproxy-compat (config lexer and reader, balancers, proxy, checks,
 * stats); not API, may change at any time.
 */
package io.hablocks.haproxy.internal;
