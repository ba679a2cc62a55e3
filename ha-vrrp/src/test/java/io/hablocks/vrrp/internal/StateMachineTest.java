package io.hablocks.vrrp.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.hablocks.testkit.ManualClock;
import io.hablocks.vrrp.Advertisement;
import io.hablocks.vrrp.VrrpState;
import io.hablocks.vrrp.VrrpVersion;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every timer of the VRRP state machine, on a ManualClock and an in-memory segment. */
class StateMachineTest {

  final ManualClock clock = new ManualClock();
  final List<Node> segment = new ArrayList<>();

  /** One router on the simulated segment: adverts go to every other running router at once. */
  final class Node implements StateMachine.Actions {
    final String name;
    final InetAddress addr;
    final StateMachine sm;
    final List<String> log = new ArrayList<>();
    final List<Long> sentAt = new ArrayList<>();
    final VrrpVersion version;
    boolean wire = true;

    Node(String name, int lastOctet, VrrpVersion v, int prio, Duration adv, boolean preempt,
        Duration delay) throws Exception {
      this.name = name;
      this.version = v;
      this.addr = InetAddress.getByName("10.99.0." + lastOctet);
      this.sm = new StateMachine(clock,
          new StateMachine.Params(v, prio, adv, preempt, delay, addr, false), this);
      segment.add(this);
    }

    @Override
    public void sendAdvert(int priority) {
      log.add("advert " + priority);
      sentAt.add(clock.nanoTime());
      if (!wire) {
        return;
      }
      Advertisement a = Advertisement.builder(version, 51).priority(priority)
          .interval(sm.masterAdverIntervalUnlocked()).build();
      for (Node n : segment) {
        if (n != this) {
          n.sm.onAdvert(a, addr);
        }
      }
    }

    @Override
    public void stateChanged(VrrpState from, VrrpState to) {
      log.add(from + "->" + to);
    }
  }

  Node node(String name, int octet, VrrpVersion v, int prio) throws Exception {
    return new Node(name, octet, v, prio, Duration.ofSeconds(1), true, Duration.ZERO);
  }

  @Test
  void skewAndMasterDownIntervalFollowTheRfcAndKeepalived() {
    // v3: (256-prio) x interval / 256, in whole microseconds
    assertThat(StateMachine.skew(VrrpVersion.V3, 100, Duration.ofSeconds(1)))
        .isEqualTo(Duration.ofNanos(609_375_000));
    assertThat(StateMachine.skew(VrrpVersion.V3, 150, Duration.ofSeconds(1)))
        .isEqualTo(Duration.ofNanos(414_062_000));
    assertThat(StateMachine.skew(VrrpVersion.V3, 254, Duration.ofMillis(50)))
        .isEqualTo(Duration.ofNanos(390_000));
    assertThat(StateMachine.skew(VrrpVersion.V3, 100, Duration.ofMillis(200)))
        .isEqualTo(Duration.ofNanos(121_875_000));
    // v2: (256-prio)/256 seconds regardless of the interval
    assertThat(StateMachine.skew(VrrpVersion.V2, 100, Duration.ofSeconds(3)))
        .isEqualTo(Duration.ofNanos(609_375_000));
    assertThat(StateMachine.skew(VrrpVersion.V2, 150, Duration.ofSeconds(1)))
        .isEqualTo(Duration.ofNanos(414_062_000));
  }

  @Test
  void coldStartBackupBecomesMasterAfterMasterDownInterval() throws Exception {
    Node a = node("a", 11, VrrpVersion.V2, 150);
    a.sm.start();
    assertThat(a.sm.state()).isEqualTo(VrrpState.BACKUP);
    Duration t = clock.advanceUntil(() -> a.sm.state() == VrrpState.MASTER, Duration.ofSeconds(10));
    assertThat(t).isEqualTo(Duration.ofSeconds(3).plusNanos(414_062_000));
    assertThat(a.log).containsExactly("INIT->BACKUP", "advert 150", "BACKUP->MASTER");
    clock.advance(Duration.ofMillis(3000));
    assertThat(a.sentAt).hasSize(4); // one advert every second
  }

  @Test
  void ownerWithPriority255BecomesMasterAtOnce() throws Exception {
    Node o = node("o", 11, VrrpVersion.V3, 255);
    o.sm.start();
    assertThat(o.sm.state()).isEqualTo(VrrpState.MASTER);
    assertThat(o.log).containsExactly("advert 255", "INIT->MASTER");
  }

