package io.hablocks.vrrp;

import static io.hablocks.vrrp.VrrpLab.addr;
import static org.assertj.core.api.Assertions.assertThat;

import io.hablocks.netlink.Datagram;
import io.hablocks.netlink.RawIpSocket;
import io.hablocks.testkit.PeerTest;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Our adverts equal keepalived 2.2.7's byte for byte for the same settings: keepalived and then
 * our router run in host 1 of the lab; a raw socket in host 2 captures the first advert of each.
 */
@PeerTest(root = true, netns = true, commands = {"ip", "keepalived"},
    packages = {"iproute2", "keepalived"})
class AdvertByteEqualityPeerTest {

  static VrrpLab lab;

  @BeforeAll
  static void up() throws Exception {
    lab = VrrpLab.up(2);
  }

  @AfterAll
  static void down() {
    if (lab != null) {
      lab.close();
    }
  }

  record Capture(Datagram keepalived, Datagram ours) {}

  Capture capture(String kaConf, VrrpInstanceConfig ours, boolean v6, String src)
      throws Exception {
    try (RawIpSocket rx = lab.listen(2, v6)) {
      Process ka = lab.keepalived(1, kaConf);
      Datagram k = VrrpLab.next(rx, src, 150, Duration.ofSeconds(8));
      lab.stopGracefully(1, ka);
      assertThat(k).as("keepalived advert").isNotNull();
      VrrpLab.awaitMillis(() -> lab.owners(ours.virtualAddresses().get(0).address()
          .getHostAddress()).isEmpty(), Duration.ofSeconds(3));
      VrrpRouter r = lab.router(1, ours);
      try {
        r.start();
        Datagram o = VrrpLab.next(rx, src, 150, Duration.ofSeconds(8));
        assertThat(o).as("our advert").isNotNull();
        return new Capture(k, o);
      } finally {
        r.close();
      }
    }
  }

  static void assertSameV4(Capture c) {
    HexFormat hex = HexFormat.of();
    assertThat(hex.formatHex(c.ours().payload())).isEqualTo(hex.formatHex(c.keepalived().payload()));
    byte[] k = c.keepalived().ipHeader();
    byte[] o = c.ours().ipHeader();
    // everything but the identification (4-5) and the header checksum it changes (10-11)
    for (int i : new int[] {4, 5, 10, 11}) {
      k[i] = 0;
      o[i] = 0;
    }
    assertThat(hex.formatHex(o)).isEqualTo(hex.formatHex(k));
    assertThat(c.ours().trafficClass()).isEqualTo(0xc0);
    assertThat(c.ours().ttl()).isEqualTo(255);
  }

  static VrrpInstanceConfig.Builder ours(int vrid, VrrpVersion v, String vip) {
    return VrrpInstanceConfig.builder("VI_1", "eth0", vrid).version(v).priority(150)
        .advertInterval(Duration.ofSeconds(1)).virtualAddress(VirtualAddress.parse(vip));
  }

  @Test
  void v2WithPassword() throws Exception {
    String auth = "  authentication {\n    auth_type PASS\n    auth_pass s3cret\n  }\n";
    Capture c = capture(VrrpLab.kaConf(51, 150, 2, "1", auth, "10.99.0.100/24 dev eth0"),
        ours(51, VrrpVersion.V2, "10.99.0.100/24").password("s3cret").build(), false,
        "10.99.0.11");
    assertSameV4(c);
    assertThat(Arrays.copyOfRange(c.ours().payload(), 12, 18)).isEqualTo("s3cret".getBytes());
  }

  @Test
  void v2WithoutAuthentication() throws Exception {
    Capture c = capture(VrrpLab.kaConf(51, 150, 2, "1", "", "10.99.0.100/24 dev eth0"),
        ours(51, VrrpVersion.V2, "10.99.0.100/24").build(), false, "10.99.0.11");
    assertSameV4(c);
  }

  @Test
  void v3Ipv4Multicast() throws Exception {
    Capture c = capture(VrrpLab.kaConf(51, 150, 3, "1", "", "10.99.0.100/24 dev eth0"),
        ours(51, VrrpVersion.V3, "10.99.0.100/24").build(), false, "10.99.0.11");
    assertSameV4(c);
    assertThat(c.ours().destination()).isEqualTo(addr("224.0.0.18"));
  }

  @Test
  void v3Ipv4Unicast() throws Exception {
    String uni = "  unicast_src_ip 10.99.0.11\n  unicast_peer {\n    10.99.0.12\n  }\n";
    Capture c = capture(VrrpLab.kaConf(51, 150, 3, "1", uni, "10.99.0.100/24 dev eth0"),
        ours(51, VrrpVersion.V3, "10.99.0.100/24").sourceAddress(addr("10.99.0.11"))
            .unicastPeer(addr("10.99.0.12")).build(), false, "10.99.0.11");
    assertSameV4(c);
    assertThat(c.ours().destination()).isEqualTo(addr("10.99.0.12"));
  }

  @Test
  void v3Ipv6() throws Exception {
    Capture c = capture(VrrpLab.kaConf(52, 150, 3, "1", "", "fd99::100/64 dev eth0"),
        ours(52, VrrpVersion.V3, "fd99::100/64").build(), true, "ll");
    HexFormat hex = HexFormat.of();
    assertThat(hex.formatHex(c.ours().payload())).isEqualTo(hex.formatHex(c.keepalived().payload()));
    assertThat(c.ours().source()).isEqualTo(c.keepalived().source());
    assertThat(c.ours().destination()).isEqualTo(addr("ff02::12"));
    assertThat(c.ours().ttl()).isEqualTo(c.keepalived().ttl()).isEqualTo(255);
    assertThat(c.ours().trafficClass()).isEqualTo(c.keepalived().trafficClass()).isEqualTo(0xc0);
  }
}
