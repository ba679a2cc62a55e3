package io.hablocks.cib;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RuleEvaluatorTest {

  private static Rule rule(String xml) {
    String cib = "<cib><configuration><constraints><rsc_location id=\"l\" rsc=\"A\">" + xml
        + "</rsc_location></constraints></configuration></cib>";
    return ((LocationConstraint) CibXml.read(cib).configuration().constraints().get(0)).rules().get(0);
  }

  private static RuleEvaluator at(String instant) {
    return RuleEvaluator.builder(Instant.parse(instant)).build();
  }

  @Test
  void inRangeWithDurationIncludesTheEndSecond() {
    Rule r = rule("<rule id=\"r\"><date_expression id=\"d\" operation=\"in_range\" start=\"2024-01-01\">"
        + "<duration id=\"du\" months=\"2\"/></date_expression></rule>");
    assertThat(at("2023-12-31T23:59:59Z").evaluate(r)).isFalse();
    assertThat(at("2024-01-01T00:00:00Z").evaluate(r)).isTrue();
    assertThat(at("2024-03-01T00:00:00Z").evaluate(r)).isTrue();
    assertThat(at("2024-03-01T00:00:01Z").evaluate(r)).isFalse();
  }

  @Test
  void gtLtAndOffsets() {
    Rule gt = rule("<rule id=\"r\"><date_expression id=\"d\" operation=\"gt\" start=\"2024-06-01 12:00:00 +02:00\"/></rule>");
    assertThat(at("2024-06-01T10:00:00Z").evaluate(gt)).isFalse();
    assertThat(at("2024-06-01T10:00:01Z").evaluate(gt)).isTrue();
    Rule lt = rule("<rule id=\"r\"><date_expression id=\"d\" operation=\"lt\" end=\"2024-06-01T12:00:00Z\"/></rule>");
    assertThat(at("2024-06-01T11:59:59Z").evaluate(lt)).isTrue();
    assertThat(at("2024-06-01T12:00:00Z").evaluate(lt)).isFalse();
    // no offset: local time, here the zone given to the evaluator
    Rule local = rule("<rule id=\"r\"><date_expression id=\"d\" operation=\"lt\" end=\"2024-06-01 12:00:00\"/></rule>");
    RuleEvaluator paris = RuleEvaluator.builder(Instant.parse("2024-06-01T10:30:00Z"))
        .zone(ZoneId.of("Europe/Paris")).build();
    assertThat(paris.evaluate(local)).isFalse();
    assertThat(at("2024-06-01T10:30:00Z").evaluate(local)).isTrue();
  }

  @Test
  void dateSpecFields() {
    // 2024-03-01 is a Friday (ISO weekday 5), ISO week 9, day 61 of the year (from date(1))
    ZonedDateTime t = ZonedDateTime.parse("2024-03-01T10:15:30Z");
    DateSpec s = new DateSpec(java.util.Optional.of("s"), o("2024"), o("3"), o("1"), o("9-17"), o("15"),
        o("30-"), o("61"), o("2024"), o("9"), o("1-5"), o(null), CibElement.of("date_spec"));
    assertThat(RuleEvaluator.dateSpec(s, t)).isTrue();
    assertThat(RuleEvaluator.dateSpec(withWeekdays(s, "6-7"), t)).isFalse();
    assertThat(RuleEvaluator.dateSpec(withWeekdays(s, "-5"), t)).isTrue();
    // 2021-01-03 is in ISO week 53 of 2020
    DateSpec w = new DateSpec(o("w"), o(null), o(null), o(null), o(null), o(null), o(null), o(null),
        o("2020"), o("53"), o("7"), o(null), CibElement.of("date_spec"));
    assertThat(RuleEvaluator.dateSpec(w, ZonedDateTime.parse("2021-01-03T23:30:00Z"))).isTrue();
  }

  private static java.util.Optional<String> o(String s) {
    return java.util.Optional.ofNullable(s);
  }

  private static DateSpec withWeekdays(DateSpec s, String wd) {
    return new DateSpec(s.id(), s.years(), s.months(), s.monthdays(), s.hours(), s.minutes(), s.seconds(),
        s.yeardays(), s.weekyears(), s.weeks(), o(wd), s.moon(), s.element());
  }

  @Test
  void attributeExpressionsAndBooleanOps() {
    Rule r = rule("<rule id=\"r\" boolean-op=\"or\">"
        + "<expression id=\"e1\" attribute=\"cpu\" operation=\"gt\" value=\"4\"/>"
        + "<expression id=\"e2\" attribute=\"ver\" operation=\"gte\" value=\"1.10\" type=\"version\"/></rule>");
    RuleEvaluator.Builder b = RuleEvaluator.builder(Instant.EPOCH);
    assertThat(b.node(Map.of("cpu", "8")).build().evaluate(r)).isTrue();
    assertThat(b.node(Map.of("cpu", "3", "ver", "1.9")).build().evaluate(r)).isFalse();
    assertThat(b.node(Map.of("cpu", "3", "ver", "1.10.1")).build().evaluate(r)).isTrue();
    // integer comparison, not string: "10" > "9"
    assertThat(b.node(Map.of("cpu", "10")).build().evaluate(r)).isTrue();
    Rule and = rule("<rule id=\"r\"><expression id=\"e1\" attribute=\"#uname\" operation=\"eq\" value=\"NODE1\"/>"
        + "<expression id=\"e2\" attribute=\"site\" operation=\"not_defined\"/></rule>");
    assertThat(b.node(Map.of("#uname", "node1")).build().evaluate(and)).isTrue();
    assertThat(b.node(Map.of("#uname", "node1", "site", "a")).build().evaluate(and)).isFalse();
    assertThat(RuleEvaluator.builder(Instant.EPOCH).build().evaluate(and)).as("no node").isFalse();
    Rule param = rule("<rule id=\"r\"><expression id=\"e\" attribute=\"site\" operation=\"eq\" value=\"where\" value-source=\"param\"/></rule>");
    assertThat(b.node(Map.of("site", "a")).valueSources(Map.of("where", "a"), Map.of()).build().evaluate(param)).isTrue();
    assertThat(b.node(Map.of("site", "a")).valueSources(Map.of("where", "b"), Map.of()).build().evaluate(param)).isFalse();
  }

  @Test
  void rscAndOpExpressions() {
    Rule r = rule("<rule id=\"r\"><rsc_expression id=\"e\" class=\"ocf\" provider=\"heartbeat\" type=\"Dummy\"/></rule>");
    assertThat(RuleEvaluator.builder(Instant.EPOCH).resource("ocf", "heartbeat", "Dummy").build().evaluate(r)).isTrue();
    assertThat(RuleEvaluator.builder(Instant.EPOCH).resource("ocf", "pacemaker", "Dummy").build().evaluate(r)).isFalse();
    Rule o = rule("<rule id=\"r\"><op_expression id=\"e\" name=\"monitor\" interval=\"10s\"/></rule>");
    assertThat(RuleEvaluator.builder(Instant.EPOCH).operation("monitor", Duration.ofSeconds(10)).build().evaluate(o)).isTrue();
    assertThat(RuleEvaluator.builder(Instant.EPOCH).operation("monitor", Duration.ofSeconds(20)).build().evaluate(o)).isFalse();
  }

  @Test
  void effectiveMetaNodeAttributesAndProperties() throws Exception {
    Cib cib = CibXml.read(CibXmlTest.sample());
    Instant now = Instant.parse("2024-01-01T00:00:00Z");
    Map<String, String> a = cib.effectiveMeta("A", now);
    assertThat(a).containsEntry("target-role", "Started").containsEntry("resource-stickiness", "100")
        .containsEntry("class", "ocf");
    // rsc_defaults' rule matches ocf:heartbeat:Dummy only
    assertThat(cib.effectiveMeta("S", now)).doesNotContainKey("resource-stickiness")
        .containsEntry("promotable", "true");
    assertThat(cib.effectiveMeta("B", now)).containsEntry("resource-stickiness", "100");
    Map<String, String> n1 = cib.nodeAttributes("node1", now);
    assertThat(n1).containsEntry("#uname", "node1").containsEntry("#id", "1").containsEntry("#is_dc", "true")
        .containsEntry("#kind", "cluster").containsEntry("site", "a")
        .containsEntry("fail-count-A#monitor_10000", "1");
    assertThat(cib.clusterProperties(now)).containsEntry("stonith-enabled", "false");
    Primitive pa = (Primitive) cib.resource("A").orElseThrow();
    // op_defaults' rule matches monitor with a 10s interval only
    assertThat(cib.effectiveOpMeta("A", pa.operations().get(0), now)).containsEntry("timeout", "bad")
        .containsEntry("on-fail", "restart");
    assertThat(cib.effectiveOpMeta("G1", CibXml.read("<cib><configuration><resources><primitive id=\"x\">"
        + "<operations><op id=\"m\" name=\"monitor\" interval=\"10s\"/></operations></primitive></resources>"
        + "</configuration></cib>").allResources().stream().map(r -> ((Primitive) r).operations().get(0))
        .findFirst().orElseThrow(), now)).containsEntry("timeout", "40s");
  }

  @Test
  void setsBySoreAndDefaultValue() {
    String xml = "<cib><configuration><resources><primitive id=\"P\" class=\"ocf\" provider=\"heartbeat\" type=\"Dummy\">"
        + "<meta_attributes id=\"m1\" score=\"1\"><nvpair id=\"a1\" name=\"x\" value=\"low\"/><nvpair id=\"a3\" name=\"z\" value=\"#default\"/></meta_attributes>"
        + "<meta_attributes id=\"m2\" score=\"10\"><nvpair id=\"a2\" name=\"x\" value=\"high\"/><nvpair id=\"a4\" name=\"z\" value=\"set\"/></meta_attributes>"
        + "<meta_attributes id=\"m3\" score=\"100\"><rule id=\"never\"><date_expression id=\"d\" operation=\"lt\" end=\"2000-01-01\"/></rule>"
        + "<nvpair id=\"a5\" name=\"x\" value=\"ruled-out\"/></meta_attributes>"
        + "</primitive></resources></configuration></cib>";
    Cib cib = CibXml.read(xml);
    Map<String, String> m = cib.effectiveMeta("P", Instant.parse("2024-01-01T00:00:00Z"));
    assertThat(m).containsEntry("x", "high").doesNotContainKey("z");
    assertThat(cib.effectiveMeta("P", Instant.parse("1999-01-01T00:00:00Z"))).containsEntry("x", "ruled-out");
  }

  @Test
  void equalScoreSetsAreReadInReverseDocumentOrderAsPacemakerDoes() {
    // crm_simulate 2.1.5 on this CIB (with a node) schedules "Start A": the later set wins
    Cib cib = CibXml.read("<cib><configuration><resources><primitive id=\"A\" class=\"ocf\" "
        + "provider=\"heartbeat\" type=\"Dummy\">"
        + "<meta_attributes id=\"m1\"><nvpair id=\"m1a\" name=\"target-role\" value=\"Stopped\"/></meta_attributes>"
        + "<meta_attributes id=\"m2\"><nvpair id=\"m2a\" name=\"target-role\" value=\"Started\"/></meta_attributes>"
        + "</primitive></resources></configuration></cib>");
    assertThat(cib.effectiveMeta("A", Instant.EPOCH)).containsEntry("target-role", "Started");
  }
}
