package io.hablocks.haproxy.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HashesTest {

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  @Test
  void knownValues() {
    // CRC-32 check value of "123456789"
    assertThat(Hashes.crc32(b("123456789"), 0, 9)).isEqualTo(0xCBF43926);
    // sdbm: h = c + (h << 6) + (h << 16) - h; "ab" = 98 + 97 * 65599
    assertThat(Hashes.sdbm(b("ab"), 0, 2)).isEqualTo(98 + 97 * 65599);
    // djb2: h = h * 33 + c from 5381
    assertThat(Hashes.djb2(b("a"), 0, 1)).isEqualTo(5381 * 33 + 97);
    // wt6 of nothing is the xor of its two seeds
    assertThat(Hashes.wt6(b(""), 0, 0)).isEqualTo(0xa53c965a ^ 0x5ca6953a);
  }

  @Test
  void bytesAreSignedCharsLikeHaproxy() {
    byte[] hi = {(byte) 0xe9};
    assertThat(Hashes.sdbm(hi, 0, 1)).isEqualTo(-23);
    assertThat(Hashes.djb2(hi, 0, 1)).isEqualTo(5381 * 33 - 23);
  }

  @Test
  void avalancheSpreadsNeighbours() {
    assertThat(Hashes.fullHash(1)).isNotEqualTo(Hashes.fullHash(2));
    assertThat(Integer.bitCount(Hashes.fullHash(1) ^ Hashes.fullHash(2))).isGreaterThan(8);
  }
}
