package io.hablocks.cib;

import java.util.Optional;

/**
 * A {@code <duration>} child of a date expression: added to {@code start} to give the end.
 *
 * @param id the {@code id} attribute, if any
 * @param years years
 * @param months months
 * @param weeks weeks
 * @param days days
 * @param hours hours
 * @param minutes minutes
 * @param seconds seconds
 * @param element the XML element this value was read from (keeps every attribute and child, known or not)
 */
public record DateDuration(
    Optional<String> id,
    long years,
    long months,
    long weeks,
    long days,
    long hours,
    long minutes,
    long seconds,
    CibElement element) {

  /** Checks components and copies lists (the record is immutable). */
  public DateDuration {
      java.util.Objects.requireNonNull(id, "id");
      java.util.Objects.requireNonNull(element, "element");
  }
}
