package io.hablocks.crm.scheduler;

import java.util.List;

/**
 * What one scheduler run computed from a CIB.
 *
 * @param summary the Transition Summary, in crm_simulate's order
 * @param scores allocation score lines ({@code <function>: <rsc> allocation score on <node>: <n>})
 * @param currentStatus the "Current cluster status" block body
 * @param revisedStatus the "Revised Cluster Status" block body
 */
public record Transition(List<SummaryAction> summary, List<String> scores, String currentStatus,
    String revisedStatus) {

  /** Copies the lists. */
  public Transition {
    summary = List.copyOf(summary);
    scores = List.copyOf(scores);
  }
}
