package io.hablocks.vrrp;

import static org.assertj.core.api.Assertions.assertThat;

import io.hablocks.testkit.PeerTest;
import io.hablocks.vrrp.internal.StateMachine;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The failover measurement: two of our nodes, VRRPv3 with advert_int 0.05 s, priorities 150 and
 * 100. Master_Down_Interval for the backup is 3 x 50 ms + 30.47 ms = 180.47 ms. Host 3 timestamps
 * the adverts; five crashes (and returns) and one graceful stop are measured on the wire.
 */
@PeerTest(root = true, netns = true, commands = "ip", packages = "iproute2")
class FastFailoverPeerTest {

  private static final Logger LOG = LoggerFactory.getLogger(FastFailoverPeerTest.class);

  static VrrpInstanceConfig cfg(int prio) {
    return VrrpInstanceConfig.builder("VI_1", "eth0", 51).version(VrrpVersion.V3).priority(prio)
        .advertInterval(Duration.ofMillis(50))
        .virtualAddress(VirtualAddress.parse("10.99.0.100/24")).build();
  }

  @Test
  void failoverWith50msAdvertsStaysUnder200ms() throws Exception {
    double rfc = (150_000_000L + StateMachine.skew(VrrpVersion.V3, 100, Duration.ofMillis(50))
        .toNanos()) / 1e6;
    List<Double> crash = new ArrayList<>();
    List<Long> vipMoved = new ArrayList<>();
    try (VrrpLab lab = VrrpLab.up(3); WireLog wire = new WireLog(lab.listen(3, false))) {
      VrrpRouter b = lab.router(2, cfg(100));
      b.start();
      try {
        for (int round = 0; round < 5; round++) {
          VrrpRouter a = lab.router(1, cfg(150));
          a.start();
          assertThat(VrrpLab.awaitMillis(() -> lab.owners("10.99.0.100").equals(List.of(1)),
              Duration.ofSeconds(3))).isNotNegative();
          VrrpLab.awaitMillis(() -> false, Duration.ofMillis(300));
          long t0 = System.nanoTime();
          a.abort();
          lab.rt.get(0).deleteAddress(io.hablocks.netlink.InterfaceAddress.of(
              io.hablocks.netlink.NetNamespace.interfaceIndex(lab.host(1).name(), "eth0"),
              VrrpLab.addr("10.99.0.100"), 24));
          long moved = VrrpLab.awaitMillis(() -> lab.owners("10.99.0.100").equals(List.of(2)),
              Duration.ofSeconds(3));
          WireLog.Entry first = wire.awaitFirst(VrrpLab.ip(2), t0, Duration.ofSeconds(2));
          WireLog.Entry last = wire.last(VrrpLab.ip(1), first.nanos()).orElseThrow();
          crash.add((first.nanos() - last.nanos()) / 1e6);
          vipMoved.add(moved);
        }
        VrrpRouter a = lab.router(1, cfg(150));
        a.start();
        assertThat(VrrpLab.awaitMillis(() -> lab.owners("10.99.0.100").equals(List.of(1)),
            Duration.ofSeconds(3))).isNotNegative();
        long t0 = System.nanoTime();
        a.close();
        WireLog.Entry first = wire.awaitFirst(VrrpLab.ip(2), t0, Duration.ofSeconds(2));
        WireLog.Entry zero = wire.lastWithPrio(VrrpLab.ip(1), 0).orElseThrow();
        double graceful = (first.nanos() - zero.nanos()) / 1e6;
        LOG.info("advert_int 50 ms: crash takeover {} ms after the last advert (RFC {} ms), VIP"
            + " on the backup {} ms after the kill; graceful takeover {} ms after priority 0",
            crash, rfc, vipMoved, graceful);
        // a shared 2-core machine adds scheduling noise to single rounds: the median must be
        // under the 200 ms aim, no round may come before the RFC timer or far after it
        List<Double> sorted = crash.stream().sorted().toList();
        // The wire log stamps frames in user space: a stalled listener stamps the master's last
        // advert late and makes one round look shorter than it was. The median must sit at the
        // RFC timer (never before it) and under the 200 ms aim; single rounds get 50 ms of
        // stamping slack below and the 300 ms ceiling above.
        assertThat(sorted.get(sorted.size() / 2)).isGreaterThan(rfc - 5).isLessThan(200.0);
        for (double c : crash) {
          assertThat(c).isGreaterThan(rfc - 50).isLessThan(300.0);
        }
        assertThat(graceful).isLessThan(200.0);
      } finally {
        b.close();
      }
    }
  }
}
