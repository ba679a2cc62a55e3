package io.hablocks.resources;

import io.hablocks.api.resource.ExecStatus;
import io.hablocks.api.resource.OcfExitCode;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One entry of a resource's operation history, with the fields and meanings of Pacemaker's
 * {@code <lrm_rsc_op>} element. Immutable. ha-crm maps it onto ha-cib's status section.
 *
 * @param resourceId the resource ({@code <lrm_resource id>})
 * @param callId {@code call-id}: the executor's number for the call; a recurring monitor keeps
 *     one call-id for all its runs
 * @param operation {@code operation}: the action ({@code start}, {@code monitor}, ...)
 * @param interval {@code interval}: zero for a one-shot action (recorded in milliseconds)
 * @param rcCode {@code rc-code}: the OCF exit code the agent's result maps to
 * @param opStatus {@code op-status}: how the execution ended
 * @param execTime {@code exec-time}: how long the agent ran (recorded in milliseconds)
 * @param queueTime {@code queue-time}: how long the operation waited in the executor's queue
 *     before it ran (recorded in milliseconds)
 * @param lastRcChange {@code last-rc-change}: when the rc-code last changed for this operation
 *     (recorded in seconds since the epoch)
 * @param exitReason {@code exit-reason}: the agent's {@code ocf-exit-reason:} text or the
 *     executor's reason, or ""
 * @param opDigest {@code op-digest}: md5 of the operation's parameters as Pacemaker computes it
 *     (see {@link OperationDigest})
 * @param transitionKey {@code transition-key} as the controller gave it, or null
 */
public record LrmOperation(String resourceId, int callId, String operation, Duration interval,
    int rcCode, ExecStatus opStatus, Duration execTime, Duration queueTime, Instant lastRcChange,
    String exitReason, String opDigest, String transitionKey) {

  /** Checks for nulls and negative times. */
  public LrmOperation {
    Objects.requireNonNull(resourceId, "resourceId");
    Objects.requireNonNull(operation, "operation");
    Objects.requireNonNull(interval, "interval");
    Objects.requireNonNull(opStatus, "opStatus");
    Objects.requireNonNull(execTime, "execTime");
    Objects.requireNonNull(queueTime, "queueTime");
    Objects.requireNonNull(lastRcChange, "lastRcChange");
    Objects.requireNonNull(opDigest, "opDigest");
    exitReason = exitReason == null ? "" : exitReason;
    if (interval.isNegative() || execTime.isNegative() || queueTime.isNegative()) {
      throw new IllegalArgumentException("negative time in " + operation + " of " + resourceId);
    }
  }

  /** @return the operation key Pacemaker writes ({@code rsc_action_intervalms}) */
  public String operationKey() {
    return resourceId + "_" + operation + "_" + interval.toMillis();
  }

  /** @return {@code interval} as written in the CIB: milliseconds */
  public long intervalMillis() {
    return interval.toMillis();
  }

  /** @return {@code exec-time} as written in the CIB: milliseconds */
  public long execTimeMillis() {
    return execTime.toMillis();
  }

  /** @return {@code queue-time} as written in the CIB: milliseconds */
  public long queueTimeMillis() {
    return queueTime.toMillis();
  }

  /** @return {@code last-rc-change} as written in the CIB: seconds since the epoch */
  public long lastRcChangeSeconds() {
    return lastRcChange.getEpochSecond();
  }

  /** @return the rc-code as an OCF code */
  public OcfExitCode ocf() {
    return OcfExitCode.of(rcCode);
  }

  /** @return true if the operation ran and returned what a success of its kind returns (0) */
  public boolean isOk() {
    return opStatus == ExecStatus.DONE && rcCode == 0;
  }
}
