/**
 * JMH benchmarks of ha-cib: parse+write of a 2000-resource CIB and a diff of two such CIBs,
 * each beside Pacemaker's crm_diff on the same files.
 */
package io.hablocks.benchmarks.cib;
