/**
 * Implementation of ha-stonith: process running with process-group kill, the hardened metadata
 * reader, the fencer's serial event loop and wire codec. Not API: may change at any time.
 */
package io.hablocks.stonith.internal;
