/**
 * The membership engine SPI: views of who is in the cluster, and broadcast delivered to every
 * member in one total order with view changes in the same order (virtual synchrony).
 */
package io.hablocks.api.membership;
