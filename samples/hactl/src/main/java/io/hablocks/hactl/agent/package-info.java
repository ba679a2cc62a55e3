/**
 * {@code hactl agent}: list resource agents, show their meta-data, and run one action of an agent
 * outside any cluster (as {@code crm_resource --force-*} does), through ha-resources.
 */
package io.hablocks.hactl.agent;
