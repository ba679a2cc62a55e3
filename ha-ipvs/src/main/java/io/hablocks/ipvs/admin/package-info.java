/**
 * ipvsadm's command line over an {@link io.hablocks.ipvs.admin.IpvsTable}: its options, its
 * error messages and exit codes, and its {@code -S} and {@code -L} output. The kernel-backed
 * table (generic netlink, through ha-netlink) is not built yet; {@link
 * io.hablocks.ipvs.admin.MemoryIpvsTable} keeps the kernel's rules in memory.
 */
package io.hablocks.ipvs.admin;
