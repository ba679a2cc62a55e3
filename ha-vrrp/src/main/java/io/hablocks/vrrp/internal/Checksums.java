package io.hablocks.vrrp.internal;

import java.net.InetAddress;

/** The Internet checksum (RFC 1071) and the VRRPv3 / IPv6 pseudo-header sum. */
public final class Checksums {

  private Checksums() {}

  /**
   * Ones'-complement sum of 16-bit words, not yet complemented, added to {@code initial}.
   *
   * @param initial a running sum
   * @param data bytes
   * @param off first byte
   * @param len how many
   * @return the running sum (may exceed 16 bits; fold with {@link #finish})
   */
  public static long sum(long initial, byte[] data, int off, int len) {
    long s = initial;
    int i = off;
    int end = off + len;
    for (; i + 1 < end; i += 2) {
      s += ((data[i] & 0xff) << 8) | (data[i + 1] & 0xff);
    }
    if (i < end) {
      s += (data[i] & 0xff) << 8;
    }
    return s;
  }

  /**
   * @param s a running sum
   * @return the folded and complemented 16-bit checksum
   */
  public static int finish(long s) {
    while ((s >>> 16) != 0) {
      s = (s & 0xffff) + (s >>> 16);
    }
    return (int) (~s & 0xffff);
  }

  /**
   * The Internet checksum of a byte range.
   *
   * @param data bytes
   * @param off first
   * @param len count
   * @return the checksum
   */
  public static int internet(byte[] data, int off, int len) {
    return finish(sum(0, data, off, len));
  }

  /**
   * The sum of the pseudo-header (IPv4: src, dst, zero, protocol, length; IPv6: src, dst,
   * 32-bit length, three zero bytes, next header).
   *
   * @param src source address
   * @param dst destination address
   * @param protocol IP protocol number
   * @param length upper-layer length
   * @return the running sum
   */
  public static long pseudoHeader(InetAddress src, InetAddress dst, int protocol, int length) {
    byte[] a = src.getAddress();
    byte[] b = dst.getAddress();
    long s = sum(0, a, 0, a.length);
    s = sum(s, b, 0, b.length);
    if (a.length == 4) {
      s += protocol & 0xff;
      s += length & 0xffff;
    } else {
      s += (length >>> 16) & 0xffff;
      s += length & 0xffff;
      s += protocol & 0xff;
    }
    return s;
  }
}
