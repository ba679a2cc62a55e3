package io.hablocks.vrrp;

import static io.hablocks.vrrp.VrrpLab.addr;
import static org.assertj.core.api.Assertions.assertThat;

import io.hablocks.netlink.NetNamespace;
import io.hablocks.netlink.RawIpSocket;
import io.hablocks.testkit.PeerTest;
import io.hablocks.vrrp.internal.Ipv4Header;
import java.net.Inet4Address;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;

/**
 * Hostile packets sent from host 2 to our MASTER in host 1 (v2 with a password): each would make
 * it step down if accepted (priority 255); each is dropped, counted under its reason, and the
 * instance stays MASTER. A valid priority-255 advert at the end does make it step down, which
 * shows the hostile ones reached it.
 */
@PeerTest(root = true, netns = true, commands = "ip", packages = "iproute2")
class HostilePacketsPeerTest {

  static final Inet4Address SRC = (Inet4Address) addr("10.99.0.12");
  static final Inet4Address GROUP = (Inet4Address) addr("224.0.0.18");

  static byte[] ip(byte[] payload, int ttl) {
    byte[] h = Ipv4Header.build(0, 0xc0, ttl, 112, SRC, GROUP, payload.length);
    byte[] p = Arrays.copyOf(h, h.length + payload.length);
    System.arraycopy(payload, 0, p, h.length, payload.length);
    return p;
  }

  @Test
  void hostilePacketsAreDroppedAndCountedAndTheMasterStaysMaster() throws Exception {
    try (VrrpLab lab = VrrpLab.up(2)) {
      VrrpRouter r = lab.router(1, VrrpInstanceConfig.builder("VI_1", "eth0", 51)
          .priority(150).password("s3cret").advertInterval(Duration.ofSeconds(1))
          .virtualAddress(VirtualAddress.parse("10.99.0.100/24")).build());
      String ns2 = lab.host(2).name();
      int if2 = NetNamespace.interfaceIndex(ns2, "eth0");
      try (RawIpSocket tx = NetNamespace.callIn(ns2, () -> RawIpSocket.open(false, 112))) {
        tx.bindToDevice("eth0").headerIncluded(true).multicastInterface(if2);
        r.start();
        VrrpInstance vi = r.instances().get("VI_1");
        assertThat(VrrpLab.awaitMillis(() -> vi.state() == VrrpState.MASTER,
            Duration.ofSeconds(8))).isNotNegative();
        Advertisement good = Advertisement.builder(VrrpVersion.V2, 51).priority(255)
            .password("s3cret").address(addr("10.99.0.100")).build();
        byte[] valid = good.encode(SRC, GROUP);

        send(tx, ip(valid, 64), () -> vi.counters().dropped(DropReason.BAD_TTL));
        byte[] badSum = valid.clone();
        badSum[6] ^= 0x55;
        send(tx, ip(badSum, 255), () -> vi.counters().dropped(DropReason.BAD_CHECKSUM));
        byte[] wrongPass = good.toBuilder().password("guess").build().encode(SRC, GROUP);
        send(tx, ip(wrongPass, 255), () -> vi.counters().dropped(DropReason.AUTH_MISMATCH));
        send(tx, ip(Arrays.copyOf(valid, 6), 255),
            () -> vi.counters().dropped(DropReason.TRUNCATED));
        send(tx, ip(Arrays.copyOf(valid, valid.length + 200), 255),
            () -> vi.counters().dropped(DropReason.OVERSIZED));
        byte[] v5 = valid.clone();
        v5[0] = 0x51;
        send(tx, ip(v5, 255), () -> vi.counters().dropped(DropReason.BAD_VERSION));
        byte[] slow = good.toBuilder().interval(Duration.ofSeconds(3)).build().encode(SRC, GROUP);
        send(tx, ip(slow, 255), () -> vi.counters().dropped(DropReason.INTERVAL_MISMATCH));
        byte[] otherVrid = Advertisement.builder(VrrpVersion.V2, 99).priority(255)
            .address(addr("10.99.0.99")).build().encode(SRC, GROUP);
        send(tx, ip(otherVrid, 255), () -> r.counters().dropped(DropReason.UNKNOWN_VRID));

        assertThat(vi.state()).isEqualTo(VrrpState.MASTER);
        assertThat(lab.owners("10.99.0.100")).isEqualTo(List.of(1));
        assertThat(vi.counters().droppedTotal()).isEqualTo(7);

        // control: the same packet, valid, does take effect
        tx.sendTo(ip(valid, 255), GROUP);
        assertThat(VrrpLab.awaitMillis(() -> vi.state() == VrrpState.BACKUP,
            Duration.ofSeconds(3))).isNotNegative();
        assertThat(lab.owners("10.99.0.100")).isEmpty();
      } finally {
        r.close();
      }
    }
  }

  private static void send(RawIpSocket tx, byte[] pkt, LongSupplier counter) {
    long before = counter.getAsLong();
    tx.sendTo(pkt, GROUP);
    assertThat(VrrpLab.awaitMillis(() -> counter.getAsLong() == before + 1,
        Duration.ofSeconds(3))).as("counted").isNotNegative();
  }
}
