package io.hablocks.stonith;

import static org.assertj.core.api.Assertions.assertThat;

import io.hablocks.api.fence.FenceAction;
import io.hablocks.quorum.VotequorumConfig;
import io.hablocks.quorum.embedded.EmbeddedCluster;
import io.hablocks.testkit.ManualClock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Two-node clusters on ha-quorum's in-JVM cluster, split in two: both sides fence, and
 * priority-fencing-delay makes the node with the higher priority win the race. Either because
 * the configuration says to fence without quorum (plain votequorum: 1 of 2 votes is no quorum),
 * or because votequorum's two_node keeps both halves quorate, as corosync does.
 */
// a hang fails the test instead of stalling the build
@Timeout(30)
class TwoNodeFencingRaceTest {

  @Test
  void withoutQuorumTheNodeWithTheHigherPriorityWins() {
    race(VotequorumConfig.ofNodes(2), true, false);
  }

  @Test
  void withTwoNodeBothHalvesAreQuorateAndTheNodeWithTheHigherPriorityWins() {
    race(VotequorumConfig.ofNodes(2).toBuilder().twoNode(true).build(), false, true);
  }

  @Test
  void withoutQuorumAndWithoutTheOptionNeitherHalfFences() {
    ManualClock clock = new ManualClock();
    PowerSwitch power = new PowerSwitch();
    try (EmbeddedCluster cluster = EmbeddedCluster.builder().nodes(2).namePrefix("n")
        .clock(clock).build()) {
      Fencer f1 = build(clock, cluster, power, Map.of(), 1, false);
      Fencer f2 = build(clock, cluster, power, Map.of(), 2, false);
      try {
        clock.advance(Duration.ofSeconds(3));
        cluster.partition(Set.of(1L), Set.of(2L));
        clock.advance(cluster.failureDetection().plusSeconds(10));
        assertThat(cluster.state(1).quorate()).isFalse();
        assertThat(cluster.state(2).quorate()).isFalse();
        assertThat(power.log).isEmpty();
        assertThat(f1.gate().mayRecover("db", "n2").reason())
            .contains("cannot fence it: partition has no quorum");
        assertThat(f2.gate().mayRecover("db", "n1").recoverable()).isFalse();
      } finally {
        f1.close();
        f2.close();
      }
    }
  }

  private static void race(VotequorumConfig quorum, boolean withoutQuorum, boolean quorate) {
    ManualClock clock = new ManualClock();
    PowerSwitch power = new PowerSwitch();
    Map<String, Integer> priority = Map.of("n1", 10, "n2", 0);
    try (EmbeddedCluster cluster = EmbeddedCluster.builder().nodes(2).namePrefix("n")
        .quorum(quorum).clock(clock).build()) {
      Fencer f1 = build(clock, cluster, power, priority, 1, withoutQuorum);
      Fencer f2 = build(clock, cluster, power, priority, 2, withoutQuorum);
      try {
        clock.advance(Duration.ofSeconds(3));
        assertThat(cluster.engine(2).view().size()).isEqualTo(2);
        cluster.partition(Set.of(1L), Set.of(2L));
        clock.advance(cluster.failureDetection().plusMillis(100));
        // real votequorum decides whether the halves are quorate
        assertThat(cluster.state(1).quorate()).isEqualTo(quorate);
        assertThat(cluster.state(2).quorate()).isEqualTo(quorate);
        // n1 fences n2 at once; n2's fencing of n1 waits 5 s (n1 has the higher priority)
        assertThat(power.log).containsExactly(new PowerSwitch.Use("n1", FenceAction.OFF, "n2"));
        clock.advance(Duration.ofSeconds(10));
        assertThat(power.log).containsExactly(new PowerSwitch.Use("n1", FenceAction.OFF, "n2"));
        assertThat(power.poweredOff).containsExactly("n2");
        assertThat(f1.gate().mayRecover("db", "n2").recoverable()).isTrue();
        assertThat(f2.history("n1")).singleElement().satisfies(op -> {
          assertThat(op.state()).isEqualTo(FenceOperation.State.FAILED);
          assertThat(op.reason()).contains("n2 is off");
        });
      } finally {
        f1.close();
        f2.close();
      }
    }
  }

  private static Fencer build(ManualClock clock, EmbeddedCluster cluster, PowerSwitch power,
      Map<String, Integer> priority, long id, boolean withoutQuorum) {
    String n = "n" + id;
    return Fencer.builder(clock, n).executor(Runnable::run)
        .membership(cluster.engine(id)).quorum(cluster.quorum(id))
        .fenceWithoutQuorum(withoutQuorum)
        .fenceLostNodes(true, FenceAction.OFF)
        .priorityFencingDelay(Duration.ofSeconds(5), node -> priority.getOrDefault(node, 0))
        .device(StonithDevice.java(power.reachedFrom(n), Map.of("pcmk_host_list", "n1 n2")))
        .build();
  }
}
