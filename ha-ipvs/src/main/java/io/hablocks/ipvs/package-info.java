/**
 * ha-ipvs: the kernel's IPVS schedulers as fast pickers, the IPVS generic-netlink client, keepalived-style health checkers.
 * Not built yet; see the module README.
 */
package io.hablocks.ipvs;
