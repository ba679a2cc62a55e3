/**
 * Implementation of ha-resources: not API. Agent processes (process groups, timeouts, bounded
 * output), meta-data parsing, the agent classes and the executor's queues.
 */
package io.hablocks.resources.internal;
