/**
 * ha-crm: Pacemaker 2.1.5's scheduler (placement with roles, transition summary) computed from a
 * CIB read by ha-cib. The scheduler is in {@code io.hablocks.crm.scheduler}; the conformance
 * runner against Pacemaker's own regression suite in {@code io.hablocks.crm.conformance}.
 */
package io.hablocks.crm;
