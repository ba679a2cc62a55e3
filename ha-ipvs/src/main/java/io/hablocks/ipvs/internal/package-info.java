/**
 * Implementation of ha-ipvs: the schedulers' pickers, the kernel's hash functions and tables.
 * Not API: anything here may change without notice.
 */
package io.hablocks.ipvs.internal;
