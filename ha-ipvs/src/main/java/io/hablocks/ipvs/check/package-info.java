/**
 * keepalived-style health checkers for IPVS real servers: TCP_CHECK, HTTP_GET, SSL_GET and
 * MISC_CHECK with keepalived's timers on the ha-api Clock, driving a {@link
 * io.hablocks.ipvs.VirtualServer}'s destinations (weight 0 or removal, quorum with hysteresis,
 * sorry server, notify hooks), and the virtual_server part of keepalived.conf.
 */
package io.hablocks.ipvs.check;
