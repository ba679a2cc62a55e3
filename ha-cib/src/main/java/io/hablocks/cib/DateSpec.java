package io.hablocks.cib;

import java.util.Optional;

/**
 * A {@code <date_spec>} (or the {@code <duration>}-like spec inside a date expression): each field is
 * a value or a range "a-b" that the date must fall in; absent fields match anything.
 *
 * @param id the {@code id} attribute, if any
 * @param years years
 * @param months months 1-12
 * @param monthdays days of the month 1-31
 * @param hours hours 0-23
 * @param minutes minutes 0-59
 * @param seconds seconds 0-59
 * @param yeardays days of the year 1-366
 * @param weekyears ISO week-years
 * @param weeks ISO weeks 1-53
 * @param weekdays ISO days of the week 1 (Monday) to 7
 * @param moon moon phase 0-7 (deprecated)
 * @param element the XML element this value was read from (keeps every attribute and child, known or not)
 */
public record DateSpec(
    Optional<String> id,
    Optional<String> years,
    Optional<String> months,
    Optional<String> monthdays,
    Optional<String> hours,
    Optional<String> minutes,
    Optional<String> seconds,
    Optional<String> yeardays,
    Optional<String> weekyears,
    Optional<String> weeks,
    Optional<String> weekdays,
    Optional<String> moon,
    CibElement element) {

  /** Checks components and copies lists (the record is immutable). */
  public DateSpec {
      java.util.Objects.requireNonNull(id, "id");
      java.util.Objects.requireNonNull(years, "years");
      java.util.Objects.requireNonNull(months, "months");
      java.util.Objects.requireNonNull(monthdays, "monthdays");
      java.util.Objects.requireNonNull(hours, "hours");
      java.util.Objects.requireNonNull(minutes, "minutes");
      java.util.Objects.requireNonNull(seconds, "seconds");
      java.util.Objects.requireNonNull(yeardays, "yeardays");
      java.util.Objects.requireNonNull(weekyears, "weekyears");
      java.util.Objects.requireNonNull(weeks, "weeks");
      java.util.Objects.requireNonNull(weekdays, "weekdays");
      java.util.Objects.requireNonNull(moon, "moon");
      java.util.Objects.requireNonNull(element, "element");
  }
}
