package io.hablocks.vrrp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hablocks.testkit.ManualClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The router's logic on a ManualClock and an in-memory transport. */
class VrrpRouterTest {

  final ManualClock clock = new ManualClock();
  final FakeTransport net = new FakeTransport(clock, "10.99.0.11");

  VrrpRouter router() {
    return VrrpRouter.builder().clock(clock).transport(net).runScripts(true).build();
  }

  static VrrpInstanceConfig.Builder vi(String name, int vrid) {
    return VrrpInstanceConfig.builder(name, "eth0", vrid).priority(150)
        .virtualAddress(VirtualAddress.parse("10.99.0." + vrid + "/24"));
  }

  static Duration mdi(int prio) {
    return Duration.ofSeconds(3).plusNanos((256L - prio) * 1_000_000L / 256 * 1000);
  }

  @Test
  void masterAddsVipsAndSendsGarpBurstsThenRefreshes() {
    VrrpRouter r = router();
    VrrpInstance i = r.addInstance(vi("VI_1", 51).garpMasterDelay(Duration.ofSeconds(5))
        .garpMasterRepeat(3).garpMasterRefresh(Duration.ofSeconds(60)).build());
    r.start();
    clock.advanceUntil(() -> i.state() == VrrpState.MASTER, Duration.ofSeconds(10));
    assertThat(net.events).containsExactly("add VI_1");
    assertThat(net.announces.get("VI_1")).isEqualTo(3);
    clock.advance(Duration.ofSeconds(5));
    assertThat(net.announces.get("VI_1")).isEqualTo(6);
    clock.advance(Duration.ofSeconds(55));
    assertThat(net.announces.get("VI_1")).isEqualTo(7);
    r.close();
    assertThat(net.prios("VI_1")).last().isEqualTo(0);
    assertThat(net.events).containsSubsequence("add VI_1", "remove VI_1", "close");
  }

  @Test
  void abortSendsNothingAndKeepsTheVip() {
    VrrpRouter r = router();
    VrrpInstance i = r.addInstance(vi("VI_1", 51).build());
    r.start();
    clock.advanceUntil(() -> i.state() == VrrpState.MASTER, Duration.ofSeconds(10));
    int before = net.sent.size();
    r.abort();
    clock.advance(Duration.ofSeconds(10));
    assertThat(net.sent).hasSize(before);
    assertThat(net.events).doesNotContain("remove VI_1");
  }

  @Test
  void hostilePacketsAreCountedWhereTheyBelongAndChangeNothing() {
    VrrpRouter r = router();
    VrrpInstance i = r.addInstance(vi("VI_1", 51).password("pw").build());
    r.start();
    clock.advanceUntil(() -> i.state() == VrrpState.MASTER, Duration.ofSeconds(10));
    Advertisement strong = Advertisement.builder(VrrpVersion.V2, 51).priority(255).password("pw")
        .address(VrrpLab.addr("10.99.0.51")).build();
    net.inject("eth0", strong, "10.99.0.12", 254);
    net.inject("eth0", strong.toBuilder().password("x").build(), "10.99.0.12", 255);
    net.inject("eth0", strong.toBuilder().interval(Duration.ofSeconds(2)).build(), "10.99.0.12",
        255);
    net.inject("eth0", Advertisement.builder(VrrpVersion.V3, 51).priority(255)
        .address(VrrpLab.addr("10.99.0.51")).build(), "10.99.0.12", 255);
    net.inject("eth0", strong, "10.99.0.11", 255); // our own address
    net.receiver.packet("eth0", new byte[] {0x21, 51, 1}, VrrpLab.addr("10.99.0.12"),
        VrrpLab.addr("224.0.0.18"), 255);
    net.inject("eth1", strong, "10.99.0.12", 255); // no instance on eth1
    assertThat(i.counters().snapshot()).containsEntry(DropReason.BAD_TTL, 1L)
        .containsEntry(DropReason.AUTH_MISMATCH, 1L)
        .containsEntry(DropReason.INTERVAL_MISMATCH, 1L)
        .containsEntry(DropReason.BAD_VERSION, 1L)
        .containsEntry(DropReason.OWN_PACKET, 1L)
        .containsEntry(DropReason.TRUNCATED, 1L);
    assertThat(r.counters().dropped(DropReason.UNKNOWN_VRID)).isEqualTo(1);
    assertThat(i.state()).isEqualTo(VrrpState.MASTER);
    net.inject("eth0", Advertisement.builder(VrrpVersion.V2, 51).priority(200).password("pw")
        .address(VrrpLab.addr("10.99.0.77")).build(), "10.99.0.12", 255);
    assertThat(i.counters().addressListMismatchCount()).isEqualTo(1);
    assertThat(i.state()).isEqualTo(VrrpState.BACKUP);
  }

