/**
 * The corosync binding: reads quorum and membership from a running corosync 3 through its client
 * libraries (JNR-FFI), in the network namespace of the calling process.
 */
package io.hablocks.quorum.corosync;
