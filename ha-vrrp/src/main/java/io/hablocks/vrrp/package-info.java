/**
 * ha-vrrp: VRRP v2 (RFC 3768) and v3 (RFC 5798) on the Clock, packet codec, VIPs and gratuitous ARP, keepalived.conf vrrp reader.
 * Not built yet; see the module README.
 */
package io.hablocks.vrrp;
