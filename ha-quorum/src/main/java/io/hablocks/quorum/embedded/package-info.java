/**
 * The in-JVM cluster: N ha-blocks nodes in one JVM over a simulated network (partition, drop,
 * delay, heal), each with its membership engine and votequorum, deterministic under a manual
 * clock. For tests of anything built on membership and quorum.
 */
package io.hablocks.quorum.embedded;
