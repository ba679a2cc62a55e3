package io.hablocks.netlink;

import io.hablocks.netlink.internal.Native;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Arrays;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;

/**
 * A raw IP socket for one IP protocol (VRRP is 112), IPv4 or IPv6, with the options a VRRP
 * router needs: bind to a device, multicast join/leave on an interface, multicast interface, TTL
 * and hop limits, TOS / traffic class, IP_HDRINCL, and receive with ancillary data (TTL / hop
 * limit, interface index, destination address). Every failing call throws {@link NativeException}.
 *
 * <pre>{@code
 * try (RawIpSocket s = RawIpSocket.open(false, 112)) {
 *   s.bindToDevice("eth0");
 *   s.joinGroup(InetAddress.getByName("224.0.0.18"), ifindex);
 *   Datagram d = s.receive(Duration.ofSeconds(1)); // null on timeout
 * }
 * }</pre>
 *
 * <p>Sending is thread-safe; receiving is for one thread at a time (it reuses one native buffer).
 */
public final class RawIpSocket implements AutoCloseable {

  private static final int BUF = 65536;
  private static final int CONTROL = 256;

  private final int fd;
  private final boolean ipv6;
  private final int protocol;
  private final Pointer mem;
  private final Object recvLock = new Object();
  private volatile boolean closed;

  private RawIpSocket(int fd, boolean ipv6, int protocol) {
    this.fd = fd;
    this.ipv6 = ipv6;
    this.protocol = protocol;
    this.mem = Memory.allocateDirect(Native.RUNTIME, 64 + 16 + 32 + CONTROL + BUF);
  }

  /**
   * Opens a raw socket in the calling thread's network namespace (see {@link NetNamespace}) and
   * asks for the ancillary data {@link #receive} reports.
   *
   * @param ipv6 true for AF_INET6, false for AF_INET
   * @param protocol the IP protocol, 112 for VRRP
   * @return the socket
   */
  public static RawIpSocket open(boolean ipv6, int protocol) {
    int fam = ipv6 ? Native.AF_INET6 : Native.AF_INET;
    int fd = (int) Native.check(
        Native.LIBC.socket(fam, Native.SOCK_RAW | Native.SOCK_CLOEXEC, protocol),
        "socket(" + (ipv6 ? "AF_INET6" : "AF_INET") + ", SOCK_RAW, " + protocol + ")");
    RawIpSocket s = new RawIpSocket(fd, ipv6, protocol);
    try {
      if (ipv6) {
        s.setInt(Native.IPPROTO_IPV6, Native.IPV6_RECVPKTINFO, 1, "IPV6_RECVPKTINFO");
        s.setInt(Native.IPPROTO_IPV6, Native.IPV6_RECVHOPLIMIT, 1, "IPV6_RECVHOPLIMIT");
        s.setInt(Native.IPPROTO_IPV6, Native.IPV6_RECVTCLASS, 1, "IPV6_RECVTCLASS");
      } else {
        s.setInt(Native.IPPROTO_IP, Native.IP_PKTINFO, 1, "IP_PKTINFO");
        s.setInt(Native.IPPROTO_IP, Native.IP_RECVTTL, 1, "IP_RECVTTL");
      }
    } catch (NativeException e) {
      s.close();
      throw e;
    }
    return s;
  }

  /** @return whether this is an IPv6 socket */
  public boolean isIpv6() {
    return ipv6;
  }

  /** @return the IP protocol */
  public int protocol() {
    return protocol;
  }

  private void setInt(int level, int opt, int value, String name) {
    byte[] v = Native.intBytes(value);
    Native.check(Native.LIBC.setsockopt(fd, level, opt, v, 4), "setsockopt(" + name + " " + value + ")");
  }

  /**
   * SO_BINDTODEVICE: only packets of this interface are received and sent.
   *
   * @param device interface name
   * @return this
   */
  public RawIpSocket bindToDevice(String device) {
    byte[] name = Arrays.copyOf(device.getBytes(java.nio.charset.StandardCharsets.US_ASCII),
        device.length() + 1);
    Native.check(Native.LIBC.setsockopt(fd, Native.SOL_SOCKET, Native.SO_BINDTODEVICE, name,
        name.length), "setsockopt(SO_BINDTODEVICE " + device + ")");
    return this;
  }

