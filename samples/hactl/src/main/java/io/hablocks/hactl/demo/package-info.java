/**
 * {@code hactl demo}: a deterministic story on simulated time — an in-JVM three-node cluster
 * (ha-quorum), the replicated CIB (ha-cib), fencing and the recovery gate (ha-stonith) and an
 * IPVS scheduler replay (ha-ipvs) — composed through the modules' public API only.
 */
package io.hablocks.hactl.demo;
