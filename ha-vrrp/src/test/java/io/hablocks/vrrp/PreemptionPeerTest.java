package io.hablocks.vrrp;

import static org.assertj.core.api.Assertions.assertThat;

import io.hablocks.testkit.PeerTest;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * nopreempt and preempt_delay as keepalived behaves: host 2 (priority 100) is MASTER; host 1
 * (priority 150) joins. The same scenario runs with keepalived and with our router as the
 * joining node, and with the roles of the implementations swapped.
 */
@PeerTest(root = true, netns = true, commands = {"ip", "keepalived"},
    packages = {"iproute2", "keepalived"})
class PreemptionPeerTest {

  private static final Logger LOG = LoggerFactory.getLogger(PreemptionPeerTest.class);
  static final String VIP = "10.99.0.100";
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

  /** Starts a node and returns how to stop it. */
  interface Started extends AutoCloseable {
    @Override
    void close();
  }

  static Started ours(int host, int prio, String option) {
    VrrpInstanceConfig.Builder b = VrrpInstanceConfig.builder("VI_1", "eth0", 51)
        .version(VrrpVersion.V3).priority(prio)
        .virtualAddress(VirtualAddress.parse(VIP + "/24"));
    if (option.equals("nopreempt")) {
      b.preempt(false);
    } else if (option.startsWith("preempt_delay")) {
      b.preemptDelay(Duration.ofSeconds(Long.parseLong(option.split(" ")[1])));
    }
    VrrpRouter r = lab.router(host, b.build());
    r.start();
    return r::close;
  }

  static Started keepalived(int host, int prio, String option) throws Exception {
    Process p = lab.keepalived(host, VrrpLab.kaConf(51, prio, 3, "1",
        option.isEmpty() ? "" : "  " + option + "\n", VIP + "/24 dev eth0"));
    return () -> lab.stopGracefully(host, p);
  }

  interface Starter {
    Started start(int host, int prio, String option) throws Exception;
  }

  /** @return ms from the joiner's start until it alone holds the VIP, or -1 within the limit */
  long join(Starter master, Starter joiner, String option, Duration limit) throws Exception {
    try (Started m = master.start(2, 100, "")) {
      assertThat(VrrpLab.awaitMillis(() -> lab.owners(VIP).equals(List.of(2)),
          Duration.ofSeconds(8))).isNotNegative();
      try (Started j = joiner.start(1, 150, option)) {
        long t = VrrpLab.awaitMillis(() -> lab.owners(VIP).equals(List.of(1)), limit);
        if (t < 0) {
          assertThat(lab.owners(VIP)).as("the lower master keeps the VIP").isEqualTo(List.of(2));
        }
        return t;
      }
    } finally {
      VrrpLab.awaitMillis(() -> lab.owners(VIP).isEmpty(), Duration.ofSeconds(3));
    }
  }

  @Test
  void nopreemptNeverTakesOverEitherWayRound() throws Exception {
    assertThat(join(PreemptionPeerTest::keepalived, PreemptionPeerTest::ours, "nopreempt",
        Duration.ofSeconds(6))).isNegative();
    assertThat(join(PreemptionPeerTest::ours, PreemptionPeerTest::keepalived, "nopreempt",
        Duration.ofSeconds(6))).isNegative();
  }

  @Test
  void preemptDelayTakesOverWhenKeepalivedDoes() throws Exception {
    long ka = join(PreemptionPeerTest::ours, PreemptionPeerTest::keepalived, "preempt_delay 2",
        Duration.ofSeconds(12));
    long ours = join(PreemptionPeerTest::keepalived, PreemptionPeerTest::ours, "preempt_delay 2",
        Duration.ofSeconds(12));
    LOG.info("preempt_delay 2 s: keepalived preempted after {} ms, ours after {} ms", ka, ours);
    assertThat(ka).isPositive();
    assertThat(ours).isPositive();
    assertThat((double) ours).isCloseTo(ka, org.assertj.core.api.Assertions.within(1100.0));
  }
}
