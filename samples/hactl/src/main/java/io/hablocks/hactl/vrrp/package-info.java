/**
 * {@code hactl vrrp}: runs the VRRP instances of a keepalived.conf in the foreground with
 * ha-vrrp, as {@code keepalived -n -P} does.
 */
package io.hablocks.hactl.vrrp;
