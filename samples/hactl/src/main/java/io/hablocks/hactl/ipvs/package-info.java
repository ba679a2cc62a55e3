/**
 * {@code hactl ipvs}: the kernel's IPVS schedulers from ha-ipvs on the command line (scenario
 * replay).
 */
package io.hablocks.hactl.ipvs;
