/**
 * The load-balancing SPI: a {@link io.hablocks.api.lb.Scheduler} turns an immutable server list
 * into an immutable, thread-safe {@link io.hablocks.api.lb.Picker}, replaced on every change.
 */
package io.hablocks.api.lb;
