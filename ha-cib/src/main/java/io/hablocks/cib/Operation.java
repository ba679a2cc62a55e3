package io.hablocks.cib;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * An {@code <op>} of a primitive or template: its name, interval and options. Intervals and timeouts
 * keep the raw text ({@link CibDurations} parses them as Pacemaker does: "10", "10s", "10000ms", "PT10S").
 *
 * @param id the {@code id} attribute, if any
 * @param idRef the {@code id-ref} attribute: this element refers to another of the same kind
 * @param name the {@code name} attribute (start, stop, monitor, promote, ...)
 * @param intervalText the {@code interval} attribute as written, "0" when absent
 * @param timeout the {@code timeout} attribute (raw; may be invalid, as in the suite, and then Pacemaker uses the default)
 * @param role the {@code role} attribute
 * @param onFail the {@code on-fail} attribute
 * @param requires the {@code requires} attribute
 * @param enabled the {@code enabled} attribute
 * @param recordPending the {@code record-pending} attribute
 * @param startDelay the {@code start-delay} attribute
 * @param intervalOrigin the {@code interval-origin} attribute
 * @param description the {@code description} attribute
 * @param metaAttributes the {@code meta_attributes} sets, in document order
 * @param instanceAttributes the {@code instance_attributes} sets, in document order
 * @param element the XML element this value was read from (keeps every attribute and child, known or not)
 */
public record Operation(
    Optional<String> id,
    Optional<String> idRef,
    String name,
    String intervalText,
    Optional<String> timeout,
    Optional<String> role,
    Optional<String> onFail,
    Optional<String> requires,
    Optional<String> enabled,
    Optional<String> recordPending,
    Optional<String> startDelay,
    Optional<String> intervalOrigin,
    Optional<String> description,
    List<NvSet> metaAttributes,
    List<NvSet> instanceAttributes,
    CibElement element) {

  /** Checks components and copies lists (the record is immutable). */
  public Operation {
      java.util.Objects.requireNonNull(id, "id");
      java.util.Objects.requireNonNull(idRef, "idRef");
      java.util.Objects.requireNonNull(name, "name");
      java.util.Objects.requireNonNull(intervalText, "intervalText");
      java.util.Objects.requireNonNull(timeout, "timeout");
      java.util.Objects.requireNonNull(role, "role");
      java.util.Objects.requireNonNull(onFail, "onFail");
      java.util.Objects.requireNonNull(requires, "requires");
      java.util.Objects.requireNonNull(enabled, "enabled");
      java.util.Objects.requireNonNull(recordPending, "recordPending");
      java.util.Objects.requireNonNull(startDelay, "startDelay");
      java.util.Objects.requireNonNull(intervalOrigin, "intervalOrigin");
      java.util.Objects.requireNonNull(description, "description");
      metaAttributes = List.copyOf(metaAttributes);
      instanceAttributes = List.copyOf(instanceAttributes);
      java.util.Objects.requireNonNull(element, "element");
  }

  /**
   * The interval as Pacemaker reads it: an ISO 8601 duration ("PT10S") or a number with an
   * optional unit ("10", "10s", "10000ms", "1m"); invalid text reads as zero, as in Pacemaker
   * (use {@link CibDurations#parseIntervalStrict} to reject it).
   *
   * @return the interval (zero for a one-shot operation)
   */
  public Duration interval() {
    return CibDurations.parseInterval(intervalText).orElse(Duration.ZERO);
  }

  /**
   * The timeout as Pacemaker reads it, when set and valid.
   *
   * @return the timeout; empty when unset or invalid (Pacemaker then uses the default)
   */
  public Optional<Duration> timeoutDuration() {
    return timeout.flatMap(CibDurations::parseMillisWithUnits);
  }
}