  @Test
  void unicastAcceptsOnlyConfiguredPeers() {
    VrrpRouter r = router();
    VrrpInstance i = r.addInstance(vi("VI_1", 51).version(VrrpVersion.V3)
        .unicastPeer(VrrpLab.addr("10.99.0.12")).build());
    r.start();
    clock.advanceUntil(() -> i.state() == VrrpState.MASTER, Duration.ofSeconds(10));
    Advertisement a = Advertisement.builder(VrrpVersion.V3, 51).priority(255)
        .address(VrrpLab.addr("10.99.0.51")).build();
    net.inject("eth0", a, "10.99.0.13", 255);
    assertThat(i.counters().dropped(DropReason.UNKNOWN_PEER)).isEqualTo(1);
    net.inject("eth0", a, "10.99.0.12", 64); // unicast may cross routers: TTL not checked
    assertThat(i.state()).isEqualTo(VrrpState.BACKUP);
  }

  @Test
  void trackedHealthLowersPriorityAndWeightZeroMeansFault() {
    VrrpRouter r = router();
    VrrpInstance i = r.addInstance(vi("VI_1", 51).build());
    HealthTracker app = i.track("app", -60);
    HealthTracker disk = i.track("disk", 0);
    HealthTracker bonus = i.track("bonus", 10);
    r.start();
    assertThat(i.effectivePriority()).isEqualTo(160);
    clock.advanceUntil(() -> i.state() == VrrpState.MASTER, Duration.ofSeconds(10));
    app.set(false);
    assertThat(i.effectivePriority()).isEqualTo(100);
    clock.advance(Duration.ofSeconds(1));
    assertThat(net.prios("VI_1")).last().isEqualTo(100);
    disk.set(false);
    assertThat(i.state()).isEqualTo(VrrpState.FAULT);
    assertThat(net.prios("VI_1")).last().isEqualTo(0);
    assertThat(net.events).endsWith("remove VI_1");
    disk.set(true);
    assertThat(i.state()).isEqualTo(VrrpState.BACKUP);
    bonus.set(false);
    app.set(true);
    assertThat(i.effectivePriority()).isEqualTo(150);
    r.close();
  }

  @Test
  void trackInterfaceAndTrackFileAreChecked(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("prio");
    Files.writeString(f, "0\n");
    VrrpRouter r = router();
    VrrpInstance i = r.addInstance(vi("VI_1", 51).trackInterface("eth1", 0)
        .trackInterface("eth2", -30).trackFile(f.toString(), 5).build());
    r.start();
    clock.advanceUntil(() -> i.state() == VrrpState.MASTER, Duration.ofSeconds(10));
    net.links.put("eth2", false);
    clock.advance(Duration.ofSeconds(1));
    assertThat(i.effectivePriority()).isEqualTo(120);
    Files.writeString(f, "4\n");
    clock.advance(Duration.ofSeconds(1));
    assertThat(i.effectivePriority()).isEqualTo(140);
    net.links.put("eth1", false);
    clock.advance(Duration.ofSeconds(1));
    assertThat(i.state()).isEqualTo(VrrpState.FAULT);
    net.links.put("eth1", true);
    clock.advance(Duration.ofSeconds(1));
    assertThat(i.state()).isEqualTo(VrrpState.BACKUP);
    r.close();
  }

