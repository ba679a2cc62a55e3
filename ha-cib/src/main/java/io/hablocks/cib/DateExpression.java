package io.hablocks.cib;

import java.time.Duration;
import java.util.Optional;

/**
 * A {@code <date_expression>}: {@code in_range} (start/end or start + duration), {@code gt},
 * {@code lt} or {@code date_spec}. Dates are ISO 8601 as Pacemaker reads them ({@link CibDates}).
 *
 * @param id the {@code id} attribute, if any
 * @param operation the {@code operation} attribute, {@code "in_range"} when absent
 * @param start the {@code start} attribute
 * @param end the {@code end} attribute
 * @param dateSpec the {@code date_spec} child
 * @param duration the {@code duration} child
 * @param element the XML element this value was read from (keeps every attribute and child, known or not)
 */
public record DateExpression(
    Optional<String> id,
    String operation,
    Optional<String> start,
    Optional<String> end,
    Optional<DateSpec> dateSpec,
    Optional<DateDuration> duration,
    CibElement element) implements Expression {

  /** Checks components and copies lists (the record is immutable). */
  public DateExpression {
      java.util.Objects.requireNonNull(id, "id");
      java.util.Objects.requireNonNull(operation, "operation");
      java.util.Objects.requireNonNull(start, "start");
      java.util.Objects.requireNonNull(end, "end");
      java.util.Objects.requireNonNull(dateSpec, "dateSpec");
      java.util.Objects.requireNonNull(duration, "duration");
      java.util.Objects.requireNonNull(element, "element");
  }
}
