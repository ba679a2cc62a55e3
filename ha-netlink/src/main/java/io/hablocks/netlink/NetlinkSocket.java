package io.hablocks.netlink;

import io.hablocks.netlink.internal.Native;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A netlink socket of one protocol (NETLINK_ROUTE = 0, NETLINK_GENERIC = 16) that sends requests
 * and collects their replies: a request with ACK returns when the kernel acknowledges it; a dump
 * returns every part until NLMSG_DONE; an NLMSG_ERROR with a negative errno becomes a
 * {@link NetlinkException} (with the extended-ACK text when the kernel gives one).
 * Requests are serialised on the socket. Opened in the calling thread's namespace.
 */
public final class NetlinkSocket implements AutoCloseable {

  /** rtnetlink. */
  public static final int NETLINK_ROUTE = 0;
  /** generic netlink. */
  public static final int NETLINK_GENERIC = 16;

  private static final int BUF = 1 << 16;
  private static final int NLMSGERR_ATTR_MSG = 1;
  private static final int NLM_F_CAPPED = 0x100;
  private static final int NLM_F_ACK_TLVS = 0x200;

  private final int fd;
  private final int protocol;
  private final AtomicInteger seq = new AtomicInteger((int) (System.identityHashCode(this) & 0xffff) << 8);
  private final byte[] buf = new byte[BUF];
  private volatile boolean closed;

  private NetlinkSocket(int fd, int protocol) {
    this.fd = fd;
    this.protocol = protocol;
  }

  /**
   * @param protocol {@link #NETLINK_ROUTE} or {@link #NETLINK_GENERIC}
   * @return an open socket
   */
  public static NetlinkSocket open(int protocol) {
    int fd = (int) Native.check(Native.LIBC.socket(Native.AF_NETLINK,
        Native.SOCK_RAW | Native.SOCK_CLOEXEC, protocol), "socket(AF_NETLINK, " + protocol + ")");
    NetlinkSocket s = new NetlinkSocket(fd, protocol);
    byte[] sa = new byte[12];
    ByteBuffer.wrap(sa).order(ByteOrder.nativeOrder()).putShort((short) Native.AF_NETLINK);
    if (Native.LIBC.bind(fd, sa, sa.length) < 0) {
      NativeException e = Native.fail("bind(AF_NETLINK)");
      s.close();
      throw e;
    }
    Native.LIBC.setsockopt(fd, Native.SOL_NETLINK, Native.NETLINK_EXT_ACK, Native.intBytes(1), 4);
    return s;
  }

  /** @return the netlink protocol */
  public int protocol() {
    return protocol;
  }

  /**
   * Sends a request with NLM_F_REQUEST | NLM_F_ACK added and waits for the acknowledgement.
   *
   * @param type message type
   * @param flags extra flags (NLM_F_CREATE, NLM_F_EXCL, ...)
   * @param payload family header and attributes
   * @param what a description for errors, such as {@code RTM_NEWADDR 10.0.0.1/24 dev eth0}
   * @return replies received before the acknowledgement (usually none)
   */
  public synchronized List<NetlinkMessage> request(int type, int flags, byte[] payload,
      String what) {
    return exchange(type, flags | NetlinkMessage.F_REQUEST | NetlinkMessage.F_ACK, payload, what,
        false);
  }

  /**
   * Sends a dump request (NLM_F_REQUEST | NLM_F_DUMP) and collects every part.
   *
   * @param type message type (RTM_GETADDR, ...)
   * @param payload family header (and filter attributes)
   * @param what a description for errors
   * @return the messages of the dump, NLMSG_DONE excluded
   */
  public synchronized List<NetlinkMessage> dump(int type, byte[] payload, String what) {
    return exchange(type, NetlinkMessage.F_REQUEST | NetlinkMessage.F_DUMP, payload, what, true);
  }

  private List<NetlinkMessage> exchange(int type, int flags, byte[] payload, String what,
      boolean dump) {
    if (closed) {
      throw new IllegalStateException("netlink socket closed");
    }
    int s = seq.incrementAndGet();
    byte[] req = new NetlinkMessage(type, flags, s, 0, payload).encode();
    byte[] sa = new byte[12];
    ByteBuffer.wrap(sa).order(ByteOrder.nativeOrder()).putShort((short) Native.AF_NETLINK);
    Native.check(Native.LIBC.sendto(fd, req, req.length, 0, sa, sa.length), "sendto(" + what + ")");
    List<NetlinkMessage> out = new ArrayList<>();
    while (true) {
      long n = Native.LIBC.recv(fd, buf, buf.length, 0);
      if (n < 0) {
        if (Native.errno() == Errno.EINTR) {
          continue;
        }
        throw Native.fail("recv(" + what + ")");
      }
      for (NetlinkMessage m : NetlinkMessage.decodeAll(buf, (int) n)) {
        if (m.sequence() != s) {
          continue; // stale reply of an earlier, abandoned request
        }
        if (m.type() == NetlinkMessage.NLMSG_DONE) {
          return out;
        }
        if (m.type() == NetlinkMessage.NLMSG_ERROR) {
          ByteBuffer b = ByteBuffer.wrap(m.payload()).order(ByteOrder.nativeOrder());
          int err = b.getInt(0);
          if (err == 0) {
            return out;
          }
          throw error(m, -err, what);
        }
        out.add(m);
        if (!dump && (m.flags() & NetlinkMessage.F_MULTI) == 0) {
          // a plain reply (e.g. genl GETFAMILY) followed by the ACK
          continue;
        }
      }
    }
  }

  private static NetlinkException error(NetlinkMessage m, int errno, String what) {
    byte[] p = m.payload();
    String msg = null;
    if ((m.flags() & NLM_F_ACK_TLVS) != 0 && p.length >= 20) {
      ByteBuffer b = ByteBuffer.wrap(p).order(ByteOrder.nativeOrder());
      int origLen = (m.flags() & NLM_F_CAPPED) != 0 ? 16 : b.getInt(4);
      int off = 4 + NetlinkMessage.align(origLen);
      if (off < p.length) {
        msg = Attributes.parse(p, off, p.length - off).string(NLMSGERR_ATTR_MSG).orElse(null);
      }
    }
    return new NetlinkException(what, errno, Native.LIBC.strerror(errno), msg);
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      Native.closeQuietly(fd);
    }
  }
}
