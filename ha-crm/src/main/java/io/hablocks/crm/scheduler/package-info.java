/**
 * The scheduler: a pure function from a CIB (configuration, status and "now") to allocation
 * scores, placement with roles and the transition summary, as Pacemaker 2.1.5 computes them.
 */
package io.hablocks.crm.scheduler;
