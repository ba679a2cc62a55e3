package io.hablocks.stonith;

import static org.assertj.core.api.Assertions.assertThat;

import io.hablocks.api.fence.FenceAction;
import io.hablocks.testkit.ManualClock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A two-node cluster configured to fence without quorum (the configuration "says otherwise"):
 * on a split both sides fence; priority-fencing-delay makes the node with the higher priority
 * win the race.
 */
// a hang fails the test instead of stalling the build
@Timeout(30)
class TwoNodeFencingRaceTest {

  @Test
  void theNodeWithTheHigherPriorityWins() {
    ManualClock clock = new ManualClock();
    TestCluster cluster = new TestCluster(clock, "n1", "n2");
    PowerSwitch power = new PowerSwitch();
    Map<String, Integer> priority = Map.of("n1", 10, "n2", 0);
    Fencer f1 = build(clock, cluster, power, priority, "n1");
    Fencer f2 = build(clock, cluster, power, priority, "n2");
    try {
      cluster.start();
      clock.runDue();
      cluster.partition(Set.of("n1"), Set.of("n2"));
      clock.runDue();
      // neither side is quorate (1 of 2 votes), yet both fence: fenceWithoutQuorum(true).
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

  private static Fencer build(ManualClock clock, TestCluster cluster, PowerSwitch power,
      Map<String, Integer> priority, String n) {
    return Fencer.builder(clock, n).executor(Runnable::run)
        .membership(cluster.engine(n)).quorum(cluster.quorum(n)).fenceWithoutQuorum(true)
        .fenceLostNodes(true, FenceAction.OFF)
        .priorityFencingDelay(Duration.ofSeconds(5), node -> priority.getOrDefault(node, 0))
        .device(StonithDevice.java(power.reachedFrom(n), Map.of("pcmk_host_list", "n1 n2")))
        .build();
  }
}
