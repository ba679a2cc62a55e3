/**
 * Benchmarks of ha-haproxy-compat's hot paths: HAProxy's balance algorithms behind the lb SPI,
 * against a lock-free round-robin baseline measured in the same run.
 */
package io.hablocks.benchmarks.haproxy;