  /**
   * Binds the local address (the source of packets sent without IP_HDRINCL).
   *
   * @param local the address; an IPv6 link-local address needs its scope id
   * @return this
   */
  public RawIpSocket bind(InetAddress local) {
    byte[] sa = Native.sockaddr(local, 0);
    Native.check(Native.LIBC.bind(fd, sa, sa.length), "bind(" + local.getHostAddress() + ")");
    return this;
  }

  /**
   * Joins a multicast group on an interface.
   *
   * @param group 224.0.0.18, ff02::12, ...
   * @param ifindex the interface index
   * @return this
   */
  public RawIpSocket joinGroup(InetAddress group, int ifindex) {
    membership(group, ifindex, true);
    return this;
  }

  /**
   * Leaves a multicast group on an interface.
   *
   * @param group the group
   * @param ifindex the interface index
   * @return this
   */
  public RawIpSocket leaveGroup(InetAddress group, int ifindex) {
    membership(group, ifindex, false);
    return this;
  }

  private void membership(InetAddress group, int ifindex, boolean join) {
    String what = " " + group.getHostAddress() + " ifindex " + ifindex + ")";
    if (ipv6) {
      byte[] m = new byte[20];
      System.arraycopy(group.getAddress(), 0, m, 0, 16);
      System.arraycopy(Native.intBytes(ifindex), 0, m, 16, 4);
      int opt = join ? Native.IPV6_JOIN_GROUP : Native.IPV6_LEAVE_GROUP;
      Native.check(Native.LIBC.setsockopt(fd, Native.IPPROTO_IPV6, opt, m, m.length),
          "setsockopt(" + (join ? "IPV6_JOIN_GROUP" : "IPV6_LEAVE_GROUP") + what);
    } else {
      byte[] m = mreqn(group, ifindex);
      int opt = join ? Native.IP_ADD_MEMBERSHIP : Native.IP_DROP_MEMBERSHIP;
      Native.check(Native.LIBC.setsockopt(fd, Native.IPPROTO_IP, opt, m, m.length),
          "setsockopt(" + (join ? "IP_ADD_MEMBERSHIP" : "IP_DROP_MEMBERSHIP") + what);
    }
  }

  private static byte[] mreqn(InetAddress group, int ifindex) {
    byte[] m = new byte[12];
    if (group != null) {
      System.arraycopy(group.getAddress(), 0, m, 0, 4);
    }
    System.arraycopy(Native.intBytes(ifindex), 0, m, 8, 4);
    return m;
  }

  /**
   * IP_MULTICAST_IF / IPV6_MULTICAST_IF: the interface multicast leaves by.
   *
   * @param ifindex the interface index
   * @return this
   */
  public RawIpSocket multicastInterface(int ifindex) {
    if (ipv6) {
      setInt(Native.IPPROTO_IPV6, Native.IPV6_MULTICAST_IF, ifindex, "IPV6_MULTICAST_IF");
    } else {
      byte[] m = mreqn(null, ifindex);
      Native.check(Native.LIBC.setsockopt(fd, Native.IPPROTO_IP, Native.IP_MULTICAST_IF, m,
          m.length), "setsockopt(IP_MULTICAST_IF ifindex " + ifindex + ")");
    }
    return this;
  }

  /**
   * The TTL / hop limit of sent packets, unicast and multicast.
   *
   * @param ttl 1..255
   * @return this
   */
  public RawIpSocket ttl(int ttl) {
    if (ipv6) {
      setInt(Native.IPPROTO_IPV6, Native.IPV6_UNICAST_HOPS, ttl, "IPV6_UNICAST_HOPS");
      setInt(Native.IPPROTO_IPV6, Native.IPV6_MULTICAST_HOPS, ttl, "IPV6_MULTICAST_HOPS");
    } else {
      setInt(Native.IPPROTO_IP, Native.IP_TTL, ttl, "IP_TTL");
      setInt(Native.IPPROTO_IP, Native.IP_MULTICAST_TTL, ttl, "IP_MULTICAST_TTL");
    }
    return this;
  }

