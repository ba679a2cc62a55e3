package io.hablocks.crm.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SummaryActionTest {

  @Test
  void parsesMoveIgnoringPaddingAndReason() {
    SummaryAction a = SummaryAction.parse("  * Move       rsc6    ( node1 -> node2 )  due to x").orElseThrow();
    assertThat(a.verb()).isEqualTo("Move");
    assertThat(a.resource()).isEqualTo("rsc6");
    assertThat(a.detail()).isEqualTo("node1 -> node2");
    assertThat(a.key()).isEqualTo(SummaryAction.of("Move", "rsc6", "node1   ->  node2").key());
  }

  @Test
  void parsesRolesAndFence() {
    SummaryAction p = SummaryAction.parse("  * Promote    rsc1:1     ( Unpromoted -> Promoted node2 )").orElseThrow();
    assertThat(p.detail()).isEqualTo("Unpromoted -> Promoted node2");
    SummaryAction f = SummaryAction.parse("  * Fence (reboot) hadev3 'peer is no longer part of the cluster'").orElseThrow();
    assertThat(f.verb()).isEqualTo("Fence");
    assertThat(f.resource()).isEqualTo("hadev3");
    assertThat(f.detail()).isEqualTo("reboot");
    assertThat(f.reason()).isEqualTo("peer is no longer part of the cluster");
    assertThat(SummaryAction.parse(f.line())).contains(f);
  }

  @Test
  void rejectsNonActionLines() {
    assertThat(SummaryAction.parse("Transition Summary:")).isEmpty();
    assertThat(SummaryAction.parse("  * Start rsc1")).isEmpty();
  }
}
