package io.hablocks.vrrp;

import static org.assertj.core.api.Assertions.assertThat;

import io.hablocks.vrrp.internal.Frames;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** Gratuitous ARP and unsolicited NA frames equal the ones keepalived sent in the lab. */
class FramesTest {

  static final byte[] MAC = HexFormat.ofDelimiter(":").parseHex("02:99:00:00:00:01");

  @Test
  void gratuitousArpEqualsKeepalivedsFrame() {
    byte[] ka = Captures.find("v2, auth PASS", "ARP").bytes();
    assertThat(Frames.gratuitousArp(MAC, (Inet4Address) VrrpLab.addr("10.99.0.100")))
        .isEqualTo(ka);
    byte[] vmac = Captures.find("v3 with use_vmac", "ARP").bytes();
    assertThat(Frames.gratuitousArp(Frames.virtualRouterMac(51, false),
        (Inet4Address) VrrpLab.addr("10.99.0.100"))).isEqualTo(vmac);
  }

  @Test
  void unsolicitedNeighbourAdvertisementEqualsKeepalivedsFrame() {
    byte[] ka = Captures.find("v3 IPv6", "neighbor advertisement").bytes();
    assertThat(HexFormat.of().formatHex(Frames.unsolicitedNa(MAC,
        (Inet6Address) VrrpLab.addr("fd99::100")))).isEqualTo(HexFormat.of().formatHex(ka));
  }
}
