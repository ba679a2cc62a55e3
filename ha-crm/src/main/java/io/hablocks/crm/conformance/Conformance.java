package io.hablocks.crm.conformance;

import io.hablocks.cib.Cib;
import io.hablocks.cib.CibXml;
import io.hablocks.crm.CrmException;
import io.hablocks.crm.scheduler.Scheduler;
import io.hablocks.crm.scheduler.SummaryAction;
import io.hablocks.crm.scheduler.Transition;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Runs the scheduler on every case of Pacemaker's scheduler suite ({@code cts/scheduler}) in
 * this JVM and compares each case's Transition Summary, as a multiset of actions (verb,
 * resource, roles and nodes; reasons ignored), with the expected {@code summary/<case>.summary}.
 *
 * <pre>{@code
 * Conformance.Report r = Conformance.run(Path.of(".../cts/scheduler"), Instant.now());
 * System.out.print(r.table());   // per tier, then "N passed, M failed"
 * }</pre>
 */
public final class Conformance {

  private Conformance() {}

  /**
   * One case's outcome.
   *
   * @param name the case name
   * @param tier the tier (1..4), 0 when the case is in no tier list
   * @param passed whether the summaries are equal as multisets
   * @param missing expected actions we did not produce
   * @param extra actions we produced that were not expected
   * @param error the failure message when the scheduler threw, else empty
   */
  public record CaseResult(String name, int tier, boolean passed, List<String> missing,
      List<String> extra, String error) {}

  /**
   * All outcomes.
   *
   * @param cases one result per case, by name
   */
  public record Report(List<CaseResult> cases) {

    /** @return how many cases passed */
    public long passed() {
      return cases.stream().filter(CaseResult::passed).count();
    }

    /** @return how many cases failed */
    public long failed() {
      return cases.size() - passed();
    }

    /**
     * @param tier 1..4
     * @return passed cases of that tier
     */
    public long passed(int tier) {
      return cases.stream().filter(c -> c.tier() == tier && c.passed()).count();
    }

    /**
     * @param tier 1..4
     * @return cases of that tier
     */
    public long total(int tier) {
      return cases.stream().filter(c -> c.tier() == tier).count();
    }

    /** @return a table per tier and the final {@code N passed, M failed} line */
    public String table() {
      StringBuilder sb = new StringBuilder();
      sb.append(String.format("%-6s %6s %6s %6s%n", "tier", "cases", "passed", "failed"));
      for (int t = 1; t <= 4; t++) {
        sb.append(String.format("%-6s %6d %6d %6d%n", "tier" + t, total(t), passed(t), total(t) - passed(t)));
      }
      long other = total(0);
      if (other > 0) {
        sb.append(String.format("%-6s %6d %6d %6d%n", "other", other, passed(0), other - passed(0)));
      }
      sb.append(passed()).append(" passed, ").append(failed()).append(" failed\n");
      return sb.toString();
    }
  }

  /**
   * The tier of every case, from the tier lists shipped with this module.
   *
   * @return case name to tier (1..4)
   */
  public static Map<String, Integer> tiers() {
    Map<String, Integer> m = new HashMap<>();
    for (int t = 1; t <= 4; t++) {
      try (InputStream in = Conformance.class.getResourceAsStream("tier" + t + ".txt")) {
        if (in == null) {
          throw new CrmException("tier list tier" + t + ".txt missing from the ha-crm jar");
        }
        for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
          if (!line.isBlank()) {
            m.put(line.strip(), t);
          }
        }
      } catch (IOException e) {
        throw new CrmException("cannot read tier list tier" + t + ".txt: " + e.getMessage(), e);
      }
    }
    return m;
  }

  /**
   * Runs every case of the suite.
   *
   * @param schedulerDir {@code cts/scheduler} with {@code xml/} and {@code summary/}
   * @param now "now" for cases without an execution-date
   * @return the report
   */
  public static Report run(Path schedulerDir, Instant now) {
    Map<String, Integer> tiers = tiers();
    List<Path> xmls;
    try (Stream<Path> s = Files.list(schedulerDir.resolve("xml"))) {
      xmls = s.filter(p -> p.toString().endsWith(".xml")).sorted().toList();
    } catch (IOException e) {
      throw new CrmException("cannot list " + schedulerDir.resolve("xml") + ": " + e.getMessage(), e);
    }
    List<CaseResult> out = new ArrayList<>();
    for (Path x : xmls) {
      String name = x.getFileName().toString().replaceFirst("\\.xml$", "");
      Path sum = schedulerDir.resolve("summary").resolve(name + ".summary");
      if (!Files.exists(sum)) {
        continue;
      }
      out.add(runCase(name, x, sum, tiers.getOrDefault(name, 0), now));
    }
    return new Report(out);
  }

  /**
   * Runs one case.
   *
   * @param name the case name
   * @param xml the CIB
   * @param summary the expected crm_simulate output
   * @param tier its tier
   * @param now "now" when the CIB has no execution-date
   * @return the outcome
   */
  public static CaseResult runCase(String name, Path xml, Path summary, int tier, Instant now) {
    List<String> expected;
    try {
      expected = keys(expectedSummary(Files.readString(summary, StandardCharsets.UTF_8)));
    } catch (IOException e) {
      throw new CrmException("cannot read " + summary + ": " + e.getMessage(), e);
    }
    List<String> actual;
    try {
      Cib cib = CibXml.read(xml);
      Transition t = Scheduler.schedule(cib, cib.executionDate().orElse(now));
      actual = keys(t.summary());
    } catch (RuntimeException e) {
      return new CaseResult(name, tier, false, expected, List.of(), String.valueOf(e.getMessage()));
    }
    Map<String, Integer> bag = new TreeMap<>();
    expected.forEach(k -> bag.merge(k, 1, Integer::sum));
    actual.forEach(k -> bag.merge(k, -1, Integer::sum));
    List<String> missing = new ArrayList<>();
    List<String> extra = new ArrayList<>();
    bag.forEach((k, v) -> {
      for (int i = 0; i < Math.abs(v); i++) {
        (v > 0 ? missing : extra).add(k);
      }
    });
    return new CaseResult(name, tier, missing.isEmpty() && extra.isEmpty(), missing, extra, "");
  }

  /**
   * Extracts the Transition Summary actions from crm_simulate output.
   *
   * @param output crm_simulate -S output
   * @return the actions in order
   */
  public static List<SummaryAction> expectedSummary(String output) {
    List<SummaryAction> out = new ArrayList<>();
    boolean in = false;
    for (String line : output.split("\n")) {
      if (line.startsWith("Transition Summary:")) {
        in = true;
        continue;
      }
      if (in && !line.startsWith(" ") && !line.isBlank()) {
        break;
      }
      if (in) {
        SummaryAction.parse(line).ifPresent(out::add);
      }
    }
    return out;
  }

  private static List<String> keys(List<SummaryAction> actions) {
    List<String> k = new ArrayList<>();
    for (SummaryAction a : actions) {
      k.add(a.key());
    }
    return k;
  }

  static Map<String, Integer> unused() {
    return new LinkedHashMap<>();
  }
}
