/**
 * ha-quorum: corosync 3.1's votequorum — the pure calculator ({@link io.hablocks.quorum.Votequorum}),
 * its configuration with corosync's refusals ({@link io.hablocks.quorum.VotequorumConfig}), the
 * state machine on a membership engine and a Clock ({@link io.hablocks.quorum.VotequorumService}),
 * and Pacemaker's no-quorum-policy ({@link io.hablocks.quorum.NoQuorumPolicy}).
 */
package io.hablocks.quorum;
