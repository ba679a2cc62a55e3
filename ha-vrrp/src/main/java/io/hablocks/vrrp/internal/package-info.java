/**
 * Internal to ha-vrrp, not API: the state machine, the instance runtime, the network transport
 * over ha-netlink, frames, checksums and the keepalived.conf parser.
 */
package io.hablocks.vrrp.internal;
