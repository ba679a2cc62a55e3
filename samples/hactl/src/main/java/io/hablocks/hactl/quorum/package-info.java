/** hactl's {@code quorum} commands: quorum and membership as corosync-quorumtool shows them. */
package io.hablocks.hactl.quorum;
