package io.hablocks.stonith;

import static org.assertj.core.api.Assertions.assertThat;

import io.hablocks.api.fence.FenceAction;
import io.hablocks.api.fence.FenceResult;
import io.hablocks.api.MembershipView;
import io.hablocks.api.membership.MembershipListener;
import io.hablocks.api.membership.Message;
import io.hablocks.quorum.embedded.EmbeddedCluster;
import io.hablocks.testkit.ManualClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Three fencers on ha-quorum's in-JVM cluster ({@link EmbeddedCluster}: real views after token +
 * consensus, real votequorum decisions, all on one ManualClock): a node cut off is fenced by the
 * quorate side only, once, and what it ran is blocked until the result arrives.
 */
// a hang fails the test instead of stalling the build
@Timeout(30)
class InJvmClusterFencingTest {

  private final ManualClock clock = new ManualClock();
  // token 500 ms (consensus 600 ms): a cut is noticed in 1.1 s, before pcmk_delay_base (2 s)
  // ends, so an executor can be cut off before it ran
  private final EmbeddedCluster cluster = EmbeddedCluster.builder().nodes(3).namePrefix("n")
      .token(Duration.ofMillis(500)).clock(clock).build();
  private final PowerSwitch power = new PowerSwitch();
  private final Map<String, Fencer> fencers = new LinkedHashMap<>();

  @BeforeEach
  void setUp() {
    for (String n : new String[] {"n1", "n2", "n3"}) {
      fencers.put(n, Fencer.builder(clock, n).executor(Runnable::run)
          .membership(cluster.engine(id(n))).quorum(cluster.quorum(id(n)))
          .fenceLostNodes(true, FenceAction.OFF)
          .device(StonithDevice.java(power.reachedFrom(n), Map.of(
              "pcmk_host_list", "n1 n2 n3", "pcmk_delay_base", "2s")))
          .build());
    }
    // the three nodes merge (2.7 s) and are quorate
    clock.advance(Duration.ofSeconds(3));
    for (long i = 1; i <= 3; i++) {
      assertThat(cluster.engine(i).view().size()).isEqualTo(3);
      assertThat(cluster.state(i).quorate()).isTrue();
    }
  }

  @AfterEach
  void tearDown() {
    fencers.values().forEach(Fencer::close);
    cluster.close();
  }

  private static long id(String name) {
    return Long.parseLong(name.substring(1));
  }

  /** The instants at which node {@code id} installed a view of {@code size} members. */
  private List<Instant> viewsOfSize(long id, int size) {
    List<Instant> at = new CopyOnWriteArrayList<>();
    cluster.engine(id).addListener(new MembershipListener() {
      @Override
      public void viewChanged(MembershipView view) {
        if (view.size() == size) {
          at.add(clock.instant());
        }
      }

      @Override
      public void delivered(Message message) {}
    });
    at.clear();
    return at;
  }

  private void advanceTo(Instant t) {
    clock.advance(Duration.between(clock.instant(), t));
  }

