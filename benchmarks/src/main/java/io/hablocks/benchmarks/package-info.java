/**
 * JMH benchmarks of ha-blocks hot paths; sub-packages mirror the modules they measure. Run with
 * {@code java -jar benchmarks/target/benchmarks.jar} (see benchmarks/README.md).
 */
package io.hablocks.benchmarks;
