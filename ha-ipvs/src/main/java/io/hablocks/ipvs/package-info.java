/**
 * ha-ipvs: the Linux kernel's IPVS schedulers (rr, wrr, lc, wlc, lblc, lblcr, dh, sh, sed, nq,
 * mh, fo, ovf, twos) as lock-free pickers of ha-api's load-balancing SPI, a {@link
 * io.hablocks.ipvs.VirtualServer} that keeps destinations and counters as the kernel does, and
 * the scenario replay ({@link io.hablocks.ipvs.Scenario}) that the kernel comparison runs.
 */
package io.hablocks.ipvs;
