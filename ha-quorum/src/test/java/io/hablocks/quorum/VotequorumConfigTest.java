package io.hablocks.quorum;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hablocks.api.NodeId;
import io.hablocks.api.QuorumState;
import io.hablocks.api.MembershipView;
import java.time.Duration;
import java.util.Set;
import io.hablocks.api.Node;
import org.junit.jupiter.api.Test;

class VotequorumConfigTest {

  static VotequorumConfig.Builder three() {
    return VotequorumConfig.builder().node(1, 1).node(2, 1).node(3, 1);
  }

  @Test
  void needsNodelistOrExpectedVotes() {
    assertThatThrownBy(() -> VotequorumConfig.builder().build())
        .isInstanceOf(QuorumConfigException.class)
        .hasMessageContaining("quorum.expected_votes")
        .hasMessageContaining("nodelist or quorum.expected_votes must be configured!");
    VotequorumConfig c = VotequorumConfig.builder().expectedVotes(3).build();
    assertThat(c.resolve(NodeId.of(7)).nodeExpectedVotes()).isEqualTo(3);
    assertThat(c.resolve(NodeId.of(7)).nodeVotes()).isEqualTo(1);
  }

  @Test
  void nodeOutsideTheNodelistIsRefused() {
    assertThatThrownBy(() -> three().build().resolve(NodeId.of(9)))
        .isInstanceOf(QuorumConfigException.class).hasMessageContaining("not in the nodelist");
  }

  @Test
  void corosyncsFatalCombinations() {
    assertThatThrownBy(() -> VotequorumConfig.builder().node(1, 1).node(2, 1).twoNode(true)
        .quorumDevice(1).build())
        .hasMessage("quorum.two_node: configuration error: two_node and quorum device cannot be"
            + " configured at the same time!");
    assertThatThrownBy(() -> three().autoTieBreaker(AutoTieBreaker.lowest())
        .lastManStanding(true).build())
        .hasMessageContaining("auto_tie_breaker & last_man_standing not available in odd sized");
    assertThatThrownBy(() -> three().quorumDevice(1).lastManStanding(true).build())
        .hasMessageContaining("quorum.device is not compatible with last_man_standing");
    assertThatThrownBy(() -> three().quorumDevice(1).waitForAll(true)
        .autoTieBreaker(AutoTieBreaker.lowest()).build())
        .hasMessageContaining("quorum.device is not compatible with auto_tie_breaker");
    assertThatThrownBy(() -> three().quorumDevice(1).allowDownscale(true).build())
        .hasMessageContaining("quorum.device is not compatible with allow_downscale");
    assertThatThrownBy(() -> three().expectedVotes(4).quorumDevice(-1).build())
        .hasMessageContaining("quorum.device.votes must be specified when quorum.expected_votes");
    assertThatThrownBy(() -> VotequorumConfig.builder().node(1, 2).node(2, 1).quorumDevice(-1)
        .build()).hasMessageContaining("must be specified when not all nodes votes 1");
    assertThatThrownBy(() -> three().expectedVotes(4).quorumDevice(3).build())
        .hasMessageContaining("quorum.device.votes is too high or expected_votes is too low");
  }

  @Test
  void qdeviceVotesAreWorkedOutFromTheNodelist() {
    VotequorumConfig c = three().quorumDevice(-1).build();
    // 3 nodes of 1 vote: the device gets 2, expected votes become 5
    assertThat(c.resolve(NodeId.of(1)).nodeExpectedVotes()).isEqualTo(5);
  }

  @Test
  void corosyncsAdjustmentsAreWarnedOrRefusedWhenStrict() {
    VotequorumConfig c = three().autoTieBreaker(AutoTieBreaker.lowest()).build();
    VotequorumConfig.Effective e = c.resolve(NodeId.of(1));
    assertThat(e.autoTieBreaker().enabled()).isFalse();
    assertThat(e.warnings()).singleElement().asString()
        .contains("auto_tie_breaker has been disabled");
    assertThatThrownBy(() -> three().autoTieBreaker(AutoTieBreaker.lowest()).strict(true).build())
        .isInstanceOf(QuorumConfigException.class)
        .extracting(x -> ((QuorumConfigException) x).setting())
        .isEqualTo("quorum.auto_tie_breaker");

    VotequorumConfig two = VotequorumConfig.builder().node(1, 1).node(2, 1).twoNode(true)
        .autoTieBreaker(AutoTieBreaker.highest()).build();
    VotequorumConfig.Effective e2 = two.resolve(NodeId.of(2));
    assertThat(e2.twoNode()).isFalse();
    assertThat(e2.waitForAll()).as("wait_for_all was set from two_node before").isTrue();
    assertThat(e2.warnings()).singleElement().asString().contains("two_node has been disabled");
  }

