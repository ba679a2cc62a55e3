/**
 * The fence device SPI: a device powers a target node off, on or reboots it, and reports
 * fence-agents' exit codes. The fencer in ha-stonith owns retries, topology and history.
 */
package io.hablocks.api.fence;