  @Test
  void vrrpScriptRiseAndFallDriveTheWeight(@TempDir Path dir) throws Exception {
    Path ok = dir.resolve("ok");
    Path runs = dir.resolve("runs");
    Path sh = dir.resolve("chk.sh");
    Files.writeString(sh, "#!/bin/sh\necho x >> " + runs + "\ntest -f " + ok + "\n");
    VrrpRouter r = router();
    r.addScript(new VrrpScript("chk", "/bin/sh " + sh, Duration.ofSeconds(1),
        Duration.ofSeconds(1), -50, 2, 3));
    VrrpInstance i = r.addInstance(vi("VI_1", 51).trackScript("chk", 0).build());
    r.start();
    assertThat(i.effectivePriority()).isEqualTo(150);
    runClockUntil(() -> i.effectivePriority() == 100);
    assertThat(lines(runs)).as("down only after fall=3 failures").isGreaterThanOrEqualTo(3);
    Files.writeString(ok, "");
    int before = lines(runs);
    runClockUntil(() -> i.effectivePriority() == 150);
    assertThat(lines(runs) - before).as("up only after rise=2 successes")
        .isGreaterThanOrEqualTo(2);
    r.close();
  }

  static int lines(Path p) throws java.io.IOException {
    return Files.exists(p) ? Files.readAllLines(p).size() : 0;
  }

  /** Moves the manual clock in small steps while script processes run in real time. */
  private void runClockUntil(java.util.function.BooleanSupplier cond) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!cond.getAsBoolean()) {
      assertThat(System.nanoTime()).as("condition within 20 s").isLessThan(end);
      clock.advance(Duration.ofMillis(100));
      Thread.sleep(5); // lets the script process run; the clock, not this, paces the checks
    }
  }

  @Test
  void notifyScriptsGetKeepalivedsArgumentsAndListenersEveryChange(@TempDir Path dir)
      throws Exception {
    Path log = dir.resolve("notify.log");
    Path script = dir.resolve("notify.sh");
    Files.writeString(script, "#!/bin/sh\necho \"$@\" >> " + log + "\n");
    script.toFile().setExecutable(true);
    VrrpRouter r = router();
    VrrpInstance i = r.addInstance(vi("VI_1", 51).notifyScript(script.toString()).build());
    List<String> seen = new ArrayList<>();
    CountDownLatch three = new CountDownLatch(3);
    i.addListener((inst, from, to) -> seen.add(from + ">" + to));
    r.start();
    clock.advanceUntil(() -> i.state() == VrrpState.MASTER, Duration.ofSeconds(10));
    r.close();
    assertThat(seen).containsExactly("INIT>BACKUP", "BACKUP>MASTER", "MASTER>INIT");
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < end && (!Files.exists(log)
        || Files.readAllLines(log).size() < 3)) {
      Thread.sleep(10);
    }
    assertThat(Files.readAllLines(log)).containsExactlyInAnyOrder("INSTANCE VI_1 BACKUP 150",
        "INSTANCE VI_1 MASTER 150", "INSTANCE VI_1 STOP 150");
    three.countDown();
  }

  @Test
  void syncGroupMembersFollowEachOther() {
    VrrpRouter r = router();
    VrrpInstance a = r.addInstance(vi("VI_A", 51).priority(150).build());
    VrrpInstance b = r.addInstance(vi("VI_B", 52).priority(100).build());
    r.addSyncGroup("G", List.of("VI_A", "VI_B"));
    r.start();
    clock.advanceUntil(() -> a.state() == VrrpState.MASTER, Duration.ofSeconds(10));
    clock.runDue();
    assertThat(b.state()).as("B follows A to MASTER before its own timer")
        .isEqualTo(VrrpState.MASTER);
    net.inject("eth0", Advertisement.builder(VrrpVersion.V2, 51).priority(200)
        .address(VrrpLab.addr("10.99.0.51")).build(), "10.99.0.12", 255);
    assertThat(a.state()).isEqualTo(VrrpState.BACKUP);
    clock.runDue();
    assertThat(b.state()).isEqualTo(VrrpState.BACKUP);
    assertThatThrownBy(() -> router().addSyncGroup("X", List.of("nope")))
        .hasMessageContaining("no vrrp_instance nope");
  }

  @Test
  void duplicateVridOnAnInterfaceIsRejected() {
    VrrpRouter r = router();
    r.addInstance(vi("VI_1", 51).build());
    assertThatThrownBy(() -> r.addInstance(vi("VI_2", 51).build()))
        .hasMessageContaining("share virtual_router_id 51 on eth0");
  }
}
