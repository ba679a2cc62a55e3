/**
 * ha-netlink: the only place ha-blocks calls native code (JNR-FFI to libc). Typed operations,
 * never raw pointers: {@link io.hablocks.netlink.RawIpSocket} (raw IP, multicast, TTL/TOS,
 * recvmsg ancillary data, poll), {@link io.hablocks.netlink.PacketSocket} (AF_PACKET frames),
 * {@link io.hablocks.netlink.NetNamespace} (open sockets inside a named network namespace), the
 * netlink codec ({@link io.hablocks.netlink.NetlinkMessage}, {@link io.hablocks.netlink.Attributes},
 * {@link io.hablocks.netlink.NetlinkSocket}), {@link io.hablocks.netlink.Rtnetlink} and
 * {@link io.hablocks.netlink.GenericNetlink}. Every native failure is a
 * {@link io.hablocks.netlink.NativeException} naming the call and the errno.
 */
package io.hablocks.netlink;
