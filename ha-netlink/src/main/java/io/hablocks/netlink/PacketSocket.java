package io.hablocks.netlink;

import io.hablocks.netlink.internal.Native;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * An AF_PACKET socket that sends whole Ethernet frames on one interface: gratuitous ARP and
 * unsolicited neighbour advertisements, sent from any source MAC (the interface's, or the
 * virtual router MAC 00:00:5e:00:01:VRID).
 */
public final class PacketSocket implements AutoCloseable {

  /** EtherType of ARP. */
  public static final int ETH_P_ARP = 0x0806;

  private final int fd;
  private final int ifindex;
  private volatile boolean closed;

  private PacketSocket(int fd, int ifindex) {
    this.fd = fd;
    this.ifindex = ifindex;
  }

  /**
   * Opens a raw packet socket for sending on an interface (in the calling thread's namespace).
   *
   * @param ifindex the interface index
   * @return the socket
   */
  public static PacketSocket open(int ifindex) {
    // protocol 0: receive nothing, send only
    int fd = (int) Native.check(Native.LIBC.socket(Native.AF_PACKET,
        Native.SOCK_RAW | Native.SOCK_CLOEXEC, 0), "socket(AF_PACKET, SOCK_RAW, 0)");
    return new PacketSocket(fd, ifindex);
  }

  /** @return the interface index frames go out on */
  public int interfaceIndex() {
    return ifindex;
  }

  /**
   * Sends one Ethernet frame (destination MAC, source MAC, EtherType, payload).
   *
   * @param frame the frame; at least 14 bytes
   */
  public void send(byte[] frame) {
    if (frame.length < 14) {
      throw new IllegalArgumentException("frame shorter than an Ethernet header: " + frame.length);
    }
    ByteBuffer sa = ByteBuffer.allocate(20).order(ByteOrder.nativeOrder());
    sa.putShort((short) Native.AF_PACKET);
    sa.order(ByteOrder.BIG_ENDIAN).putShort((short) (((frame[12] & 0xff) << 8) | (frame[13] & 0xff)));
    sa.order(ByteOrder.nativeOrder()).putInt(ifindex);
    sa.putShort((short) 1); // ARPHRD_ETHER
    sa.put((byte) 0);
    sa.put((byte) 6);
    sa.put(frame, 0, 6);
    byte[] a = sa.array();
    Native.check(Native.LIBC.sendto(fd, frame, frame.length, 0, a, a.length),
        "sendto(AF_PACKET ifindex " + ifindex + ", " + frame.length + " bytes)");
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      Native.closeQuietly(fd);
    }
  }
}
