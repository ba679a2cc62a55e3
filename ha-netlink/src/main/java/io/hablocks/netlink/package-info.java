/**
 * ha-netlink: JNR-FFI bindings to libc sockets (netlink, raw IP, packet), the netlink message and attribute codec, rtnetlink and generic netlink.
 * Not built yet; see the module README.
 */
package io.hablocks.netlink;
