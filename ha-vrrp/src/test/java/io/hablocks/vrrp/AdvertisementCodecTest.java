package io.hablocks.vrrp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hablocks.vrrp.internal.Ipv4Header;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The codec against keepalived 2.2.7's own frames (captured in the netns lab). */
class AdvertisementCodecTest {

  static final int ETH = 14;

  record V4(Inet4Address src, Inet4Address dst, int id, byte[] ipHeader, byte[] payload) {}

  static V4 v4(Captures.Frame f) throws Exception {
    byte[] b = f.bytes();
    byte[] ip = Arrays.copyOfRange(b, ETH, ETH + 20);
    int total = ((ip[2] & 0xff) << 8) | (ip[3] & 0xff);
    byte[] payload = Arrays.copyOfRange(b, ETH + 20, ETH + total);
    return new V4((Inet4Address) InetAddress.getByAddress(Arrays.copyOfRange(ip, 12, 16)),
        (Inet4Address) InetAddress.getByAddress(Arrays.copyOfRange(ip, 16, 20)),
        ((ip[4] & 0xff) << 8) | (ip[5] & 0xff), ip, payload);
  }

  static InetAddress ip(String s) throws Exception {
    return InetAddress.getByName(s);
  }

  @Test
  void v2WithPasswordIsByteEqualToKeepalived() throws Exception {
    V4 f = v4(Captures.find("v2, auth PASS", "prio 150"));
    Advertisement a = Advertisement.builder(VrrpVersion.V2, 51).priority(150)
        .interval(Duration.ofSeconds(1)).address(ip("10.99.0.100")).password("s3cret").build();
    assertThat(a.encode(f.src(), f.dst())).isEqualTo(f.payload());
    assertThat(Advertisement.decode(f.payload(), 0, f.payload().length, f.src(), f.dst()))
        .isEqualTo(a);
    assertThat(Ipv4Header.build(f.id(), 0xc0, 255, 112, f.src(), f.dst(), a.length()))
        .isEqualTo(f.ipHeader());
  }

  @Test
  void v2WithoutAuthAndPriorityZeroAreByteEqual() throws Exception {
    for (int prio : new int[] {150, 0}) {
      V4 f = v4(Captures.find("v2, no auth", "prio " + prio + ","));
      Advertisement a = Advertisement.builder(VrrpVersion.V2, 51).priority(prio)
          .address(ip("10.99.0.100")).build();
      assertThat(a.encode(f.src(), f.dst())).isEqualTo(f.payload());
      Advertisement d = Advertisement.decode(f.payload(), 0, f.payload().length, f.src(), f.dst());
      assertThat(d.priority()).isEqualTo(prio);
      assertThat(d.authType()).isEqualTo(Advertisement.AUTH_NONE);
      assertThat(Ipv4Header.build(f.id(), 0xc0, 255, 112, f.src(), f.dst(), a.length()))
          .isEqualTo(f.ipHeader());
    }
  }

  @Test
  void v3MulticastAndUnicastCarryThePseudoHeaderChecksum() throws Exception {
    Advertisement a = Advertisement.builder(VrrpVersion.V3, 51).priority(150)
        .interval(Duration.ofMillis(1000)).address(ip("10.99.0.100")).build();
    V4 m = v4(Captures.find("v3 IPv4 multicast", "224.0.0.18"));
    V4 u = v4(Captures.find("v3 IPv4 unicast", "10.99.0.12"));
    assertThat(a.encode(m.src(), m.dst())).isEqualTo(m.payload());
    assertThat(a.encode(u.src(), u.dst())).isEqualTo(u.payload());
    assertThat(m.payload()).isNotEqualTo(u.payload());
    assertThat(Advertisement.decode(u.payload(), 0, u.payload().length, u.src(), u.dst()))
        .isEqualTo(a);
    assertThat(Ipv4Header.build(u.id(), 0xc0, 255, 112, u.src(), u.dst(), a.length()))
        .isEqualTo(u.ipHeader());
    // the same bytes checked against the wrong destination fail: the pseudo-header matters
    assertThatThrownBy(() -> Advertisement.decode(u.payload(), 0, u.payload().length, u.src(),
        m.dst())).isInstanceOf(VrrpPacketException.class)
        .extracting(e -> ((VrrpPacketException) e).reason()).isEqualTo(DropReason.BAD_CHECKSUM);
  }