  @Test
  void quorateSideFencesTheCutOffNodeOnceAndRecoveryWaitsForTheResult() {
    List<Instant> split = viewsOfSize(1, 2);
    cluster.partition(Set.of(1L, 2L), Set.of(3L));
    // nothing happens before the membership notices (token + consensus)
    clock.advance(cluster.failureDetection().minusMillis(1));
    assertThat(split).isEmpty();
    assertThat(fencers.get("n1").gate().uncleanNodes()).isEmpty();
    clock.advance(Duration.ofMillis(50));
    assertThat(split).hasSize(1);
    assertThat(cluster.state(1).quorate()).isTrue();
    assertThat(cluster.state(3).quorate()).isFalse();

    Fencer f1 = fencers.get("n1");
    Fencer f2 = fencers.get("n2");
    Fencer f3 = fencers.get("n3");
    // the quorate side: n3 is unclean, fencing is under way, its resource is blocked
    for (Fencer f : new Fencer[] {f1, f2}) {
      FencingGate.Decision d = f.gate().mayRecover("db", "n3");
      assertThat(d.recoverable()).isFalse();
      assertThat(d.state()).isEqualTo(FencingGate.NodeState.UNCLEAN);
      assertThat(d.reason()).contains("db is blocked").contains("fencing in progress");
    }
    // both members asked; the requests were merged into one operation executed by n1
    assertThat(f1.history()).hasSize(1);
    FenceOperation pending = f1.history().get(0);
    assertThat(pending.state()).isEqualTo(FenceOperation.State.PENDING);
    assertThat(pending.clients()).containsExactly("membership@n1", "membership@n2");
    assertThat(pending.executor()).isEqualTo("n1");
    assertThat(f2.history()).isEqualTo(f1.history());
    assertThat(power.log).isEmpty();

    // the cut-off side has no quorum: it fences nobody and says why
    assertThat(f3.history()).hasSize(2).allSatisfy(op -> {
      assertThat(op.state()).isEqualTo(FenceOperation.State.FAILED);
      assertThat(op.reason()).contains("partition has no quorum");
    });
    assertThat(f3.gate().mayRecover("web", "n1").reason())
        .contains("cannot fence it: partition has no quorum");

    // pcmk_delay_base = 2 s from the view change (plus the request's few ms on the network)
    advanceTo(split.get(0).plus(Duration.ofMillis(1999)));
    assertThat(f1.gate().mayRecover("db", "n3").recoverable()).isFalse();
    assertThat(power.log).isEmpty();
    advanceTo(split.get(0).plus(Duration.ofMillis(2100)));

    assertThat(power.log).containsExactly(new PowerSwitch.Use("n1", FenceAction.OFF, "n3"));
    for (Fencer f : new Fencer[] {f1, f2}) {
      FencingGate.Decision d = f.gate().mayRecover("db", "n3");
      assertThat(d.recoverable()).isTrue();
      assertThat(d.state()).isEqualTo(FencingGate.NodeState.FENCED);
      assertThat(d.reason()).contains("by n1 with power (off)");
    }
    // the result was broadcast: both members hold the same history
    assertThat(f1.history()).hasSize(1);
    FenceOperation done = f1.history().get(0);
    assertThat(done.state()).isEqualTo(FenceOperation.State.DONE);
    assertThat(done.completed()).isBetween(split.get(0).plusSeconds(2),
        split.get(0).plusMillis(2100));
    assertThat(f2.history()).isEqualTo(f1.history());
    // n3 never fenced anyone
    assertThat(power.log).noneMatch(u -> u.by().equals("n3"));
    assertThat(f3.gate().mayRecover("n1").recoverable()).isFalse();

    // n3 comes back (rebooted): clean again on the quorate side
    cluster.heal();
    clock.advance(Duration.ofSeconds(3));
    assertThat(cluster.engine(3).view().size()).isEqualTo(3);
    assertThat(f1.gate().state("n3")).isEqualTo(FencingGate.NodeState.CLEAN);
    assertThat(f1.gate().uncleanNodes()).isEmpty();
    assertThat(f3.gate().uncleanNodes()).isEmpty();
    assertThat(f3.gate().mayRecover("n1").reason()).isEqualTo("n1 is not known to have failed");
    // histories were exchanged on the merge: n3 learns how it was fenced, n1 and n2 learn what
    // n3 refused; every member now holds the same three operations
    assertThat(f3.history("n3")).singleElement().isEqualTo(done);
    assertThat(f1.history()).hasSize(3).containsExactlyInAnyOrderElementsOf(f3.history());
    assertThat(f2.history()).containsExactlyInAnyOrderElementsOf(f3.history());
    assertThat(f1.droppedMessages()).isZero();
  }

