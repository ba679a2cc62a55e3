/**
 * ha-resources: resource agent classes (OCF, LSB, systemd, service, Nagios, stonith, Java) run
 * exactly as Pacemaker runs them, and the executor (Pacemaker's execd) that queues operations,
 * repeats monitors and records each result as an {@link io.hablocks.resources.LrmOperation}.
 */
package io.hablocks.resources;
