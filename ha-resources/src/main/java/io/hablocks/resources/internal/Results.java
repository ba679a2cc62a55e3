package io.hablocks.resources.internal;

import io.hablocks.api.resource.ExecStatus;
import io.hablocks.api.resource.OcfExitCode;
import io.hablocks.api.resource.OperationResult;

/** Turning a process outcome into an {@link OperationResult}, as Pacemaker's services library does. */
public final class Results {

  /** Pacemaker's longest exit reason. */
  public static final int EXIT_REASON_MAX = 128;
  /** The prefix of an exit reason on stderr. */
  public static final String REASON_PREFIX = "ocf-exit-reason:";
  /** The reason Pacemaker records for a timeout. */
  public static final String TIMEOUT_REASON = "Process did not exit within specified timeout";
  /** Pacemaker's "status unknown/pending" OCF code (193), used for systemd units in transition. */
  public static final int OCF_PENDING = 193;

  private Results() {}

  /** A mapping from the agent's exit status to an OCF code. */
  @FunctionalInterface
  public interface ExitMapping {
    /** @param status the exit status @return the OCF code */
    int toOcf(int status);
  }

  /**
   * The result of a finished process.
   *
   * @param o the outcome
   * @param mapping the class's exit code mapping
   * @param reasons whether stderr carries {@code ocf-exit-reason:} (OCF only)
   * @return the result
   */
  public static OperationResult of(AgentProcess.Outcome o, ExitMapping mapping, boolean reasons) {
    if (o.startError() != null) {
      return new OperationResult(OcfExitCode.ERR_INSTALLED.code(), ExecStatus.NOT_INSTALLED,
          o.startError(), "");
    }
    if (o.timedOut()) {
      return new OperationResult(OcfExitCode.ERR_GENERIC.code(), ExecStatus.TIMEOUT,
          TIMEOUT_REASON, o.stdout());
    }
    if (o.signal() != 0) {
      return new OperationResult(OcfExitCode.ERR_GENERIC.code(), ExecStatus.ERROR,
          "Process interrupted by signal", o.stdout());
    }
    return new OperationResult(mapping.toOcf(o.exitCode()), ExecStatus.DONE,
        reasons ? exitReason(o.stderr()) : "", o.stdout());
  }

  /**
   * OCF's own mapping: 0-9, 190 and 191 stand; anything else is a generic error.
   *
   * @param status the exit status
   * @return the OCF code
   */
  public static int ocf(int status) {
    if (status == 190 || status == 191) {
      return status;
    }
    return status < 0 || status > 9 ? OcfExitCode.ERR_GENERIC.code() : status;
  }

  /**
   * The exit reason in an agent's stderr: the text after the last {@code ocf-exit-reason:} up to
   * the end of its line, at most 128 characters; "" if none or empty.
   *
   * @param stderr the agent's standard error
   * @return the reason
   */
  public static String exitReason(String stderr) {
    int at = stderr.lastIndexOf(REASON_PREFIX);
    if (at < 0) {
      return "";
    }
    int start = at + REASON_PREFIX.length();
    int end = stderr.indexOf('\n', start);
    if (end < 0) {
      end = stderr.length();
    }
    end = Math.min(end, start + EXIT_REASON_MAX);
    return stderr.substring(start, end);
  }
}