  @Test
  void aKilledNodeIsFencedAndWhatItRanWaitsForTheResult() {
    List<Instant> lost = viewsOfSize(2, 2);
    cluster.kill(3);
    clock.advance(cluster.failureDetection().plusMillis(50));
    assertThat(lost).hasSize(1);
    FencingGate.Decision d = fencers.get("n2").gate().mayRecover("db", "n3");
    assertThat(d.recoverable()).isFalse();
    assertThat(d.reason()).contains("fencing in progress");
    advanceTo(lost.get(0).plus(Duration.ofMillis(1999)));
    assertThat(fencers.get("n2").gate().mayRecover("db", "n3").recoverable()).isFalse();
    advanceTo(lost.get(0).plus(Duration.ofMillis(2100)));
    assertThat(power.log).containsExactly(new PowerSwitch.Use("n1", FenceAction.OFF, "n3"));
    assertThat(fencers.get("n2").gate().mayRecover("db", "n3").recoverable()).isTrue();
    assertThat(fencers.get("n2").history("n3")).isEqualTo(fencers.get("n1").history("n3"));
  }

  @Test
  void whenTheExecutorsNodeIsKilledTheOtherQuorateMemberFences() {
    // n1 (the lowest member, which executes) is killed: n2 and n3 keep quorum (2 of 3 votes) and
    // n2, now the lowest, fences it; then n3 is killed too: n2 alone (1 of 3) fences nobody
    cluster.kill(1);
    clock.advance(cluster.failureDetection().plusSeconds(3));
    assertThat(cluster.state(2).quorate()).isTrue();
    assertThat(power.log).containsExactly(new PowerSwitch.Use("n2", FenceAction.OFF, "n1"));
    assertThat(fencers.get("n3").gate().mayRecover("web", "n1").recoverable()).isTrue();
    cluster.kill(3);
    clock.advance(cluster.failureDetection().plusSeconds(3));
    assertThat(cluster.state(2).quorate()).isFalse();
    assertThat(power.log).hasSize(1);
    assertThat(fencers.get("n2").gate().mayRecover("db", "n3").reason())
        .contains("cannot fence it: partition has no quorum");
  }

  @Test
  void aFailingDeviceKeepsTheResourceBlockedAndSaysWhy() {
    power.answer = new FenceResult(FenceResult.EC_LOGIN_DENIED, "",
        "Unable to connect/login to fencing device");
    cluster.partition(Set.of(1L, 2L), Set.of(3L));
    clock.advance(cluster.failureDetection().plusSeconds(10));

    for (String n : new String[] {"n1", "n2"}) {
      FencingGate.Decision d = fencers.get(n).gate().mayRecover("db", "n3");
      assertThat(d.recoverable()).as(n).isFalse();
      assertThat(d.reason()).as(n).contains("db is blocked").contains("fencing failed")
          .contains("power off exit 3: Unable to connect/login to fencing device");
      assertThat(fencers.get(n).history("n3")).singleElement()
          .extracting(FenceOperation::state).isEqualTo(FenceOperation.State.FAILED);
    }
    // two tries (pcmk_off_retries default) by one member
    assertThat(power.log).hasSize(2).allMatch(u -> u.by().equals("n1"));
    clock.advance(Duration.ofMinutes(5));
    assertThat(fencers.get("n1").gate().mayRecover("db", "n3").recoverable()).isFalse();
    // once the device works, a new request fences it and unblocks
    power.answer = FenceResult.of(0);
    fencers.get("n2").fence("n3", FenceAction.OFF, "admin");
    clock.advance(Duration.ofSeconds(3));
    assertThat(fencers.get("n1").gate().mayRecover("db", "n3").recoverable()).isTrue();
    assertThat(power.log.get(2)).isEqualTo(new PowerSwitch.Use("n2", FenceAction.OFF, "n3"));
  }

  @Test
  void garbageFromAMemberIsDroppedAndCounted() {
    // votequorum shares the engine (its messages went by during the merge): another service's
    // messages are not the fencer's business and not counted as bad
    assertThat(fencers.get("n1").droppedMessages()).isZero();
    cluster.engine(2).broadcast("not a fencer message".getBytes(StandardCharsets.UTF_8));
    cluster.engine(2).broadcast("hafence=1\ntype=res\nop=x\n".getBytes(StandardCharsets.UTF_8));
    cluster.engine(2).broadcast("hafence=1".getBytes(StandardCharsets.UTF_8));
    cluster.engine(2).broadcast(("hafence=1\n" + "x".repeat(70_000)).getBytes(StandardCharsets.UTF_8));
    clock.advance(Duration.ofMillis(100));
    assertThat(fencers.get("n1").droppedMessages()).isEqualTo(3);
    fencers.get("n1").fence("n2", FenceAction.OFF, "admin");
    clock.advance(Duration.ofSeconds(3));
    assertThat(fencers.get("n3").history("n2")).singleElement()
        .extracting(FenceOperation::succeeded).isEqualTo(true);
  }

