/**
 * ha-resources: resource agent classes (OCF, LSB, systemd, Nagios, stonith, Java) and the executor.
 * Not built yet; see the module README.
 */
package io.hablocks.resources;
