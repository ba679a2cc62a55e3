/**
 * The JGroups engine: membership and totally ordered broadcast over a real network in pure Java
 * (TCP with a static member list), for votequorum to decide on.
 */
package io.hablocks.quorum.jgroups;
