package io.hablocks.hactl.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.hablocks.api.fence.FenceAction;
import io.hablocks.hactl.Hactl;
import io.hablocks.stonith.FenceOperation;
import io.hablocks.stonith.FencingGate;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Runs the demo's story and checks its facts against the rules of the systems the modules mirror
 * (votequorum's majority, Pacemaker's CIB versioning and fencing), so the demo fails when a
 * module regresses rather than printing a wrong story.
 */
@Timeout(60)
class ClusterDemoTest {

  private static String run(ClusterDemo.Facts[] facts) {
    StringWriter text = new StringWriter();
    facts[0] = new ClusterDemo(new PrintWriter(text, true), true).run();
    return text.toString();
  }

  @Test
  void theStoryHoldsQuorumFencingAndConvergence() {
    ClusterDemo.Facts[] box = new ClusterDemo.Facts[1];
    run(box);
    ClusterDemo.Facts f = box[0];

    // three nodes, one vote each: quorum 2, all quorate
    assertThat(f.quorateAtStart()).isEqualTo(3);
    // a configuration change made on the writer: epoch 1 -> 2, the same CIB everywhere
    assertThat(f.changeSeenEverywhere()).isTrue();
    assertThat(f.cibAfterChange()).containsOnlyKeys("node1", "node2", "node3")
        .allSatisfy((n, v) -> assertThat(v).as(n).isEqualTo("0.2.0"));

    // node3 cut off: 2 of 3 votes keep quorum, 1 of 3 does not
    assertThat(f.quorateAfterCut()).isEqualTo(Map.of("node1", true, "node2", true,
        "node3", false));
    assertThat(f.totalVotesAfterCut()).isEqualTo(Map.of("node1", 2, "node2", 2, "node3", 1));
    assertThat(f.minorityUpdateError()).contains("no quorum");
    // node3 alone may not fence anybody
    assertThat(f.minorityFencing()).hasSize(2).allSatisfy(op -> {
      assertThat(op.state()).isEqualTo(FenceOperation.State.FAILED);
      assertThat(op.reason()).contains("no quorum");
    });
    assertThat(f.minorityFencing()).extracting(FenceOperation::target)
        .containsExactlyInAnyOrder("node1", "node2");

    // the quorate side fences node3 once (both asked, merged), after pcmk_delay_base
    assertThat(f.blockedWhileFencing().recoverable()).isFalse();
    assertThat(f.blockedWhileFencing().state()).isEqualTo(FencingGate.NodeState.UNCLEAN);
    FenceOperation op = f.fencing();
    assertThat(op.target()).isEqualTo("node3");
    assertThat(op.action()).isEqualTo(FenceAction.OFF);
    assertThat(op.succeeded()).isTrue();
    assertThat(op.executor()).isIn("node1", "node2");
    assertThat(op.clients()).containsExactlyInAnyOrder("membership@node1", "membership@node2");
    assertThat(Duration.between(op.requested(), op.completed()))
        .isGreaterThanOrEqualTo(Duration.ofSeconds(2));
    // recovery only once fencing is confirmed
    assertThat(f.recoverableAt()).isNotNull();
    assertThat(ClusterDemo.ORIGIN.plus(f.recoverableAt())).isAfterOrEqualTo(op.completed());
    assertThat(f.recoverableAt()).isLessThanOrEqualTo(f.fencingDoneAt());

    // heal: node3 comes back with 0.2.0; the quorate side's 0.2.1 (status update) wins
    assertThat(f.quorateAfterHeal()).isEqualTo(3);
    assertThat(f.convergedAfterHeal()).isTrue();
    assertThat(f.cibAfterHeal()).containsOnlyKeys("node1", "node2", "node3")
        .allSatisfy((n, v) -> assertThat(v).as(n).isEqualTo("0.2.1"));

    // wrr: both servers get connections; a server at weight 0 gets no new one
    List<String> picks = f.ipvsPicks();
    assertThat(picks).hasSize(5);
    assertThat(picks.subList(0, 3)).contains("10.0.1.1:80", "10.0.1.2:80");
    assertThat(picks.subList(3, 5)).containsOnly("10.0.1.2:80");

    assertThat(f.fencerDropped()).isZero();
  }

  @Test
  void theStoryIsTheSameEveryRun() {
    ClusterDemo.Facts[] box = new ClusterDemo.Facts[1];
    String first = run(box);
    String second = run(box);
    assertThat(second).isEqualTo(first);
    assertThat(first).contains("[t+").contains("Quorate:          No")
        .contains("Activity blocked");
  }

  @Test
  void hactlDemoTellsTheStoryThenListsTheModules() {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Hactl.commandLine(new PrintWriter(out, true), new PrintWriter(err, true))
        .execute("demo");
    assertThat(code).as(err.toString()).isZero();
    String text = out.toString();
    assertThat(text.indexOf("== 1.")).isPositive()
        .isLessThan(text.indexOf("== What ha-blocks has built so far"));
    assertThat(text).contains("  ha-quorum ").contains("hactl demo");

    StringWriter out2 = new StringWriter();
    assertThat(Hactl.commandLine(new PrintWriter(out2, true), new PrintWriter(err, true))
        .execute("demo", "--modules")).isZero();
    assertThat(out2.toString()).doesNotContain("== 1.").contains("  ha-quorum ");
  }
}
