package io.hablocks.cib;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class CibModelTest {

  private final Cib cib = load();

  private static Cib load() {
    try {
      return CibXml.read(CibXmlTest.sample());
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void cibAttributes() {
    assertThat(cib.version()).isEqualTo(new CibVersion(1, 12, 3));
    assertThat(cib.validateWith()).contains("pacemaker-3.9");
    assertThat(cib.haveQuorum()).isTrue();
    assertThat(cib.dcUuid()).contains("1");
    assertThat(cib.executionDate()).contains(Instant.ofEpochSecond(1700000000));
  }

  @Test
  void configurationSections() {
    Configuration c = cib.configuration();
    assertThat(c.crmConfig()).hasSize(1);
    assertThat(c.crmConfig().get(0).value("stonith-enabled")).contains("false");
    NvPair ref = c.crmConfig().get(0).nvpairs().get(1);
    assertThat(ref.idRef()).contains("opt-stonith");
    assertThat(cib.resolvePair(ref).value()).contains("false");
    RscExpression re = (RscExpression) c.rscDefaults().get(0).rules().get(0).expressions().get(0);
    assertThat(re.standard()).contains("ocf");
    assertThat(re.type()).contains("Dummy");
    OpExpression oe = (OpExpression) c.opDefaults().get(0).rules().get(0).expressions().get(0);
    assertThat(oe.name()).isEqualTo("monitor");
    assertThat(c.nodes()).extracting(ClusterNode::uname).containsExactly("node1", "node2");
    assertThat(c.nodes().get(0).utilization().get(0).value("cpu")).contains("4");
    assertThat(cib.node("node1").orElseThrow().instanceAttributes().get(0).value("site")).contains("a");
  }

  @Test
  void resourcesOfEveryKind() {
    List<Resource> rs = cib.configuration().resources();
    assertThat(rs).extracting(Resource::id).containsExactly("A", "B", "G", "C", "M", "BU");
    Primitive a = (Primitive) rs.get(0);
    assertThat(a.resourceClass()).contains("ocf");
    assertThat(a.provider()).contains("heartbeat");
    assertThat(a.type()).contains("Dummy");
    assertThat(a.description()).contains("first");
    assertThat(a.operations()).hasSize(2);
    Operation mon = a.operations().get(0);
    assertThat(mon.interval()).isEqualTo(Duration.ofSeconds(10));
    assertThat(mon.timeout()).contains("bad");
    assertThat(mon.timeoutDuration()).isEmpty();
    assertThat(mon.onFail()).contains("restart");
    assertThat(a.operations().get(1).timeoutDuration()).contains(Duration.ofSeconds(20));
    Primitive b = (Primitive) rs.get(1);
    assertThat(b.template()).contains("tmpl");
    assertThat(cib.template("tmpl").orElseThrow().operations().get(0).interval())
        .isEqualTo(Duration.ofSeconds(20));
    Primitive expanded = cib.expandTemplate(b);
    assertThat(expanded.id()).isEqualTo("B");
    assertThat(expanded.type()).contains("Dummy");
    assertThat(expanded.template()).isEmpty();
    assertThat(expanded.operations()).extracting(Operation::name).containsExactly("monitor");
    assertThat(cib.expandTemplate(a)).isSameAs(a);
    Group g = (Group) rs.get(2);
    assertThat(g.members()).extracting(Primitive::id).containsExactly("G1", "G2");
    Clone c = (Clone) rs.get(3);
    assertThat(c.promotable()).isTrue();
    assertThat(c.legacyMaster()).isFalse();
    assertThat(c.child().id()).isEqualTo("S");
    Clone m = (Clone) rs.get(4);
    assertThat(m.legacyMaster()).isTrue();
    assertThat(m.promotable()).isTrue();
    assertThat(m.child()).isInstanceOf(Group.class);
    Bundle bu = (Bundle) rs.get(5);
    assertThat(bu.containerType()).contains("podman");
    assertThat(bu.container()).containsEntry("replicas", "3");
    assertThat(bu.portMappings()).hasSize(1);
    assertThat(bu.storageMappings().get(0).attribute("target-dir")).contains("/b");
    assertThat(bu.primitive().orElseThrow().type()).contains("apache");
    assertThat(cib.resource("MG1")).isPresent();
    assertThat(cib.resource("BU-rsc")).isPresent();
    assertThat(cib.resource("nope")).isEmpty();
    assertThat(cib.allResources()).extracting(Resource::id)
        .containsExactly("A", "B", "G", "G1", "G2", "C", "S", "M", "MG", "MG1", "BU", "BU-rsc");
  }

  @Test
  void constraintsRulesAndSets() {
    List<Constraint> cs = cib.configuration().constraints();
    assertThat(cs).extracting(Constraint::id)
        .containsExactly("loc-A", "loc-rule", "col", "ord", "ord-set", "tkt");
    LocationConstraint l = (LocationConstraint) cs.get(0);
    assertThat(l.node()).contains("node1");
    assertThat(Scores.parse(l.score().orElseThrow())).isEqualTo(100);
    assertThat(l.resourceDiscovery()).contains("exclusive");
    Rule r = ((LocationConstraint) cs.get(1)).rules().get(0);
    assertThat(r.booleanOp()).isEqualTo("or");
    assertThat(Scores.parse(r.score().orElseThrow())).isEqualTo(-Scores.INFINITY);
    assertThat(r.expressions()).hasSize(4);
    AttributeExpression e1 = (AttributeExpression) r.expressions().get(0);
    assertThat(e1.operation()).isEqualTo("ne");
    DateExpression d1 = (DateExpression) r.expressions().get(1);
    assertThat(d1.duration().orElseThrow().months()).isEqualTo(2);
    assertThat(d1.duration().orElseThrow().days()).isEqualTo(3);
    DateExpression d2 = (DateExpression) r.expressions().get(2);
    assertThat(d2.dateSpec().orElseThrow().hours()).contains("9-17");
    assertThat(r.expressions().get(3)).isInstanceOf(Rule.class);
    ColocationConstraint col = (ColocationConstraint) cs.get(2);
    assertThat(col.withRscRole()).contains("Promoted");
    OrderConstraint o = (OrderConstraint) cs.get(4);
    assertThat(o.resourceSets().get(0).resourceRefs()).containsExactly("G", "A");
    assertThat(o.resourceSets().get(0).sequential()).contains("false");
    TicketConstraint t = (TicketConstraint) cs.get(5);
    assertThat(t.ticket()).isEqualTo("T1");
    assertThat(t.lossPolicy()).contains("demote");
    assertThat(cib.constraintsFor("A")).extracting(Constraint::id)
        .containsExactly("loc-A", "col", "ord", "ord-set");
    assertThat(cib.constraintsFor("G")).extracting(Constraint::id).containsExactly("loc-rule", "ord-set");
  }

  @Test
  void otherSections() {
    Configuration c = cib.configuration();
    assertThat(c.fencingLevels().get(0).devices()).containsExactly("f1", "f2");
    assertThat(c.fencingLevels().get(0).index()).isEqualTo(1);
    assertThat(c.tags().get(0).references()).containsExactly("A");
    assertThat(c.alerts().get(0).recipients().get(0).value()).isEqualTo("/tmp/x");
    Acls acls = c.acls().orElseThrow();
    assertThat(acls.targets().get(0).roles()).containsExactly("reader");
    assertThat(acls.groups().get(0).principal()).isEqualTo("operators");
    assertThat(acls.roles().get(1).permissions().get(0).reference()).contains("A");
  }

  @Test
  void statusSection() {
    NodeState n = cib.nodeState("node1").orElseThrow();
    assertThat(n.inCcm()).contains("true");
    assertThat(n.transientAttributes().get(0).value("fail-count-A#monitor_10000")).contains("1");
    LrmResource r = n.lrmResources().get(0);
    assertThat(r.resourceClass()).contains("ocf");
    LrmRscOp start = r.operations().get(0);
    assertThat(start.callId()).isEqualTo(5);
    assertThat(start.rcCode()).isZero();
    assertThat(start.transitionMagic()).contains("0:0;1:2:0:abc");
    assertThat(start.execTime()).hasValue(12);
    assertThat(start.opDigest()).contains("f2317cad3d54cec5d7d7aa7d0bf35cf8");
    assertThat(start.parsedTransitionKey()).contains(new TransitionKey(1, 2, 0, "abc"));
    assertThat(start.parsedTransitionMagic().orElseThrow().rc()).isZero();
    assertThat(start.parsedTransitionMagic().orElseThrow().key().action()).isEqualTo(1);
    assertThat(TransitionKey.parse("x:1")).isEmpty();
    LrmRscOp mon = r.operations().get(1);
    assertThat(mon.interval()).isEqualTo(Duration.ofSeconds(10));
    assertThat(mon.lastRun()).hasValue(1700000001);
    TicketState t = cib.status().tickets().get(0);
    assertThat(t.isGranted()).isTrue();
    assertThat(t.isStandby()).isFalse();
  }

  @Test
  void versionOrderingAndBumps() {
    CibVersion v = new CibVersion(0, 5, 7);
    assertThat(v.nextEpoch()).isEqualTo(new CibVersion(0, 6, 0));
    assertThat(v.nextUpdate()).isEqualTo(new CibVersion(0, 5, 8));
    assertThat(new CibVersion(1, 0, 0).isNewerThan(new CibVersion(0, 99, 99))).isTrue();
    assertThat(new CibVersion(0, 6, 0).isNewerThan(new CibVersion(0, 5, 99))).isTrue();
    assertThat(new CibVersion(0, 5, 8)).isGreaterThan(v);
    assertThat(CibVersion.parse("1.2.3")).isEqualTo(new CibVersion(1, 2, 3));
    assertThat(cib.withVersion(v.nextEpoch()).version()).isEqualTo(new CibVersion(0, 6, 0));
  }

  @Test
  void durationsAsPacemakerReadsThem() {
    assertThat(CibDurations.parseInterval("10")).contains(Duration.ofSeconds(10));
    assertThat(CibDurations.parseInterval("10s")).contains(Duration.ofSeconds(10));
    assertThat(CibDurations.parseInterval("10000ms")).contains(Duration.ofSeconds(10));
    assertThat(CibDurations.parseInterval("2m")).contains(Duration.ofMinutes(2));
    assertThat(CibDurations.parseInterval("1h")).contains(Duration.ofHours(1));
    assertThat(CibDurations.parseInterval("P10S")).contains(Duration.ofSeconds(10));
    assertThat(CibDurations.parseInterval("P1DT2H3M")).contains(Duration.ofSeconds(86400 + 7200 + 180));
    assertThat(CibDurations.parseInterval("bad")).isEmpty();
    assertThat(CibDurations.parseInterval("10x")).isEmpty();
    assertThat(Scores.parse("+INFINITY")).isEqualTo(Scores.INFINITY);
    assertThat(Scores.parse("5000000")).isEqualTo(Scores.INFINITY);
    assertThat(Scores.parse("-12")).isEqualTo(-12);
    assertThat(Scores.add(Scores.INFINITY, -Scores.INFINITY)).isEqualTo(-Scores.INFINITY);
  }

  @Test
  void templateExpansionMergesOperationsByNameAndRole() {
    Cib c = CibXml.read("<cib><configuration><resources>"
        + "<template id=\"t\" class=\"ocf\" provider=\"pacemaker\" type=\"Stateful\">"
        + "<meta_attributes id=\"t-meta\"><nvpair id=\"t-m1\" name=\"x\" value=\"1\"/></meta_attributes>"
        + "<operations><op id=\"t-mon\" name=\"monitor\" interval=\"10s\"/>"
        + "<op id=\"t-mon-p\" name=\"monitor\" interval=\"11s\" role=\"Promoted\"/>"
        + "<op id=\"t-start\" name=\"start\" interval=\"0\" timeout=\"30s\"/></operations></template>"
        + "<primitive id=\"p\" template=\"t\" description=\"dropped\"><operations>"
        + "<op id=\"p-mon\" name=\"monitor\" interval=\"20s\" role=\"Started\"/></operations></primitive>"
        + "</resources></configuration></cib>");
    Primitive p = c.expandTemplate((Primitive) c.resource("p").orElseThrow());
    assertThat(p.resourceClass()).contains("ocf");
    assertThat(p.type()).contains("Stateful");
    assertThat(p.description()).as("only id and clone come from the primitive").isEmpty();
    assertThat(p.metaAttributes().get(0).value("x")).contains("1");
    assertThat(p.operations()).extracting(o -> o.id().orElseThrow())
        .containsExactly("p-mon", "t-mon-p", "t-start");
  }
}
