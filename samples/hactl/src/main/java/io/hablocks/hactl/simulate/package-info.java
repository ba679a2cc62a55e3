/**
 * {@code hactl simulate}: crm_simulate-compatible output of ha-crm's scheduler, and the
 * conformance run over Pacemaker's scheduler suite.
 */
package io.hablocks.hactl.simulate;
