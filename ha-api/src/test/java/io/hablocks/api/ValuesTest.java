package io.hablocks.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hablocks.api.fence.FenceAction;
import io.hablocks.api.resource.AgentId;
import io.hablocks.api.resource.ExecStatus;
import io.hablocks.api.resource.OcfExitCode;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ValuesTest {

  @Test
  void nodeIdRangeIsCorosyncs() {
    assertThat(NodeId.of(NodeId.MAX).value()).isEqualTo(4294967295L);
    assertThatThrownBy(() -> NodeId.of(0)).hasMessageContaining("between 1 and 4294967295");
    assertThatThrownBy(() -> NodeId.of(NodeId.MAX + 1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> NodeId.parse("n1")).hasMessageContaining("'n1'");
    assertThat(NodeId.parse(" 42 ")).isEqualTo(NodeId.of(42));
    assertThat(NodeId.of(2).compareTo(NodeId.of(10))).isNegative();
  }

  @Test
  void nodeNameMustBeAWord() {
    assertThatThrownBy(() -> Node.of(1, "a b")).hasMessageContaining("'a b'");
    assertThat(Node.of(3, "ha3").toString()).isEqualTo("ha3(3)");
  }

  @Test
  void nextViewComputesJoinedAndLeft() {
    Node a = Node.of(1, "a");
    Node b = Node.of(2, "b");
    Node c = Node.of(3, "c");
    MembershipView v1 = MembershipView.initial(1, Set.of(a, b));
    assertThat(v1.joined()).containsExactly(a, b);
    MembershipView v2 = v1.next(5, Set.of(b, c));
    assertThat(v2.members()).containsExactly(b, c);
    assertThat(v2.joined()).containsExactly(c);
    assertThat(v2.left()).containsExactly(a);
    assertThat(v2.contains(NodeId.of(3))).isTrue();
    assertThat(v2.contains(NodeId.of(1))).isFalse();
    assertThatThrownBy(() -> v2.next(5, Set.of(b))).hasMessageContaining("must rise");
    assertThatThrownBy(() -> v2.members().add(a)).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void quorumFlagsFollowQuorateAndPrintLikeCorosyncQuorumtool() {
    MembershipView v = MembershipView.initial(1, Set.of(Node.of(1, "a")));
    QuorumState s = new QuorumState(true, 3, 3, 2, 2,
        EnumSet.of(QuorumFlag.WAIT_FOR_ALL, QuorumFlag.TWO_NODE), v);
    assertThat(s.flagWords()).isEqualTo("2Node Quorate WaitForAll");
    QuorumState lost = new QuorumState(false, 3, 3, 1, 2, EnumSet.of(QuorumFlag.QUORATE), v);
    assertThat(lost.flags()).doesNotContain(QuorumFlag.QUORATE);
    assertThat(lost.flagWords()).isEmpty();
  }

  @Test
  void agentIdsParseAsPacemakerWritesThem() {
    assertThat(AgentId.parse("ocf:heartbeat:Dummy"))
        .isEqualTo(new AgentId("ocf", "heartbeat", "Dummy"));
    assertThat(AgentId.parse("lsb:nginx").provider()).isNull();
    assertThat(AgentId.parse("stonith:fence_dummy").toString()).isEqualTo("stonith:fence_dummy");
    assertThat(AgentId.parse("systemd:getty@tty1").type()).isEqualTo("getty@tty1");
    assertThatThrownBy(() -> AgentId.parse("ocf:Dummy")).hasMessageContaining("ocf:provider:type");
    assertThatThrownBy(() -> AgentId.parse("Dummy")).hasMessageContaining("'Dummy'");
  }

  @Test
  void exitCodesCarryPacemakersNumbers() {
    assertThat(OcfExitCode.of(7)).isEqualTo(OcfExitCode.NOT_RUNNING);
    assertThat(OcfExitCode.of(191)).isEqualTo(OcfExitCode.DEGRADED_PROMOTED);
    assertThat(OcfExitCode.of(42)).isEqualTo(OcfExitCode.ERR_GENERIC);
    assertThat(ExecStatus.of(2)).isEqualTo(ExecStatus.TIMEOUT);
    assertThat(ExecStatus.PENDING.code()).isEqualTo(-1);
    assertThat(FenceAction.parse("list-status")).isEqualTo(FenceAction.LIST_STATUS);
    assertThatThrownBy(() -> FenceAction.parse("explode")).hasMessageContaining("'explode'");
  }
}
