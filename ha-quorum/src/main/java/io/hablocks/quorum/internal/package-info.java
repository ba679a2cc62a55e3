/**
 * Implementation of ha-quorum: the votequorum core and the in-JVM cluster's simulated network and
 * membership protocol. Not API: may change without notice.
 */
package io.hablocks.quorum.internal;
