package io.hablocks.vrrp.internal;

import java.net.Inet4Address;

/**
 * The IPv4 header keepalived writes in front of an advertisement (it sends with IP_HDRINCL):
 * version 4, IHL 5, TOS 0xc0 (network control), no fragmentation flags, TTL 255, protocol 112.
 */
public final class Ipv4Header {

  /** Header length without options. */
  public static final int LENGTH = 20;

  private Ipv4Header() {}

  /**
   * Builds a header with its checksum.
   *
   * @param id the identification field
   * @param tos type of service
   * @param ttl time to live
   * @param protocol IP protocol
   * @param src source
   * @param dst destination
   * @param payloadLength the length after the header
   * @return 20 bytes
   */
  public static byte[] build(int id, int tos, int ttl, int protocol, Inet4Address src,
      Inet4Address dst, int payloadLength) {
    byte[] h = new byte[LENGTH];
    int total = LENGTH + payloadLength;
    h[0] = 0x45;
    h[1] = (byte) tos;
    h[2] = (byte) (total >>> 8);
    h[3] = (byte) total;
    h[4] = (byte) (id >>> 8);
    h[5] = (byte) id;
    h[8] = (byte) ttl;
    h[9] = (byte) protocol;
    System.arraycopy(src.getAddress(), 0, h, 12, 4);
    System.arraycopy(dst.getAddress(), 0, h, 16, 4);
    int sum = Checksums.internet(h, 0, LENGTH);
    h[10] = (byte) (sum >>> 8);
    h[11] = (byte) sum;
    return h;
  }
}
