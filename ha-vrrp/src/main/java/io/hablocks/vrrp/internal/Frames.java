package io.hablocks.vrrp.internal;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;

/** Ethernet frames keepalived sends when it becomes MASTER. */
public final class Frames {

  private Frames() {}

  /**
   * Gratuitous ARP as keepalived sends it: a broadcast request "who-has VIP tell VIP" with the
   * target hardware address ff:ff:ff:ff:ff:ff.
   *
   * @param mac the sender MAC (interface or virtual router MAC)
   * @param vip the virtual address
   * @return a 42-byte frame
   */
  public static byte[] gratuitousArp(byte[] mac, Inet4Address vip) {
    byte[] f = new byte[42];
    byte[] ip = vip.getAddress();
    for (int i = 0; i < 6; i++) {
      f[i] = (byte) 0xff;
      f[32 + i] = (byte) 0xff;
    }
    System.arraycopy(mac, 0, f, 6, 6);
    f[12] = 0x08;
    f[13] = 0x06;
    f[14] = 0;
    f[15] = 1; // hardware type Ethernet
    f[16] = 0x08;
    f[17] = 0x00; // protocol IPv4
    f[18] = 6;
    f[19] = 4;
    f[20] = 0;
    f[21] = 1; // request
    System.arraycopy(mac, 0, f, 22, 6);
    System.arraycopy(ip, 0, f, 28, 4);
    System.arraycopy(ip, 0, f, 38, 4);
    return f;
  }

  /**
   * Unsolicited neighbour advertisement as keepalived sends it: from the VIP to ff02::1, hop
   * limit 255, override flag, target link-layer address option.
   *
   * @param mac the sender MAC
   * @param vip the virtual address
   * @return an 86-byte frame
   */
  public static byte[] unsolicitedNa(byte[] mac, Inet6Address vip) {
    byte[] f = new byte[14 + 40 + 32];
    f[0] = 0x33;
    f[1] = 0x33;
    f[5] = 1;
    System.arraycopy(mac, 0, f, 6, 6);
    f[12] = (byte) 0x86;
    f[13] = (byte) 0xdd;
    f[14] = 0x60;
    f[18] = 0;
    f[19] = 32;
    f[20] = 58;
    f[21] = (byte) 255;
    byte[] src = vip.getAddress();
    System.arraycopy(src, 0, f, 22, 16);
    byte[] dst = new byte[16];
    dst[0] = (byte) 0xff;
    dst[1] = 0x02;
    dst[15] = 1;
    System.arraycopy(dst, 0, f, 38, 16);
    int p = 54;
    f[p] = (byte) 136;
    f[p + 4] = 0x20; // override
    System.arraycopy(src, 0, f, p + 8, 16);
    f[p + 24] = 2; // target link-layer address
    f[p + 25] = 1;
    System.arraycopy(mac, 0, f, p + 26, 6);
    try {
      long s = Checksums.pseudoHeader(vip, InetAddress.getByAddress(dst), 58, 32);
      int sum = Checksums.finish(Checksums.sum(s, f, p, 32));
      f[p + 2] = (byte) (sum >>> 8);
      f[p + 3] = (byte) sum;
    } catch (java.net.UnknownHostException e) {
      throw new AssertionError(e);
    }
    return f;
  }

  /**
   * @param vrid the virtual router id
   * @param ipv6 whether it is the IPv6 router
   * @return 00:00:5e:00:01:VRID (or 00:00:5e:00:02:VRID for IPv6)
   */
  public static byte[] virtualRouterMac(int vrid, boolean ipv6) {
    return new byte[] {0, 0, 0x5e, 0, (byte) (ipv6 ? 2 : 1), (byte) vrid};
  }
}
