/**
 * ha-cib internals: the StAX reader and the writer, the typed-model reader, patchset computation
 * and application, the durable store's file format and replication messages. Not API.
 */
package io.hablocks.cib.internal;
