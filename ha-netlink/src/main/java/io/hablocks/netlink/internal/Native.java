package io.hablocks.netlink.internal;

import io.hablocks.netlink.NativeException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import jnr.ffi.LastError;
import jnr.ffi.LibraryLoader;
import jnr.ffi.Runtime;

/** The loaded libc, errno handling, constants and sockaddr encoding. */
public final class Native {

  /** The libc binding. */
  public static final LibC LIBC = LibraryLoader.create(LibC.class).load("c");
  /** The JNR runtime of the binding. */
  public static final Runtime RUNTIME = Runtime.getRuntime(LIBC);

  public static final int AF_INET = 2;
  public static final int AF_INET6 = 10;
  public static final int AF_NETLINK = 16;
  public static final int AF_PACKET = 17;
  public static final int SOCK_DGRAM = 2;
  public static final int SOCK_RAW = 3;
  public static final int SOCK_CLOEXEC = 0x80000;
  public static final int SOL_SOCKET = 1;
  public static final int SO_RCVBUF = 8;
  public static final int SO_BINDTODEVICE = 25;
  public static final int IPPROTO_IP = 0;
  public static final int IPPROTO_IPV6 = 41;
  public static final int IP_TOS = 1;
  public static final int IP_TTL = 2;
  public static final int IP_HDRINCL = 3;
  public static final int IP_PKTINFO = 8;
  public static final int IP_RECVTTL = 12;
  public static final int IP_MULTICAST_IF = 32;
  public static final int IP_MULTICAST_TTL = 33;
  public static final int IP_MULTICAST_LOOP = 34;
  public static final int IP_ADD_MEMBERSHIP = 35;
  public static final int IP_DROP_MEMBERSHIP = 36;
  public static final int IPV6_CHECKSUM = 7;
  public static final int IPV6_UNICAST_HOPS = 16;
  public static final int IPV6_MULTICAST_IF = 17;
  public static final int IPV6_MULTICAST_HOPS = 18;
  public static final int IPV6_MULTICAST_LOOP = 19;
  public static final int IPV6_JOIN_GROUP = 20;
  public static final int IPV6_LEAVE_GROUP = 21;
  public static final int IPV6_RECVPKTINFO = 49;
  public static final int IPV6_PKTINFO = 50;
  public static final int IPV6_RECVHOPLIMIT = 51;
  public static final int IPV6_HOPLIMIT = 52;
  public static final int IPV6_RECVTCLASS = 66;
  public static final int IPV6_TCLASS = 67;
  public static final int SOL_NETLINK = 270;
  public static final int NETLINK_EXT_ACK = 11;
  public static final int POLLIN = 1;
  public static final int CLONE_NEWNET = 0x40000000;
  public static final int O_RDONLY = 0;
  public static final int O_CLOEXEC = 0x80000;
  public static final int MSG_DONTWAIT = 0x40;

  private Native() {}

  /** @return the errno of the last call on this thread */
  public static int errno() {
    return LastError.getLastError(RUNTIME);
  }

  /**
   * Throws if a call returned a negative value.
   *
   * @param rc the return value
   * @param call the call and what it was applied to
   * @return rc
   */
  public static long check(long rc, String call) {
    if (rc < 0) {
      throw fail(call);
    }
    return rc;
  }

  /**
   * @param call the call that failed
   * @return an exception naming it and the current errno
   */
  public static NativeException fail(String call) {
    int e = errno();
    return new NativeException(call, e, LIBC.strerror(e));
  }

  /**
   * @param fd a descriptor to close; failures are ignored
   */
  public static void closeQuietly(int fd) {
    if (fd >= 0) {
      LIBC.close(fd);
    }
  }

  /**
   * @param a an address
   * @param port a port (0 for raw sockets)
   * @return struct sockaddr_in or sockaddr_in6 bytes
   */
  public static byte[] sockaddr(InetAddress a, int port) {
    if (a instanceof Inet4Address) {
      ByteBuffer b = ByteBuffer.allocate(16).order(ByteOrder.nativeOrder());
      b.putShort((short) AF_INET);
      b.order(ByteOrder.BIG_ENDIAN).putShort((short) port);
      b.put(a.getAddress());
      return b.array();
    }
    ByteBuffer b = ByteBuffer.allocate(28).order(ByteOrder.nativeOrder());
    b.putShort((short) AF_INET6);
    b.order(ByteOrder.BIG_ENDIAN).putShort((short) port);
    b.putInt(0);
    b.put(a.getAddress());
    int scope = ((Inet6Address) a).getScopeId();
    b.order(ByteOrder.nativeOrder()).putInt(scope);
    return b.array();
  }

  /**
   * @param raw 4 or 16 bytes
   * @return the address
   */
  public static InetAddress address(byte[] raw) {
    try {
      return InetAddress.getByAddress(raw);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("bad address length " + raw.length, e);
    }
  }

  /**
   * @param raw buffer
   * @param off offset
   * @param len 4 or 16
   * @return the address
   */
  public static InetAddress address(byte[] raw, int off, int len) {
    return address(Arrays.copyOfRange(raw, off, off + len));
  }

  /** @param v an int @return its 4 native-order bytes */
  public static byte[] intBytes(int v) {
    return ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(v).array();
  }
}
