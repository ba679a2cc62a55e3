package io.hablocks.vrrp;

import static org.assertj.core.api.Assertions.assertThat;

import io.hablocks.netlink.Link;
import io.hablocks.testkit.PeerTest;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * use_vmac: our MASTER in host 1 creates the macvlan vrrp.51 with 00:00:5e:00:01:33, puts the
 * VIP on it and advertises through it; keepalived in host 2 (priority 100) accepts the adverts
 * and stays BACKUP; the macvlan is gone after a graceful stop.
 */
@PeerTest(root = true, netns = true, commands = {"ip", "keepalived"},
    packages = {"iproute2", "keepalived"})
class UseVmacPeerTest {

  @Test
  void vmacCarriesTheVipAndKeepalivedAcceptsOurAdverts() throws Exception {
    try (VrrpLab lab = VrrpLab.up(2)) {
      VrrpRouter r = lab.router(1, VrrpInstanceConfig.builder("VI_1", "eth0", 51)
          .version(VrrpVersion.V3).priority(150).useVmac(true)
          .virtualAddress(VirtualAddress.parse("10.99.0.100/24")).build());
      Process ka = null;
      try {
        r.start();
        VrrpInstance vi = r.instances().get("VI_1");
        assertThat(VrrpLab.awaitMillis(() -> vi.state() == VrrpState.MASTER,
            Duration.ofSeconds(8))).isNotNegative();
        Link vmac = lab.rt.get(0).link("vrrp.51").orElseThrow();
        assertThat(vmac.macString()).isEqualTo("00:00:5e:00:01:33");
        assertThat(vmac.kind()).isEqualTo("macvlan");
        assertThat(lab.rt.get(0).listAddresses(vmac.index()))
            .anyMatch(a -> a.address().equals(VrrpLab.addr("10.99.0.100")));
        ka = lab.keepalived(2, VrrpLab.kaConf(51, 100, 3, "1", "", "10.99.0.100/24 dev eth0"));
        // keepalived's own Master_Down_Interval is 3.61 s: after 5 s it is still BACKUP
        assertThat(VrrpLab.awaitMillis(() -> lab.owners("10.99.0.100").contains(2),
            Duration.ofSeconds(5))).isNegative();
        assertThat(lab.owners("10.99.0.100")).isEqualTo(List.of(1));
      } finally {
        r.close();
        if (ka != null) {
          lab.stopGracefully(2, ka);
        }
      }
      assertThat(lab.rt.get(0).link("vrrp.51")).isEmpty();
    }
  }
}
