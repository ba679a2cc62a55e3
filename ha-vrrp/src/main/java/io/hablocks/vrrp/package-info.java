/**
 * ha-vrrp: VRRP v2 (RFC 3768) and v3 (RFC 5798, IPv4 and IPv6) as keepalived 2.2.7 runs it.
 * {@link io.hablocks.vrrp.VrrpRouter} runs {@link io.hablocks.vrrp.VrrpInstance}s made from
 * {@link io.hablocks.vrrp.VrrpInstanceConfig} (or a keepalived.conf through
 * {@link io.hablocks.vrrp.KeepalivedConfig}); {@link io.hablocks.vrrp.Advertisement} is the packet
 * codec. Every timer runs on ha-api's {@code Clock}.
 */
package io.hablocks.vrrp;
