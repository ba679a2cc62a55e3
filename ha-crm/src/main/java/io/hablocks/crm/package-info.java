/**
 * ha-crm: Pacemaker's scheduler (placement and transition graphs) and controller (DC election, execution, recovery).
 * Not built yet; see the module README.
 */
package io.hablocks.crm;
