/**
 * Internal to ha-netlink, not API: the JNR-FFI libc binding, constants and sockaddr encoding.
 */
package io.hablocks.netlink.internal;
