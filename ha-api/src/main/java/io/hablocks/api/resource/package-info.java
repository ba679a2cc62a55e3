/**
 * The resource agent SPI: an agent class (OCF, LSB, systemd, Java, ...) runs actions on one kind
 * of resource and reports Pacemaker's OCF exit codes and execution status.
 */
package io.hablocks.api.resource;
