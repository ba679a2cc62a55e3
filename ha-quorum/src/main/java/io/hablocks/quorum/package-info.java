/**
 * ha-quorum: corosync's votequorum semantics and the membership engines (in-JVM, JGroups, corosync).
 * Not built yet; see the module README.
 */
package io.hablocks.quorum;