  @Test
  void twoNodeImpliesWaitForAllUnlessSetOff() {
    VotequorumConfig.Builder b = VotequorumConfig.builder().node(1, 1).node(2, 1).twoNode(true);
    assertThat(b.build().resolve(NodeId.of(1)).waitForAll()).isTrue();
    assertThat(b.waitForAll(false).build().resolve(NodeId.of(1)).waitForAll()).isFalse();
  }

  @Test
  void badValuesNameTheSetting() {
    assertThatThrownBy(() -> VotequorumConfig.builder().node(1, -1))
        .hasMessageStartingWith("nodelist.node(1).quorum_votes:");
    assertThatThrownBy(() -> VotequorumConfig.builder().lastManStandingWindow(Duration.ZERO))
        .hasMessageStartingWith("quorum.last_man_standing_window:");
    assertThatThrownBy(() -> AutoTieBreaker.parse("lowest-ish"))
        .hasMessageContaining("It must be 'lowest', 'highest' or a space-separated list");
    assertThat(AutoTieBreaker.parse(" 3 1 2 ").nodes()).containsExactly(NodeId.of(3),
        NodeId.of(1), NodeId.of(2));
    assertThat(AutoTieBreaker.parse("highest")).isEqualTo(AutoTieBreaker.highest());
  }

  @Test
  void pureCalculatorStepByStep() {
    Node n1 = Node.of(1, "a");
    Node n2 = Node.of(2, "b");
    Votequorum q = Votequorum.start(VotequorumConfig.ofNodes(3), n1.id());
    MembershipView alone = MembershipView.initial(1, Set.of(n1));
    assertThat(q.state(alone).quorate()).isFalse();
    assertThat(q.state(alone).quorum()).isEqualTo(2);
    Votequorum q2 = Votequorum.start(VotequorumConfig.ofNodes(3), n2.id());
    MembershipView both = MembershipView.initial(2, Set.of(n1, n2));
    Votequorum a = q.syncInit(both);
    Votequorum b = q2.syncInit(both);
    Votequorum after = a.deliver(a.nodeInfo()).deliver(b.nodeInfo()).syncActivate();
    QuorumState s = after.state(both);
    assertThat(s.quorate()).isTrue();
    assertThat(s.totalVotes()).isEqualTo(2);
    assertThat(s.quorum()).isEqualTo(2);
    // the earlier value is untouched
    assertThat(q.state(alone).quorate()).isFalse();
    assertThat(after.checkExpectedVotes(1)).contains("CS_ERR_INVALID_PARAM");
    assertThat(after.checkExpectedVotes(2)).isNull();
    assertThat(after.checkVotes(NodeId.of(9), 1)).contains("CS_ERR_NAME_NOT_FOUND");
  }

  @Test
  void noQuorumPolicyDecisions() {
    assertThat(NoQuorumPolicy.parse("freeze")).isEqualTo(NoQuorumPolicy.FREEZE);
    assertThatThrownBy(() -> NoQuorumPolicy.parse("panic"))
        .hasMessageStartingWith("no-quorum-policy:");
    for (NoQuorumPolicy p : NoQuorumPolicy.values()) {
      assertThat(p.decide(true).mayStart()).isTrue();
      assertThat(p.decide(true).stopResources()).isFalse();
    }
    assertThat(NoQuorumPolicy.STOP.decide(false).stopResources()).isTrue();
    assertThat(NoQuorumPolicy.STOP.decide(false).mayStart()).isFalse();
    assertThat(NoQuorumPolicy.FREEZE.decide(false).keepRunning()).isTrue();
    assertThat(NoQuorumPolicy.FREEZE.decide(false).mayStart()).isFalse();
    assertThat(NoQuorumPolicy.FREEZE.decide(false).stopResources()).isFalse();
    assertThat(NoQuorumPolicy.IGNORE.decide(false).mayStart()).isTrue();
    assertThat(NoQuorumPolicy.DEMOTE.decide(false).demotePromoted()).isTrue();
    assertThat(NoQuorumPolicy.DEMOTE.decide(false).mayPromote()).isFalse();
    assertThat(NoQuorumPolicy.SUICIDE.decide(false).fencePartition()).isTrue();
    assertThat(NoQuorumPolicy.STOP.value()).isEqualTo("stop");
  }
}
