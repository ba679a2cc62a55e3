package io.hablocks.cib;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.temporal.IsoFields;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Dates as Pacemaker 2.1.5 reads them in rules ({@code crm_time_new}): "YYYY-MM-DD",
 * "YYYYMMDD", ordinal "YYYY-DDD", ISO week "YYYY-Www-D", or "epoch", optionally followed by a
 * space or "T" and a time "HH:MM:SS" / "HH:MM" / "HHMMSS" ("24:00:00" is the next midnight). A
 * "Z" in the time means UTC; an offset counts only after a space ("... 12:00:00 +02:00"); without
 * either the time is local, which here means the zone the caller passes (Pacemaker uses the
 * host's). A bare time ("T12:00" or "12:00") is on the date of {@code today}.
 */
public final class CibDates {

  private static final Pattern YMD = Pattern.compile("^(-?\\d+)-(\\d+)-(\\d+)");
  private static final Pattern YMD_COMPACT = Pattern.compile("^(\\d{4})(\\d{2})(\\d{2})");
  private static final Pattern ORDINAL = Pattern.compile("^(-?\\d+)-(\\d+)");
  private static final Pattern WEEK = Pattern.compile("^(-?\\d+)-W(\\d+)-(\\d+)");
  private static final Pattern HMS = Pattern.compile("^(\\d+)(?::(\\d+))?(?::(\\d+))?");
  private static final Pattern HMS_COMPACT = Pattern.compile("^(\\d{1,2})(\\d{2})?(\\d{2})?");

  private CibDates() {}

  /**
   * Reads a date.
   *
   * @param text the text
   * @param zone the local zone (for times without "Z" or an offset)
   * @param today the date a bare time falls on
   * @return the instant in time, empty if Pacemaker would reject the text
   */
  public static Optional<ZonedDateTime> parse(String text, ZoneId zone, LocalDate today) {
    if (text == null || text.isEmpty()) {
      return Optional.empty();
    }
    try {
      LocalDate date;
      String timePart = null;
      if (text.charAt(0) == 'T' || (text.length() > 2 && text.charAt(2) == ':')) {
        date = today;
        timePart = text.charAt(0) == 'T' ? text.substring(1) : text;
      } else if (text.regionMatches(true, 0, "epoch", 0, 5)
          && (text.length() == 5 || text.charAt(5) == '/' || Character.isWhitespace(text.charAt(5)))) {
        return Optional.of(ZonedDateTime.of(1970, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC));
      } else {
        Matcher m;
        if ((m = WEEK.matcher(text)).find()) {
          int year = Integer.parseInt(m.group(1));
          int week = Integer.parseInt(m.group(2));
          int day = Integer.parseInt(m.group(3));
          LocalDate jan4 = LocalDate.of(year, 1, 4);
          long weeks = jan4.range(IsoFields.WEEK_OF_WEEK_BASED_YEAR).getMaximum();
          if (week < 1 || week > weeks || day < 1 || day > 7) {
            return Optional.empty();
          }
          date = jan4.with(IsoFields.WEEK_OF_WEEK_BASED_YEAR, week)
              .with(java.time.temporal.ChronoField.DAY_OF_WEEK, day);
        } else if ((m = YMD.matcher(text)).find()) {
          date = LocalDate.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
              Integer.parseInt(m.group(3)));
        } else if ((m = YMD_COMPACT.matcher(text)).find()) {
          date = LocalDate.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
              Integer.parseInt(m.group(3)));
        } else if ((m = ORDINAL.matcher(text)).find()) {
          date = LocalDate.ofYearDay(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
        } else {
          return Optional.empty();
        }
        int i = 0;
        while (i < text.length() && "0123456789-W".indexOf(text.charAt(i)) >= 0) {
          i++;
        }
        if (i < text.length() && (text.charAt(i) == ' ' || text.charAt(i) == 'T')) {
          timePart = text.substring(i + 1);
        }
      }
      if (timePart == null) {
        return Optional.of(date.atStartOfDay(zone));
      }
      Matcher t = HMS.matcher(timePart);
      int h;
      int mi;
      int s;
      if (t.find() && t.group(2) != null) {
        h = Integer.parseInt(t.group(1));
        mi = Integer.parseInt(t.group(2));
        s = t.group(3) == null ? 0 : Integer.parseInt(t.group(3));
      } else if ((t = HMS_COMPACT.matcher(timePart)).find()) {
        h = Integer.parseInt(t.group(1));
        mi = t.group(2) == null ? 0 : Integer.parseInt(t.group(2));
        s = t.group(3) == null ? 0 : Integer.parseInt(t.group(3));
      } else {
        return Optional.empty();
      }
      boolean nextDay = h == 24 && mi == 0 && s == 0;
      if ((h >= 24 && !nextDay) || mi >= 60 || s >= 60) {
        return Optional.empty();
      }
      ZoneId z = zone;
      int zi = timePart.indexOf('Z');
      int sp = timePart.indexOf(' ');
      if (zi >= 0) {
        z = ZoneOffset.UTC;
      } else if (sp >= 0) {
        String off = timePart.substring(sp).strip();
        boolean neg = off.startsWith("-");
        if (off.startsWith("+") || off.startsWith("-")) {
          off = off.substring(1);
        }
        Matcher o = HMS.matcher(off);
        int seconds = 0;
        if (o.find() && o.group(2) != null) {
          seconds = Integer.parseInt(o.group(1)) * 3600 + Integer.parseInt(o.group(2)) * 60;
        } else if ((o = HMS_COMPACT.matcher(off)).find()) {
          seconds = Integer.parseInt(o.group(1)) * 3600
              + (o.group(2) == null ? 0 : Integer.parseInt(o.group(2)) * 60);
        }
        z = ZoneOffset.ofTotalSeconds(neg ? -seconds : seconds);
      }
      ZonedDateTime r = ZonedDateTime.of(date, nextDay ? LocalTime.MIDNIGHT : LocalTime.of(h, mi, s), z);
      return Optional.of(nextDay ? r.plus(1, ChronoUnit.DAYS) : r);
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  /**
   * Adds a {@code <duration>} the way Pacemaker does (years keep the day of the year, months
   * keep the day of the month unless the month is shorter).
   *
   * @param start the start
   * @param d the duration
   * @return the end
   */
  public static ZonedDateTime plus(ZonedDateTime start, DateDuration d) {
    ZonedDateTime t = start;
    if (d.years() != 0) {
      int doy = t.getDayOfYear();
      int year = Math.toIntExact(t.getYear() + d.years());
      LocalDate ld = LocalDate.ofYearDay(year, Math.min(doy, LocalDate.of(year, 1, 1).lengthOfYear()));
      t = t.with(ld);
    }
    if (d.months() != 0) {
      t = t.plusMonths(d.months());
    }
    return t.plusWeeks(d.weeks()).plusDays(d.days()).plusHours(d.hours()).plusMinutes(d.minutes())
        .plusSeconds(d.seconds());
  }
}
