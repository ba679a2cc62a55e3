package io.hablocks.ipvs.internal;

import java.net.Inet4Address;
import java.net.InetAddress;

/** The kernel's hash functions as IPVS uses them (hash_32 and 64-bit hsiphash). */
public final class Hashes {

  private Hashes() {
  }

  /** GOLDEN_RATIO_32 of include/linux/hash.h. */
  static final int GOLDEN_RATIO_32 = 0x61C88647;

  /**
   * hash_32(x, bits): the top {@code bits} bits of x times the golden ratio, mod 2^32.
   *
   * @param x the value
   * @param bits 1..32
   * @return the hash in [0, 2^bits)
   */
  public static int hash32(int x, int bits) {
    return (x * GOLDEN_RATIO_32) >>> (32 - bits);
  }

  /**
   * An address as the kernel folds it into 32 bits in host order: ntohl of the IPv4 address, or
   * the XOR of the four words of an IPv6 address. No allocation for IPv4.
   *
   * @param a the address
   * @return the folded value
   */
  public static int fold(InetAddress a) {
    if (a instanceof Inet4Address) {
      return a.hashCode(); // Inet4Address.hashCode() is the address in host order
    }
    byte[] b = a.getAddress();
    int x = 0;
    for (int i = 0; i < b.length; i += 4) {
      x ^= ((b[i] & 0xff) << 24) | ((b[i + 1] & 0xff) << 16) | ((b[i + 2] & 0xff) << 8)
          | (b[i + 3] & 0xff);
    }
    return x;
  }

  /**
   * hsiphash of one 32-bit word as the kernel computes it on 64-bit machines (SipHash-1-3 with a
   * 2×64-bit key, the word read little-endian, the result folded to 32 bits).
   *
   * @param word the word
   * @param k0 key word 0
   * @param k1 key word 1
   * @return the hash
   */
  public static int hsiphash(int word, long k0, long k1) {
    long v0 = 0x736f6d6570736575L ^ k0;
    long v1 = 0x646f72616e646f6dL ^ k1;
    long v2 = 0x6c7967656e657261L ^ k0;
    long v3 = 0x7465646279746573L ^ k1;
    long b = (4L << 56) | (word & 0xffffffffL);
    v3 ^= b;
    // one compression round
    v0 += v1; v1 = Long.rotateLeft(v1, 13); v1 ^= v0; v0 = Long.rotateLeft(v0, 32);
    v2 += v3; v3 = Long.rotateLeft(v3, 16); v3 ^= v2;
    v0 += v3; v3 = Long.rotateLeft(v3, 21); v3 ^= v0;
    v2 += v1; v1 = Long.rotateLeft(v1, 17); v1 ^= v2; v2 = Long.rotateLeft(v2, 32);
    v0 ^= b;
    v2 ^= 0xff;
    for (int i = 0; i < 3; i++) {
      v0 += v1; v1 = Long.rotateLeft(v1, 13); v1 ^= v0; v0 = Long.rotateLeft(v0, 32);
      v2 += v3; v3 = Long.rotateLeft(v3, 16); v3 ^= v2;
      v0 += v3; v3 = Long.rotateLeft(v3, 21); v3 ^= v0;
      v2 += v1; v1 = Long.rotateLeft(v1, 17); v1 ^= v2; v2 = Long.rotateLeft(v2, 32);
    }
    return (int) ((v0 ^ v1) ^ (v2 ^ v3));
  }
}
