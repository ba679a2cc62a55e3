package io.hablocks.stonith.internal;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Pacemaker's interval syntax: a number with an optional unit (s by default; ms, us, m, h). */
public final class PcmkDuration {

  private static final Pattern P = Pattern.compile("\\s*(\\d{1,12})\\s*([a-zA-Z]*)\\s*");

  private PcmkDuration() {}

  /**
   * Parses a duration.
   *
   * @param text for example {@code 60}, {@code 60s}, {@code 500ms}, {@code 2min}, {@code 1h}
   * @return the duration, or null if the text is not one
   */
  public static Duration parse(String text) {
    if (text == null) {
      return null;
    }
    Matcher m = P.matcher(text);
    if (!m.matches()) {
      return null;
    }
    long n = Long.parseLong(m.group(1));
    switch (m.group(2).toLowerCase(Locale.ROOT)) {
      case "": case "s": case "sec": case "secs": case "second": case "seconds":
        return Duration.ofSeconds(n);
      case "ms": case "msec": case "msecs":
        return Duration.ofMillis(n);
      case "us": case "usec": case "usecs":
        return Duration.ofNanos(n * 1000);
      case "m": case "min": case "mins": case "minute": case "minutes":
        return Duration.ofMinutes(n);
      case "h": case "hr": case "hrs": case "hour": case "hours":
        return Duration.ofHours(n);
      default:
        return null;
    }
  }
}