  @Test
  void crashOfMasterTakenOverAfterThreeIntervalsPlusSkewFromLastAdvert() throws Exception {
    for (VrrpVersion v : VrrpVersion.values()) {
      segment.clear();
      Node a = node("a", 11, v, 150);
      Node b = node("b", 12, v, 100);
      a.sm.start();
      b.sm.start();
      clock.advanceUntil(() -> a.sm.state() == VrrpState.MASTER, Duration.ofSeconds(10));
      clock.advance(Duration.ofMillis(2500));
      assertThat(b.sm.state()).isEqualTo(VrrpState.BACKUP);
      a.wire = false; // crash: adverts stop reaching the segment
      long lastAdvert = a.sentAt.get(a.sentAt.size() - 1);
      segment.remove(a);
      clock.advanceUntil(() -> b.sm.state() == VrrpState.MASTER, Duration.ofSeconds(10));
      Duration expected = Duration.ofSeconds(3).plus(StateMachine.skew(v, 100, Duration.ofSeconds(1)));
      assertThat(Duration.ofNanos(clock.nanoTime() - lastAdvert)).as(v.toString())
          .isEqualTo(expected);
      a.sm.stop();
      b.sm.stop();
    }
  }

  @Test
  void gracefulStopSendsPriorityZeroAndBackupTakesOverAfterSkew() throws Exception {
    Node a = node("a", 11, VrrpVersion.V3, 150);
    Node b = node("b", 12, VrrpVersion.V3, 100);
    a.sm.start();
    b.sm.start();
    clock.advanceUntil(() -> a.sm.state() == VrrpState.MASTER, Duration.ofSeconds(10));
    clock.advance(Duration.ofMillis(1500));
    long t0 = clock.nanoTime();
    a.sm.stop();
    assertThat(a.log).endsWith("advert 0", "MASTER->INIT");
    segment.remove(a);
    clock.advanceUntil(() -> b.sm.state() == VrrpState.MASTER, Duration.ofSeconds(10));
    assertThat(Duration.ofNanos(clock.nanoTime() - t0)).isEqualTo(Duration.ofNanos(609_375_000));
  }

  @Test
  void higherPriorityPreemptsAfterMasterDownIntervalAndOldMasterStepsDown() throws Exception {
    Node b = node("b", 12, VrrpVersion.V2, 100);
    b.sm.start();
    clock.advanceUntil(() -> b.sm.state() == VrrpState.MASTER, Duration.ofSeconds(10));
    Node a = node("a", 11, VrrpVersion.V2, 150);
    long t0 = clock.nanoTime();
    a.sm.start();
    clock.advanceUntil(() -> a.sm.state() == VrrpState.MASTER, Duration.ofSeconds(10));
    assertThat(Duration.ofNanos(clock.nanoTime() - t0))
        .isEqualTo(Duration.ofSeconds(3).plusNanos(414_062_000));
    assertThat(b.sm.state()).isEqualTo(VrrpState.BACKUP);
    assertThat(b.log).contains("MASTER->BACKUP");
    clock.advance(Duration.ofSeconds(20));
    assertThat(a.sm.state()).isEqualTo(VrrpState.MASTER);
    assertThat(b.sm.state()).isEqualTo(VrrpState.BACKUP);
  }

  @Test
  void nopreemptNeverTakesOverFromALowerMaster() throws Exception {
    Node b = node("b", 12, VrrpVersion.V3, 100);
    b.sm.start();
    clock.advanceUntil(() -> b.sm.state() == VrrpState.MASTER, Duration.ofSeconds(10));
    Node a = new Node("a", 11, VrrpVersion.V3, 150, Duration.ofSeconds(1), false, Duration.ZERO);
    a.sm.start();
    clock.advance(Duration.ofSeconds(60));
    assertThat(a.sm.state()).isEqualTo(VrrpState.BACKUP);
    assertThat(b.sm.state()).isEqualTo(VrrpState.MASTER);
  }

