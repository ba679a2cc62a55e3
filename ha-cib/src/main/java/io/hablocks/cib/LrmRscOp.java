package io.hablocks.cib;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * An {@code <lrm_rsc_op>}: the recorded result of one operation of one resource on one node.
 * Times are seconds since the epoch as Pacemaker writes them; the old underscore spellings
 * ({@code last_run}, {@code exec_time}, ...) are read as well.
 *
 * @param id the {@code id} attribute
 * @param operation the {@code operation} attribute (start, stop, monitor, ...)
 * @param operationKey the {@code operation_key} attribute
 * @param intervalText the {@code interval} attribute as written (milliseconds), "0" when absent
 * @param transitionKey the {@code transition-key} attribute (action:transition:target-rc:uuid)
 * @param transitionMagic the {@code transition-magic} attribute (op-status:rc:transition-key)
 * @param callId the {@code call-id} attribute (-1 for pending, as Pacemaker writes)
 * @param rcCode the {@code rc-code} attribute (OCF exit code)
 * @param opStatus the {@code op-status} attribute (execution status)
 * @param exitReason the {@code exit-reason} attribute
 * @param onNode the {@code on_node} attribute
 * @param crmFeatureSet the {@code crm_feature_set} attribute
 * @param crmDebugOrigin the {@code crm-debug-origin} attribute
 * @param lastRun the {@code last-run} attribute
 * @param lastRcChange the {@code last-rc-change} attribute
 * @param execTime the {@code exec-time} attribute (ms)
 * @param queueTime the {@code queue-time} attribute (ms)
 * @param opDigest the {@code op-digest} attribute
 * @param opForceRestart the {@code op-force-restart} attribute
 * @param opRestartDigest the {@code op-restart-digest} attribute
 * @param opSecureParams the {@code op-secure-params} attribute
 * @param opSecureDigest the {@code op-secure-digest} attribute
 * @param migrateSource the {@code migrate_source} attribute
 * @param migrateTarget the {@code migrate_target} attribute
 * @param element the XML element this value was read from (keeps every attribute and child, known or not)
 */
public record LrmRscOp(
    String id,
    String operation,
    Optional<String> operationKey,
    String intervalText,
    Optional<String> transitionKey,
    Optional<String> transitionMagic,
    int callId,
    int rcCode,
    int opStatus,
    Optional<String> exitReason,
    Optional<String> onNode,
    Optional<String> crmFeatureSet,
    Optional<String> crmDebugOrigin,
    OptionalLong lastRun,
    OptionalLong lastRcChange,
    OptionalLong execTime,
    OptionalLong queueTime,
    Optional<String> opDigest,
    Optional<String> opForceRestart,
    Optional<String> opRestartDigest,
    Optional<String> opSecureParams,
    Optional<String> opSecureDigest,
    Optional<String> migrateSource,
    Optional<String> migrateTarget,
    CibElement element) {

  /** Checks components and copies lists (the record is immutable). */
  public LrmRscOp {
      java.util.Objects.requireNonNull(id, "id");
      java.util.Objects.requireNonNull(operation, "operation");
      java.util.Objects.requireNonNull(operationKey, "operationKey");
      java.util.Objects.requireNonNull(intervalText, "intervalText");
      java.util.Objects.requireNonNull(transitionKey, "transitionKey");
      java.util.Objects.requireNonNull(transitionMagic, "transitionMagic");
      java.util.Objects.requireNonNull(exitReason, "exitReason");
      java.util.Objects.requireNonNull(onNode, "onNode");
      java.util.Objects.requireNonNull(crmFeatureSet, "crmFeatureSet");
      java.util.Objects.requireNonNull(crmDebugOrigin, "crmDebugOrigin");
      java.util.Objects.requireNonNull(lastRun, "lastRun");
      java.util.Objects.requireNonNull(lastRcChange, "lastRcChange");
      java.util.Objects.requireNonNull(execTime, "execTime");
      java.util.Objects.requireNonNull(queueTime, "queueTime");
      java.util.Objects.requireNonNull(opDigest, "opDigest");
      java.util.Objects.requireNonNull(opForceRestart, "opForceRestart");
      java.util.Objects.requireNonNull(opRestartDigest, "opRestartDigest");
      java.util.Objects.requireNonNull(opSecureParams, "opSecureParams");
      java.util.Objects.requireNonNull(opSecureDigest, "opSecureDigest");
      java.util.Objects.requireNonNull(migrateSource, "migrateSource");
      java.util.Objects.requireNonNull(migrateTarget, "migrateTarget");
      java.util.Objects.requireNonNull(element, "element");
  }

  /**
   * The interval: the {@code interval} attribute is milliseconds; text that is no number reads
   * as zero, as Pacemaker reads it.
   *
   * @return the interval (zero for one-shot operations)
   */
  public Duration interval() {
    return Duration.ofMillis(CibDurations.parseMillisNumber(intervalText).orElse(0));
  }

  /** @return the parsed {@code transition-key}, if present and well-formed */
  public Optional<TransitionKey> parsedTransitionKey() {
    return transitionKey.flatMap(TransitionKey::parse);
  }

  /** @return the parsed {@code transition-magic}, if present and well-formed */
  public Optional<TransitionKey.Magic> parsedTransitionMagic() {
    return transitionMagic.flatMap(TransitionKey::parseMagic);
  }
}
