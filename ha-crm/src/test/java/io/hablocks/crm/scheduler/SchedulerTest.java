package io.hablocks.crm.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import io.hablocks.cib.CibXml;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Behaviour of the scheduler on small hand-written CIBs (facts from Pacemaker's documentation). */
class SchedulerTest {

  private static final Instant NOW = Instant.parse("2024-01-01T00:00:00Z");

  private static String cib(String resources, String constraints, String status) {
    return "<cib admin_epoch='0' epoch='1' num_updates='1' have-quorum='1' validate-with='pacemaker-3.0'>"
        + "<configuration><crm_config><cluster_property_set id='o'>"
        + "<nvpair id='o1' name='stonith-enabled' value='false'/></cluster_property_set></crm_config>"
        + "<nodes><node id='1' uname='node1'/><node id='2' uname='node2'/></nodes>"
        + "<resources>" + resources + "</resources><constraints>" + constraints + "</constraints>"
        + "</configuration><status>"
        + "<node_state id='1' uname='node1' in_ccm='true' crmd='online' join='member' expected='member'>" + status + "</node_state>"
        + "<node_state id='2' uname='node2' in_ccm='true' crmd='online' join='member' expected='member'/>"
        + "</status></cib>";
  }

  private static List<String> keys(String xml) {
    return Scheduler.schedule(CibXml.read(xml), NOW).summary().stream().map(SummaryAction::key).toList();
  }

  private static final String R1 = "<primitive id='r1' class='ocf' provider='heartbeat' type='Dummy'/>";
  private static final String R2 = "<primitive id='r2' class='ocf' provider='heartbeat' type='Dummy'/>";

  @Test
  void equalScoresSpreadResourcesByNodeNameThenCount() {
    assertThat(keys(cib(R1 + R2, "", ""))).containsExactly("Start r1 (node1)", "Start r2 (node2)");
  }

  @Test
  void mandatoryColocationPutsDependentWithPrimary() {
    String c = "<rsc_colocation id='c' rsc='r2' with-rsc='r1' score='INFINITY'/>"
        + "<rsc_location id='l' rsc='r1' node='node2' score='10'/>";
    assertThat(keys(cib(R1 + R2, c, ""))).containsExactlyInAnyOrder("Start r1 (node2)", "Start r2 (node2)");
  }

  @Test
  void stickinessKeepsARunningResourceAgainstAWeakerPreference() {
    String running = "<lrm id='1'><lrm_resources><lrm_resource id='r1' class='ocf' provider='heartbeat' type='Dummy'>"
        + "<lrm_rsc_op id='r1_start_0' operation='start' call-id='2' rc-code='0' op-status='0' interval='0'"
        + " transition-key='1:1:0:x'/></lrm_resource></lrm_resources></lrm>";
    String sticky = "<primitive id='r1' class='ocf' provider='heartbeat' type='Dummy'><meta_attributes id='m'>"
        + "<nvpair id='m1' name='resource-stickiness' value='100'/></meta_attributes></primitive>";
    String pref = "<rsc_location id='l' rsc='r1' node='node2' score='50'/>";
    assertThat(keys(cib(sticky, pref, running))).isEmpty();
    String strong = "<rsc_location id='l' rsc='r1' node='node2' score='500'/>";
    assertThat(keys(cib(sticky, strong, running))).containsExactly("Move r1 (node1 -> node2)");
  }

  @Test
  void failedMonitorIsRecoveredInPlace() {
    String failed = "<lrm id='1'><lrm_resources><lrm_resource id='r1' class='ocf' provider='heartbeat' type='Dummy'>"
        + "<lrm_rsc_op id='a' operation='start' call-id='2' rc-code='0' op-status='0' interval='0' transition-key='1:1:0:x'/>"
        + "<lrm_rsc_op id='b' operation='monitor' call-id='3' rc-code='7' op-status='0' interval='10000' transition-key='1:1:0:x'/>"
        + "</lrm_resource></lrm_resources></lrm>";
    assertThat(keys(cib(R1, "<rsc_location id='l' rsc='r1' node='node1' score='100'/>", failed)))
        .containsExactly("Recover r1 (node1)");
  }
}
