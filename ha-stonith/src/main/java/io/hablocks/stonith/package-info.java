/**
 * ha-stonith, the fencer: fence agents run through the fence-agents stdin protocol and their
 * meta-data, Pacemaker's device parameters, fencing topology, merged requests, history, and the
 * gate that keeps a failed node's resources from being recovered before it is fenced.
 */
package io.hablocks.stonith;