  @Test
  void v3Ipv6IsByteEqual() throws Exception {
    byte[] b = Captures.find("v3 IPv6", "ff02::12").bytes();
    assertThat(b[ETH + 6]).isEqualTo((byte) 112);
    assertThat(b[ETH + 7] & 0xff).isEqualTo(255);
    int plen = ((b[ETH + 4] & 0xff) << 8) | (b[ETH + 5] & 0xff);
    InetAddress src = InetAddress.getByAddress(Arrays.copyOfRange(b, ETH + 8, ETH + 24));
    InetAddress dst = InetAddress.getByAddress(Arrays.copyOfRange(b, ETH + 24, ETH + 40));
    byte[] payload = Arrays.copyOfRange(b, ETH + 40, ETH + 40 + plen);
    Advertisement a = Advertisement.builder(VrrpVersion.V3, 52).priority(150)
        .interval(Duration.ofSeconds(1)).address(ip("fd99::100")).build();
    assertThat(a.encode(src, dst)).isEqualTo(payload);
    Advertisement d = Advertisement.decode(payload, 0, payload.length, src, dst);
    assertThat(d).isEqualTo(a);
    assertThat(d.isIpv6()).isTrue();
  }

  @Test
  void vmacFrameCarriesTheSameVrrpBytesAsWithoutVmac() throws Exception {
    V4 vm = v4(Captures.find("v3 with use_vmac", "224.0.0.18"));
    V4 m = v4(Captures.find("v3 IPv4 multicast", "224.0.0.18"));
    assertThat(vm.payload()).isEqualTo(m.payload());
    byte[] frame = Captures.find("v3 with use_vmac", "224.0.0.18").bytes();
    assertThat(Arrays.copyOfRange(frame, 6, 12))
        .isEqualTo(new byte[] {0, 0, 0x5e, 0, 1, 51});
  }

  @Test
  void hostileInputsAreRejectedWithTheirReason() throws Exception {
    V4 f = v4(Captures.find("v2, auth PASS", "prio 150"));
    byte[] p = f.payload();
    assertThat(reason(Arrays.copyOf(p, 7), f)).isEqualTo(DropReason.TRUNCATED);
    assertThat(reason(Arrays.copyOf(p, p.length - 1), f)).isEqualTo(DropReason.TRUNCATED);
    assertThat(reason(Arrays.copyOf(p, p.length + 4), f)).isEqualTo(DropReason.OVERSIZED);
    assertThat(reason(new byte[Advertisement.MAX_LENGTH + 1], f)).isEqualTo(DropReason.OVERSIZED);
    byte[] bad = p.clone();
    bad[9] ^= 1;
    assertThat(reason(bad, f)).isEqualTo(DropReason.BAD_CHECKSUM);
    byte[] v4ver = p.clone();
    v4ver[0] = 0x41;
    assertThat(reason(v4ver, f)).isEqualTo(DropReason.BAD_VERSION);
    byte[] type = p.clone();
    type[0] = 0x22;
    assertThat(reason(type, f)).isEqualTo(DropReason.BAD_TYPE);
    Advertisement d = Advertisement.decode(p, 0, p.length, f.src(), f.dst());
    assertThat(d.authMatches(Advertisement.AUTH_PASS, "s3cret")).isTrue();
    assertThat(d.authMatches(Advertisement.AUTH_PASS, "wrong")).isFalse();
    assertThat(d.authMatches(Advertisement.AUTH_NONE, null)).isFalse();
  }

  @Test
  void v3IntervalIsCentisecondsUpTo4095() throws Exception {
    Advertisement a = Advertisement.builder(VrrpVersion.V3, 7).interval(Duration.ofMillis(40950))
        .address(ip("10.0.0.1")).build();
    byte[] w = a.encode(ip("10.0.0.2"), ip("224.0.0.18"));
    assertThat(((w[4] & 0x0f) << 8) | (w[5] & 0xff)).isEqualTo(4095);
    assertThat(Advertisement.decode(w, 0, w.length, ip("10.0.0.2"), ip("224.0.0.18")).interval())
        .isEqualTo(Duration.ofMillis(40950));
    assertThatThrownBy(() -> Advertisement.builder(VrrpVersion.V3, 7)
        .interval(Duration.ofMillis(40960)).build()).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Advertisement.builder(VrrpVersion.V2, 7)
        .address(ip("fd00::1")).build()).isInstanceOf(IllegalArgumentException.class);
  }

  private static DropReason reason(byte[] p, V4 f) {
    try {
      Advertisement.decode(p, 0, p.length, f.src(), f.dst());
      return null;
    } catch (VrrpPacketException e) {
      return e.reason();
    }
  }
}
