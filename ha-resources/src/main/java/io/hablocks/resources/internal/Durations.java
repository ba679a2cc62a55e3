package io.hablocks.resources.internal;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** Pacemaker's time values ({@code crm_get_msec}): a number and a unit, seconds by default. */
public final class Durations {

  private Durations() {}

  /**
   * Parses {@code 20}, {@code 20s}, {@code 100ms}, {@code 2min}, {@code 1h}, {@code 500us}, or an
   * ISO 8601 duration ({@code PT20S}).
   *
   * @param text the value
   * @return the duration
   * @throws IllegalArgumentException naming the value if it is not a time
   */
  public static Duration parse(String text) {
    String t = text.strip().toLowerCase(Locale.ROOT);
    if (t.startsWith("p")) {
      try {
        return Duration.parse(t.toUpperCase(Locale.ROOT));
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException("'" + text + "' is not an ISO 8601 duration");
      }
    }
    int i = 0;
    while (i < t.length() && Character.isDigit(t.charAt(i))) {
      i++;
    }
    if (i == 0) {
      throw new IllegalArgumentException("'" + text + "' is not a time (number and unit)");
    }
    long n;
    try {
      n = Long.parseLong(t.substring(0, i));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + text + "' is too large");
    }
    String unit = t.substring(i).strip();
    return switch (unit) {
      case "", "s", "sec" -> Duration.ofSeconds(n);
      case "ms", "msec" -> Duration.ofMillis(n);
      case "us", "usec" -> Duration.ofNanos(n * 1000);
      case "m", "min" -> Duration.ofMinutes(n);
      case "h", "hr" -> Duration.ofHours(n);
      default -> throw new IllegalArgumentException("'" + text + "' has an unknown unit '"
          + unit + "' (ms, s, m, h)");
    };
  }
}
