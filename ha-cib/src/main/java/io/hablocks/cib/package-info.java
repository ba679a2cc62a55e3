/**
 * ha-cib: Pacemaker's Cluster Information Base as an immutable Java model ({@link
 * io.hablocks.cib.Cib}, typed records over a kept {@link io.hablocks.cib.CibElement} tree) with a
 * hardened XML reader/writer ({@link io.hablocks.cib.CibXml}), versions, v2 patchsets, a durable
 * store and replication over the membership SPI.
 */
package io.hablocks.cib;
