package io.hablocks.cib;

import static org.assertj.core.api.Assertions.assertThat;

import io.hablocks.testkit.PeerTest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Date rules against Pacemaker's own evaluator: {@code crm_rule --check} (TZ=UTC) on random
 * in_range (start/end/duration), gt, lt and date_spec (crm_rule takes date_spec only with
 * years=) rules at random times; our {@link RuleEvaluator} must give the same answer.
 */
@PeerTest(commands = "crm_rule", packages = "pacemaker-cli-utils")
class CrmRuleInteropTest {

  private static final DateTimeFormatter F = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

  @Test
  void dateRulesAgreeWithCrmRule() throws Exception {
    Random rnd = new Random(99);
    List<String> disagreements = new ArrayList<>();
    int inEffect = 0;
    int cases = Integer.getInteger("cib.rule.cases", 100);
    for (int i = 0; i < cases; i++) {
      ZonedDateTime base = ZonedDateTime.of(2023 + rnd.nextInt(3), 1 + rnd.nextInt(12), 1 + rnd.nextInt(28),
          rnd.nextInt(24), rnd.nextInt(60), rnd.nextInt(60), 0, ZoneOffset.UTC);
      ZonedDateTime when = base.plusSeconds(rnd.nextInt(400 * 86400) - 200L * 86400);
      if (rnd.nextInt(4) == 0) {
        when = base; // on the boundary
      }
      String expr;
      switch (rnd.nextInt(5)) {
        case 0 -> expr = "<date_expression id=\"d\" operation=\"in_range\" start=\"" + F.format(base)
            + "Z\" end=\"" + F.format(base.plusDays(rnd.nextInt(90))) + "Z\"/>";
        case 1 -> expr = "<date_expression id=\"d\" operation=\"in_range\" start=\"" + F.format(base) + "Z\">"
            + "<duration id=\"du\" months=\"" + rnd.nextInt(4) + "\" days=\"" + rnd.nextInt(40)
            + "\" hours=\"" + rnd.nextInt(30) + "\"/></date_expression>";
        case 2 -> expr = "<date_expression id=\"d\" operation=\"gt\" start=\"" + F.format(base) + "Z\"/>";
        case 3 -> expr = "<date_expression id=\"d\" operation=\"lt\" end=\"" + F.format(base) + "Z\"/>";
        default -> {
          int y = when.getYear() + rnd.nextInt(3) - 1;
          int h1 = rnd.nextInt(24);
          expr = "<date_expression id=\"d\" operation=\"date_spec\"><date_spec id=\"s\" years=\""
              + (rnd.nextBoolean() ? Integer.toString(y) : (y - 1) + "-" + y) + "\" hours=\"" + h1 + "-"
              + Math.min(23, h1 + rnd.nextInt(12)) + "\" weekdays=\"" + (1 + rnd.nextInt(7)) + "-7\"/></date_expression>";
        }
      }
      String cib = "<cib crm_feature_set=\"3.16.2\" validate-with=\"pacemaker-3.9\" epoch=\"1\" num_updates=\"0\" admin_epoch=\"0\">"
          + "<configuration><crm_config/><nodes/><resources/><constraints><rsc_location id=\"l\" rsc=\"A\" score=\"1\">"
          + "<rule id=\"r\" score=\"INFINITY\">" + expr + "</rule></rsc_location></constraints></configuration><status/></cib>";
      Rule rule = ((LocationConstraint) CibXml.read(cib).configuration().constraints().get(0)).rules().get(0);
      Instant now = when.toInstant();
      boolean ours = RuleEvaluator.builder(now).build().evaluate(rule);
      ProcessBuilder pb = new ProcessBuilder("crm_rule", "-c", "-r", "r", "-d", F.format(when) + "Z", "-X", cib)
          .redirectErrorStream(true);
      pb.environment().put("TZ", "UTC");
      pb.environment().put("LC_ALL", "C");
      Process p = pb.start();
      String out = new String(p.getInputStream().readAllBytes());
      int rc = p.waitFor();
      assertThat(out).as("crm_rule could not evaluate: " + expr).doesNotContain("Could not determine");
      boolean theirs = rc == 0;
      if (theirs) {
        inEffect++;
      }
      if (ours != theirs) {
        disagreements.add(expr + " at " + when + ": ours " + ours + ", crm_rule rc " + rc + " " + out.strip());
      }
    }
    assertThat(disagreements).isEmpty();
    assertThat(inEffect).as("both outcomes exercised").isBetween(cases / 10, cases - cases / 10);
  }
}
