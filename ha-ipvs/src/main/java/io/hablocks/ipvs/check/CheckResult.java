package io.hablocks.ipvs.check;

import java.util.Objects;

/**
 * The outcome of one check: success or failure with a reason, and for MISC_CHECK with
 * misc_dynamic a new weight (-1: unchanged).
 *
 * @param ok whether the real server passed
 * @param reason what was seen (for logs and notify)
 * @param weight a new weight from misc_dynamic, or -1
 */
public record CheckResult(boolean ok, String reason, int weight) {

  /** @param ok pass or fail @param reason what was seen */
  public CheckResult {
    Objects.requireNonNull(reason, "reason");
  }

  /** @param reason what was seen @return a pass */
  public static CheckResult pass(String reason) {
    return new CheckResult(true, reason, -1);
  }

  /** @param reason what was seen @return a failure */
  public static CheckResult fail(String reason) {
    return new CheckResult(false, reason, -1);
  }
}