  /**
   * IP_TOS / IPV6_TCLASS of sent packets (VRRP: 0xc0, network control).
   *
   * @param tos the byte
   * @return this
   */
  public RawIpSocket tos(int tos) {
    if (ipv6) {
      setInt(Native.IPPROTO_IPV6, Native.IPV6_TCLASS, tos, "IPV6_TCLASS");
    } else {
      setInt(Native.IPPROTO_IP, Native.IP_TOS, tos, "IP_TOS");
    }
    return this;
  }

  /**
   * IP_MULTICAST_LOOP / IPV6_MULTICAST_LOOP.
   *
   * @param loop whether our own multicast comes back to local sockets
   * @return this
   */
  public RawIpSocket multicastLoop(boolean loop) {
    if (ipv6) {
      setInt(Native.IPPROTO_IPV6, Native.IPV6_MULTICAST_LOOP, loop ? 1 : 0, "IPV6_MULTICAST_LOOP");
    } else {
      setInt(Native.IPPROTO_IP, Native.IP_MULTICAST_LOOP, loop ? 1 : 0, "IP_MULTICAST_LOOP");
    }
    return this;
  }

  /**
   * IP_HDRINCL (IPv4 only): the caller writes the IP header (the kernel fills the checksum, and
   * the id when it is 0).
   *
   * @param on whether sent data starts with the IP header
   * @return this
   */
  public RawIpSocket headerIncluded(boolean on) {
    if (ipv6) {
      throw new IllegalStateException("IP_HDRINCL is IPv4 only");
    }
    setInt(Native.IPPROTO_IP, Native.IP_HDRINCL, on ? 1 : 0, "IP_HDRINCL");
    return this;
  }

  /**
   * IPV6_CHECKSUM: the kernel computes (and checks on receive) the checksum at this offset of
   * the payload; -1 turns it off.
   *
   * @param offset byte offset in the payload (VRRP: 6)
   * @return this
   */
  public RawIpSocket ipv6Checksum(int offset) {
    if (!ipv6) {
      throw new IllegalStateException("IPV6_CHECKSUM is IPv6 only");
    }
    setInt(Native.IPPROTO_IPV6, Native.IPV6_CHECKSUM, offset, "IPV6_CHECKSUM");
    return this;
  }

  /**
   * @param bytes receive buffer size (SO_RCVBUF)
   * @return this
   */
  public RawIpSocket receiveBuffer(int bytes) {
    setInt(Native.SOL_SOCKET, Native.SO_RCVBUF, bytes, "SO_RCVBUF");
    return this;
  }

  /**
   * Sends one packet.
   *
   * @param data the payload (with IP header if {@link #headerIncluded})
   * @param dst the destination
   */
  public void sendTo(byte[] data, InetAddress dst) {
    if ((dst instanceof Inet6Address) != ipv6) {
      throw new IllegalArgumentException("address family of " + dst + " does not match socket");
    }
    byte[] sa = Native.sockaddr(dst, 0);
    Native.check(Native.LIBC.sendto(fd, data, data.length, 0, sa, sa.length),
        "sendto(" + dst.getHostAddress() + ", " + data.length + " bytes)");
  }

  /**
   * Waits up to {@code timeout} for a packet.
   *
   * @param timeout how long to wait; zero polls
   * @return the packet, or null on timeout
   */
  public Datagram receive(Duration timeout) {
    if (!poll(timeout)) {
      return null;
    }
    return receiveNow();
  }

  /**
   * poll(2) for readability.
   *
   * @param timeout how long to wait (millisecond resolution)
   * @return whether a packet is waiting
   */
  public boolean poll(Duration timeout) {
    byte[] pfd = new byte[8];
    System.arraycopy(Native.intBytes(fd), 0, pfd, 0, 4);
    pfd[4] = (byte) Native.POLLIN;
    long ms = Math.min(Integer.MAX_VALUE, Math.max(0, timeout.toMillis()));
    int rc = Native.LIBC.poll(pfd, 1, (int) ms);
    if (rc < 0) {
      if (Native.errno() == Errno.EINTR) {
        return false;
      }
      throw Native.fail("poll(fd " + fd + ")");
    }
    return rc > 0;
  }

