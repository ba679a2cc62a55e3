package io.hablocks.cib;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Durations as Pacemaker writes them in a CIB: a number with an optional unit ("10" and "10s"
 * are seconds; "ms"/"msec", "us"/"usec", "s"/"sec", "m"/"min", "h"/"hr"), or, for intervals, an
 * ISO 8601 duration beginning with "P" ("PT10S", "P1DT2H").
 */
public final class CibDurations {

  private CibDurations() {}

  /**
   * Reads a number with an optional unit as Pacemaker's {@code crm_get_msec} does (seconds when
   * there is no unit; a fraction is cut off).
   *
   * @param text the text
   * @return the duration, empty if the text is not one
   */
  public static Optional<Duration> parseMillisWithUnits(String text) {
    if (text == null) {
      return Optional.empty();
    }
    String s = text.stripLeading();
    int i = 0;
    while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
      i++;
    }
    if (i == 0) {
      return Optional.empty();
    }
    String num = s.substring(0, i);
    String units = s.substring(i).stripLeading().toLowerCase(Locale.ROOT);
    long multiplier = 1000;
    long divisor = 1;
    if (units.startsWith("ms")) {
      multiplier = 1;
    } else if (units.startsWith("us")) {
      multiplier = 1;
      divisor = 1000;
    } else if (units.startsWith("s")) {
      multiplier = 1000;
    } else if (units.startsWith("m")) {
      multiplier = 60_000;
    } else if (units.startsWith("h")) {
      multiplier = 3_600_000;
    } else if (!units.isEmpty() && units.charAt(0) != '\n' && units.charAt(0) != '\r') {
      return Optional.empty();
    }
    int dot = num.indexOf('.');
    String intPart = dot >= 0 ? num.substring(0, dot) : num;
    if (intPart.isEmpty()) {
      return Optional.of(Duration.ZERO);
    }
    long v;
    try {
      v = Long.parseLong(intPart);
    } catch (NumberFormatException e) {
      return Optional.of(Duration.ofMillis(Long.MAX_VALUE));
    }
    if (v > Long.MAX_VALUE / multiplier) {
      return Optional.of(Duration.ofMillis(Long.MAX_VALUE));
    }
    return Optional.of(Duration.ofMillis(v * multiplier / divisor));
  }

  /**
   * Reads an interval as Pacemaker's {@code crm_parse_interval_spec}: ISO 8601 when it begins
   * with "P", else {@link #parseMillisWithUnits}.
   *
   * @param text the text
   * @return the interval, empty if invalid (Pacemaker then warns and uses 0)
   */
  public static Optional<Duration> parseInterval(String text) {
    if (text == null) {
      return Optional.empty();
    }
    if (text.startsWith("P")) {
      return parseIsoDuration(text);
    }
    return parseMillisWithUnits(text);
  }

  /**
   * Reads an interval and rejects invalid text.
   *
   * @param text the text
   * @param where the element it belongs to (for the message), or null
   * @return the interval
   * @throws CibParseException naming the element's line if invalid
   */
  public static Duration parseIntervalStrict(String text, CibElement where) {
    return parseInterval(text).orElseThrow(() -> new CibParseException(
        where == null ? null : where.name() + where.id().map(i -> "[@id='" + i + "']").orElse(""),
        where == null ? -1 : where.line(), "bad interval '" + text + "'"));
  }

  /**
   * Reads a plain decimal number of milliseconds (as in {@code lrm_rsc_op interval}).
   *
   * @param text the text
   * @return the number, empty if not a number
   */
  public static OptionalLong parseMillisNumber(String text) {
    if (text == null) {
      return OptionalLong.empty();
    }
    try {
      return OptionalLong.of(Long.parseLong(text.trim()));
    } catch (NumberFormatException e) {
      return OptionalLong.empty();
    }
  }

  /**
   * Reads an ISO 8601 duration ("P1Y2M3W4DT5H6M7S"; "S" and "H" are also read before "T", as
   * Pacemaker reads them). A year is 365 days and a month 30 days when converted to a Duration.
   *
   * @param text the text
   * @return the duration, empty if invalid
   */
  public static Optional<Duration> parseIsoDuration(String text) {
    if (text == null || text.length() < 2 || text.charAt(0) != 'P') {
      return Optional.empty();
    }
    long seconds = 0;
    boolean time = false;
    boolean any = false;
    int i = 1;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c == 'T') {
        time = true;
        i++;
        continue;
      }
      int start = i;
      while (i < text.length() && Character.isDigit(text.charAt(i))) {
        i++;
      }
      if (i == start || i >= text.length()) {
        return Optional.empty();
      }
      long n;
      try {
        n = Long.parseLong(text.substring(start, i));
      } catch (NumberFormatException e) {
        return Optional.empty();
      }
      char unit = text.charAt(i++);
      long mult;
      switch (unit) {
        case 'Y' -> mult = 365L * 86400;
        case 'M' -> mult = time ? 60 : 30L * 86400;
        case 'W' -> mult = 7L * 86400;
        case 'D' -> mult = 86400;
        case 'H' -> mult = 3600;
        case 'S' -> mult = 1;
        default -> {
          return Optional.empty();
        }
      }
      seconds = Math.addExact(seconds, Math.multiplyExact(n, mult));
      any = true;
    }
    return any ? Optional.of(Duration.ofSeconds(seconds)) : Optional.empty();
  }
}
