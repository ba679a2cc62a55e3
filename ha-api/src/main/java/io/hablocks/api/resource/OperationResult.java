package io.hablocks.api.resource;

import java.util.Objects;

/**
 * The outcome of one agent action. Immutable.
 *
 * @param exitCode the agent's raw exit status (meaningful when status is {@link ExecStatus#DONE})
 * @param status how execution ended
 * @param exitReason the agent's {@code ocf-exit-reason:} text, or the executor's reason, or ""
 * @param output the captured standard output (bounded by the executor), or ""
 */
public record OperationResult(int exitCode, ExecStatus status, String exitReason, String output) {

  /** Checks for nulls. */
  public OperationResult {
    Objects.requireNonNull(status, "status");
    exitReason = exitReason == null ? "" : exitReason;
    output = output == null ? "" : output;
  }

  /**
   * An agent that ran and exited.
   *
   * @param code its OCF exit code
   * @return the result
   */
  public static OperationResult done(OcfExitCode code) {
    return new OperationResult(code.code(), ExecStatus.DONE, "", "");
  }

  /**
   * An execution that did not produce an exit code (timeout, not installed, ...).
   *
   * @param status how it ended
   * @param reason why
   * @return the result, with exit code 1 (generic error) as Pacemaker records it
   */
  public static OperationResult failed(ExecStatus status, String reason) {
    return new OperationResult(OcfExitCode.ERR_GENERIC.code(), status, reason, "");
  }

  /** @return the exit status as an OCF code */
  public OcfExitCode ocf() {
    return OcfExitCode.of(exitCode);
  }

  /** @return true if the agent ran and exited 0 */
  public boolean isOk() {
    return status == ExecStatus.DONE && exitCode == 0;
  }
}
