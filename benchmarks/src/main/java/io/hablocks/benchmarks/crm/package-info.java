/**
 * Benchmarks of ha-crm's scheduler, with Pacemaker's crm_simulate measured in the same run on
 * the same generated CIB.
 */
package io.hablocks.benchmarks.crm;
