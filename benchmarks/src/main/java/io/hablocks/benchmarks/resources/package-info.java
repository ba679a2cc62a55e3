/**
 * Benchmarks of ha-resources: the per-operation overhead of running an OCF agent beside
 * Pacemaker's {@code crm_resource --force-check}, and a load run of 1000 recurring monitors.
 */
package io.hablocks.benchmarks.resources;