  @Test
  void preemptDelayHoldsPreemptionUntilTheDelayAfterTheFirstLowerAdvert() throws Exception {
    Node b = node("b", 12, VrrpVersion.V3, 100);
    b.sm.start();
    clock.advanceUntil(() -> b.sm.state() == VrrpState.MASTER, Duration.ofSeconds(10));
    Node a = new Node("a", 11, VrrpVersion.V3, 150, Duration.ofSeconds(1), true,
        Duration.ofSeconds(5));
    long t0 = clock.nanoTime();
    a.sm.start();
    clock.advanceUntil(() -> a.sm.state() == VrrpState.MASTER, Duration.ofSeconds(30));
    Duration took = Duration.ofNanos(clock.nanoTime() - t0);
    // the first lower advert arrives within 1 s, adverts are accepted for 5 s after it, the next
    // one is ignored and Master_Down (3.41 s) runs out from the last accepted one
    // here: first lower advert at +1 s, delay ends at +6 s, last accepted advert at +5 s
    assertThat(took).isEqualTo(Duration.ofSeconds(5).plusNanos(3_414_062_000L));
    Node c = new Node("c", 13, VrrpVersion.V3, 150, Duration.ofSeconds(1), true, Duration.ZERO);
    assertThat(c.sm.masterDownInterval()).isEqualTo(Duration.ofNanos(3_414_062_000L));
    assertThat(b.sm.state()).isEqualTo(VrrpState.BACKUP);
  }

  @Test
  void equalPriorityTieIsWonByTheHigherAddress() throws Exception {
    Node lo = node("lo", 11, VrrpVersion.V3, 100);
    lo.sm.start();
    clock.advanceUntil(() -> lo.sm.state() == VrrpState.MASTER, Duration.ofSeconds(10));
    Node hi = node("hi", 12, VrrpVersion.V3, 100);
    hi.sm.start();
    clock.advance(Duration.ofSeconds(30));
    // hi accepts lo's equal-priority adverts as backup (no preemption on equal priority)
    assertThat(hi.sm.state()).isEqualTo(VrrpState.BACKUP);
    // but if both are master at once, the lower address yields
    hi.sm.stop();
    lo.wire = false;
    StateMachine hiSm = hi.sm;
    hiSm.start();
    clock.advanceUntil(() -> hiSm.state() == VrrpState.MASTER, Duration.ofSeconds(10));
    // hi's first advert as master reached lo (a master of equal priority, lower address)
    assertThat(lo.sm.state()).isEqualTo(VrrpState.BACKUP);
    assertThat(hi.sm.state()).isEqualTo(VrrpState.MASTER);
  }

  @Test
  void v3BackupLearnsTheMastersIntervalForItsTimer() throws Exception {
    Node a = new Node("a", 11, VrrpVersion.V3, 200, Duration.ofMillis(200), true, Duration.ZERO);
    Node b = node("b", 12, VrrpVersion.V3, 100);
    a.sm.start();
    b.sm.start();
    clock.advanceUntil(() -> a.sm.state() == VrrpState.MASTER, Duration.ofSeconds(10));
    clock.advance(Duration.ofMillis(500));
    assertThat(b.sm.masterAdverInterval()).isEqualTo(Duration.ofMillis(200));
    assertThat(b.sm.masterDownInterval()).isEqualTo(Duration.ofNanos(600_000_000 + 121_875_000));
  }

  @Test
  void masterAnswersPriorityZeroWithAnAdvertAtOnce() throws Exception {
    Node a = node("a", 11, VrrpVersion.V2, 150);
    a.sm.start();
    clock.advanceUntil(() -> a.sm.state() == VrrpState.MASTER, Duration.ofSeconds(10));
    int before = a.sentAt.size();
    a.sm.onAdvert(Advertisement.builder(VrrpVersion.V2, 51).priority(0).build(),
        InetAddress.getByName("10.99.0.99"));
    assertThat(a.sentAt).hasSize(before + 1);
    assertThat(a.sm.state()).isEqualTo(VrrpState.MASTER);
  }

  @Test
  void faultFromMasterSendsPriorityZeroAndRecoveryGoesBackup() throws Exception {
    Node a = node("a", 11, VrrpVersion.V3, 150);
    a.sm.start();
    clock.advanceUntil(() -> a.sm.state() == VrrpState.MASTER, Duration.ofSeconds(10));
    a.sm.setFault(true);
    assertThat(a.log).endsWith("advert 0", "MASTER->FAULT");
    clock.advance(Duration.ofSeconds(10));
    assertThat(a.sm.state()).isEqualTo(VrrpState.FAULT);
    a.sm.setFault(false);
    assertThat(a.sm.state()).isEqualTo(VrrpState.BACKUP);
  }

  @Test
  void priorityChangeFromTrackingShiftsTheSkew() throws Exception {
    Node a = node("a", 11, VrrpVersion.V3, 100);
    a.sm.setPriority(200);
    assertThat(a.sm.skewTime()).isEqualTo(Duration.ofNanos(218_750_000));
    a.sm.setPriority(300);
    assertThat(a.sm.priority()).isEqualTo(255);
  }
}
