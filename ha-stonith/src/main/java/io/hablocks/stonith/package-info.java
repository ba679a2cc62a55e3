/**
 * ha-stonith: the fencer: fence-agents protocol, host maps, topology, history, recovery only after fencing.
 * Not built yet; see the module README.
 */
package io.hablocks.stonith;