  private Datagram receiveNow() {
    synchronized (recvLock) {
      if (closed) {
        return null;
      }
      long base = mem.address();
      int msgOff = 0;
      int iovOff = 64;
      int nameOff = 80;
      int ctlOff = 112;
      int bufOff = ctlOff + CONTROL;
      mem.putLong(iovOff, base + bufOff);
      mem.putLong(iovOff + 8, BUF);
      mem.putLong(msgOff, base + nameOff);
      mem.putInt(msgOff + 8, 32);
      mem.putInt(msgOff + 12, 0);
      mem.putLong(msgOff + 16, base + iovOff);
      mem.putLong(msgOff + 24, 1);
      mem.putLong(msgOff + 32, base + ctlOff);
      mem.putLong(msgOff + 40, CONTROL);
      mem.putInt(msgOff + 48, 0);
      long n = Native.LIBC.recvmsg(fd, mem, Native.MSG_DONTWAIT);
      if (n < 0) {
        int e = Native.errno();
        if (e == Errno.EAGAIN || e == Errno.EINTR) {
          return null;
        }
        throw Native.fail("recvmsg(fd " + fd + ")");
      }
      byte[] data = new byte[(int) n];
      mem.get(bufOff, data, 0, data.length);
      byte[] name = new byte[28];
      mem.get(nameOff, name, 0, 28);
      InetAddress src = ipv6 ? Native.address(name, 8, 16) : Native.address(name, 4, 4);
      if (ipv6) {
        int scope = java.nio.ByteBuffer.wrap(name, 24, 4).order(java.nio.ByteOrder.nativeOrder())
            .getInt();
        if (src.isLinkLocalAddress() && scope != 0) {
          try {
            src = Inet6Address.getByAddress(null, src.getAddress(), scope);
          } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
          }
        }
      }
      long ctlLen = mem.getLong(msgOff + 40);
      int ttl = -1;
      int tclass = -1;
      int ifindex = 0;
      InetAddress dst = null;
      int p = 0;
      while (p + 16 <= ctlLen) {
        long len = mem.getLong(ctlOff + p);
        int level = mem.getInt(ctlOff + p + 8);
        int type = mem.getInt(ctlOff + p + 12);
        if (len < 16) {
          break;
        }
        int d = ctlOff + p + 16;
        if (level == Native.IPPROTO_IP && type == Native.IP_TTL) {
          ttl = mem.getInt(d);
        } else if (level == Native.IPPROTO_IP && type == Native.IP_PKTINFO) {
          ifindex = mem.getInt(d);
          byte[] a = new byte[4];
          mem.get(d + 8, a, 0, 4);
          dst = Native.address(a);
        } else if (level == Native.IPPROTO_IPV6 && type == Native.IPV6_TCLASS) {
          tclass = mem.getInt(d);
        } else if (level == Native.IPPROTO_IPV6 && type == Native.IPV6_HOPLIMIT) {
          ttl = mem.getInt(d);
        } else if (level == Native.IPPROTO_IPV6 && type == Native.IPV6_PKTINFO) {
          byte[] a = new byte[16];
          mem.get(d, a, 0, 16);
          dst = Native.address(a);
          ifindex = mem.getInt(d + 16);
        }
        p += (int) ((len + 7) & ~7L);
      }
      int hl = 0;
      if (!ipv6 && data.length >= 20) {
        hl = (data[0] & 0x0f) * 4;
        if (ttl < 0) {
          ttl = data[8] & 0xff;
        }
        if (dst == null) {
          dst = Native.address(data, 16, 4);
        }
        hl = Math.min(hl, data.length);
        tclass = data[1] & 0xff;
      }
      byte[] payload = hl == 0 ? data : Arrays.copyOfRange(data, hl, data.length);
      return new Datagram(payload, src, dst, ttl, ifindex, tclass, Arrays.copyOf(data, hl));
    }
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      Native.closeQuietly(fd);
    }
  }

  @Override
  public String toString() {
    return "RawIpSocket[" + (ipv6 ? "AF_INET6" : "AF_INET") + " proto " + protocol + " fd " + fd
        + "]";
  }
}
