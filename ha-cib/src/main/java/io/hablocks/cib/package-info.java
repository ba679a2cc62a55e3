/**
 * ha-cib: Pacemaker's Cluster Information Base: immutable model, hardened XML, versions, v2 patchsets, durable store, replication.
 * Not built yet; see the module README.
 */
package io.hablocks.cib;
