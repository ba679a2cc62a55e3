/**
 * Benchmarks of ha-ipvs: the pick cost of every IPVS scheduler, beside gRPC-java's and
 * Armeria's weighted round-robin pickers measured in the same run.
 */
package io.hablocks.benchmarks.ipvs;