  @Test
  void anExecutorCutOffBeforeItRanIsReplacedAndDoesNotFenceWithoutQuorum() {
    // n1 asks to fence n3 (a failed stop, say); the device waits pcmk_delay_base = 2 s
    fencers.get("n1").gate().markUnclean("n3", "stop of db failed");
    fencers.get("n1").fence("n3", FenceAction.OFF, "crmd");
    clock.advance(Duration.ofMillis(100));
    assertThat(fencers.get("n2").history("n3")).singleElement()
        .extracting(FenceOperation::executor).isEqualTo("n1");
    // before the delay ends, n1 is cut off; the membership notices within token + consensus
    // (1.1 s here, less than the 2 s delay): n2 takes the operation over, n1 loses quorum
    assertThat(cluster.failureDetection()).isLessThan(Duration.ofSeconds(2));
    cluster.partition(Set.of(1L), Set.of(2L, 3L));
    clock.advance(cluster.failureDetection().plusSeconds(3));
    // n2 ran the taken-over operation, and (fenceLostNodes) fenced n1, which left; n1 ran nothing
    assertThat(power.log).containsExactly(new PowerSwitch.Use("n2", FenceAction.OFF, "n3"),
        new PowerSwitch.Use("n2", FenceAction.OFF, "n1"));
    FenceOperation onN2 = fencers.get("n2").history("n3").get(0);
    assertThat(onN2.succeeded()).isTrue();
    assertThat(onN2.executor()).isEqualTo("n2");
    assertThat(onN2.clients()).containsExactly("crmd@n1");
    assertThat(fencers.get("n3").history("n3")).isEqualTo(fencers.get("n2").history("n3"));
    // on n1: its own operation stopped for lack of quorum, and its lost-node request was refused
    assertThat(fencers.get("n1").history("n3")).hasSize(2);
    FenceOperation onN1 = fencers.get("n1").history("n3").stream()
        .filter(op -> op.clients().contains("crmd@n1")).findFirst().orElseThrow();
    assertThat(onN1.state()).isEqualTo(FenceOperation.State.FAILED);
    assertThat(onN1.reason()).contains("stopped before running power: partition has no quorum");
    assertThat(fencers.get("n1").gate().mayRecover("n3").recoverable()).isFalse();
  }

  @Test
  void aResultFromAMemberThatIsNotTheExecutorIsDropped() {
    fencers.get("n1").gate().markUnclean("n3", "lost");
    fencers.get("n1").fence("n3", FenceAction.OFF, "crmd");
    clock.advance(Duration.ofMillis(100));
    String id = fencers.get("n1").history("n3").get(0).id();
    String forged = "hafence=1\ntype=res\nop=" + id + "\ntarget=n3\naction=off\norigin=n1\n"
        + "clients=crmd@n1\nreqs=" + id + "\nexecutor=n1\nstate=DONE\nrc=0\nreason=\n"
        + "at=2026-01-01T00:00:00Z\ndone=2026-01-01T00:00:01Z\ndevices=0\n";
    cluster.engine(2).broadcast(forged.getBytes(StandardCharsets.UTF_8));
    clock.advance(Duration.ofMillis(100));
    assertThat(fencers.get("n1").droppedMessages()).isEqualTo(1);
    assertThat(fencers.get("n1").gate().mayRecover("n3").recoverable()).isFalse();
    assertThat(fencers.get("n1").history("n3").get(0).state())
        .isEqualTo(FenceOperation.State.PENDING);
    clock.advance(Duration.ofSeconds(2));
    assertThat(fencers.get("n1").gate().mayRecover("n3").recoverable()).isTrue();
    assertThat(fencers.get("n1").history("n3")).hasSize(1);
  }
}
