package io.hablocks.crm.scheduler;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One line of crm_simulate's "Transition Summary": a verb ({@code Start}, {@code Stop},
 * {@code Move}, {@code Recover}, {@code Restart}, {@code Migrate}, {@code Promote},
 * {@code Demote}, {@code Re-promote}, {@code Reload}, {@code Fence}), the resource (or, for
 * {@code Fence}, the node), the detail inside the parentheses (roles and nodes, e.g.
 * {@code node1 -> node2} or {@code Unpromoted -> Promoted node2}; for {@code Fence} the fencing
 * action) and an optional reason ({@code due to ...}), which comparison ignores.
 *
 * @param verb the change
 * @param resource the resource id (clone instances as {@code id:N}), or the node for Fence
 * @param detail roles and nodes, single-spaced, as crm_simulate prints them inside parentheses
 * @param reason the text after the parentheses (may be empty)
 */
public record SummaryAction(String verb, String resource, String detail, String reason) {

  /** Validates and normalises the detail to single spaces. */
  public SummaryAction {
    Objects.requireNonNull(verb, "verb");
    Objects.requireNonNull(resource, "resource");
    detail = String.join(" ", tokens(Objects.requireNonNull(detail, "detail")));
    reason = reason == null ? "" : reason.strip();
  }

  /**
   * @param verb the change
   * @param resource the resource
   * @param detail roles and nodes
   * @return an action without a reason
   */
  public static SummaryAction of(String verb, String resource, String detail) {
    return new SummaryAction(verb, resource, detail, "");
  }

  /** @return what comparison uses: verb, resource and detail (roles and nodes), no reason */
  public String key() {
    return verb + " " + resource + " (" + detail + ")";
  }

  /**
   * Formats the line as crm_simulate does (column widths are cosmetic).
   *
   * @return {@code  * Verb  resource  ( detail )  reason}
   */
  public String line() {
    if (verb.equals("Fence")) {
      return "  * Fence (" + detail + ") " + resource + (reason.isEmpty() ? "" : " '" + reason + "'");
    }
    String s = String.format("  * %-10s %-12s ( %s )", verb, resource, detail);
    return reason.isEmpty() ? s : s + "  " + reason;
  }

  /**
   * Parses one Transition Summary line as crm_simulate prints it.
   *
   * @param line the line ({@code  * Move  rsc  ( node1 -> node2 )  due to ...})
   * @return the action, or empty when the line is not an action line
   */
  public static Optional<SummaryAction> parse(String line) {
    String s = line.strip();
    if (!s.startsWith("* ")) {
      return Optional.empty();
    }
    s = s.substring(2).strip();
    if (s.startsWith("Fence ")) {
      int open = s.indexOf('(');
      int close = s.indexOf(')', open + 1);
      if (open < 0 || close < 0) {
        return Optional.empty();
      }
      String action = s.substring(open + 1, close).strip();
      String rest = s.substring(close + 1).strip();
      int q = rest.indexOf(' ');
      String node = q < 0 ? rest : rest.substring(0, q);
      String reason = q < 0 ? "" : rest.substring(q + 1).strip();
      if (reason.length() >= 2 && reason.startsWith("'") && reason.endsWith("'")) {
        reason = reason.substring(1, reason.length() - 1);
      }
      return Optional.of(new SummaryAction("Fence", node, action, reason));
    }
    int sp = s.indexOf(' ');
    if (sp < 0) {
      return Optional.empty();
    }
    String verb = s.substring(0, sp);
    String rest = s.substring(sp + 1).strip();
    int sp2 = rest.indexOf(' ');
    if (sp2 < 0) {
      return Optional.empty();
    }
    String rsc = rest.substring(0, sp2);
    rest = rest.substring(sp2 + 1).strip();
    if (!rest.startsWith("(")) {
      return Optional.empty();
    }
    int close = rest.indexOf(')');
    if (close < 0) {
      return Optional.empty();
    }
    return Optional.of(new SummaryAction(verb, rsc, rest.substring(1, close),
        rest.substring(close + 1)));
  }

  private static List<String> tokens(String s) {
    List<String> out = new ArrayList<>();
    for (String t : s.strip().split("\\s+")) {
      if (!t.isEmpty()) {
        out.add(t);
      }
    }
    return out;
  }
}
