package io.hablocks.haproxy.internal;

import java.util.zip.CRC32;

/**
 * HAProxy's hash functions (sdbm, djb2, wt6, crc32, none) and the avalanche mixer it applies
 * with the {@code avalanche} modifier and to consistent-hash node keys. All return unsigned
 * 32-bit values in an {@code int}. Bytes are read as C {@code char} (signed), as HAProxy does.
 */
public final class Hashes {

  private Hashes() {}

  /**
   * @param fn sdbm, djb2, wt6, crc32 or none
   * @param b the bytes
   * @param off start
   * @param len length
   * @return the hash
   */
  public static int hash(String fn, byte[] b, int off, int len) {
    return switch (fn) {
      case "djb2" -> djb2(b, off, len);
      case "wt6" -> wt6(b, off, len);
      case "crc32" -> crc32(b, off, len);
      case "none" -> none(b, off, len);
      default -> sdbm(b, off, len);
    };
  }

  /** @param b bytes @param off start @param len length @return the sdbm hash */
  public static int sdbm(byte[] b, int off, int len) {
    int h = 0;
    for (int i = off; i < off + len; i++) {
      int c = b[i]; // signed char
      h = c + (h << 6) + (h << 16) - h;
    }
    return h;
  }

  /** @param b bytes @param off start @param len length @return the djb2 hash */
  public static int djb2(byte[] b, int off, int len) {
    int h = 5381;
    for (int i = off; i < off + len; i++) {
      h = ((h << 5) + h) + b[i];
    }
    return h;
  }

  /** @param b bytes @param off start @param len length @return the wt6 hash */
  public static int wt6(byte[] b, int off, int len) {
    int h0 = 0xa53c965a;
    int h1 = 0x5ca6953a;
    int step0 = 6;
    int step1 = 18;
    for (int i = off; i < off + len; i++) {
      int t = b[i] & 0xff;
      h0 = ~(h0 ^ t);
      h1 = ~(h1 + t);
      t = (h1 << step0) | (h1 >>> (32 - step0));
      h1 = (h0 << step1) | (h0 >>> (32 - step1));
      h0 = t;
      t = ((h0 >>> 16) ^ h1) & 0xffff;
      step0 = t & 0x1f;
      step1 = t >>> 11;
    }
    return h0 ^ h1;
  }

  /** @param b bytes @param off start @param len length @return the CRC32 */
  public static int crc32(byte[] b, int off, int len) {
    CRC32 c = new CRC32();
    c.update(b, off, len);
    return (int) c.getValue();
  }

  /** @param b bytes @param off start @param len length @return the first 4 bytes as an integer */
  public static int none(byte[] b, int off, int len) {
    int h = 0;
    for (int i = 0; i < Math.min(4, len); i++) {
      h = (h << 8) | (b[off + i] & 0xff);
    }
    return h;
  }

  /**
   * Bob Jenkins' full avalanche mix, then the multiplication HAProxy applies.
   *
   * @param a the input
   * @return the mixed value
   */
  public static int fullHash(int a) {
    a = (a + 0x7ed55d16) + (a << 12);
    a = (a ^ 0xc761c23c) ^ (a >>> 19);
    a = (a + 0x165667b1) + (a << 5);
    a = (a + 0xd3a2646c) ^ (a << 9);
    a = (a + 0xfd7046c5) + (a << 3);
    a = (a ^ 0xb55a4f09) ^ (a >>> 16);
    return a * (int) 3221225473L;
  }
}
