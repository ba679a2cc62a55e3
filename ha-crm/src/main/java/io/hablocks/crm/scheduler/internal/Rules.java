package io.hablocks.crm.scheduler.internal;

import io.hablocks.cib.CibElement;
import io.hablocks.cib.Scores;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Map;

/**
 * A minimal evaluator of Pacemaker rules (rule, expression, date_expression) against node
 * attributes and "now". Kept in ha-crm until rule evaluation lands in ha-cib.
 */
final class Rules {

  private Rules() {}

  /** Evaluates a rule element against attributes; unknown expression kinds count as true. */
  static boolean eval(CibElement rule, Map<String, String> attrs, Instant now, Map<String, CibElement> refs) {
    rule = resolve(rule, refs);
    String op = rule.attribute("boolean-op", "and");
    boolean any = false;
    boolean all = true;
    int n = 0;
    for (CibElement e : rule.elements()) {
      Boolean r = switch (e.name()) {
        case "expression" -> expr(resolve(e, refs), attrs);
        case "date_expression" -> date(e, now);
        case "rule" -> eval(e, attrs, now, refs);
        case "rsc_expression" -> rscExpr(e, attrs);
        case "op_expression" -> Boolean.TRUE;
        default -> null;
      };
      if (r == null) {
        continue;
      }
      n++;
      any |= r;
      all &= r;
    }
    if (n == 0) {
      return true;
    }
    return "or".equalsIgnoreCase(op) ? any : all;
  }

  static Boolean rscExpr(CibElement e, Map<String, String> attrs) {
    if (!attrs.containsKey("#rsc-type")) {
      return Boolean.TRUE;
    }
    for (String k : new String[] {"class", "provider", "type"}) {
      String want = e.attributeOrNull(k);
      if (want != null && !want.equals(attrs.get("#rsc-" + k))) {
        return Boolean.FALSE;
      }
    }
    return Boolean.TRUE;
  }

  static CibElement resolve(CibElement e, Map<String, CibElement> refs) {
    if (e.hasAttribute("id-ref") && refs != null) {
      CibElement t = refs.get(e.attributeOrNull("id-ref"));
      if (t != null) {
        return t;
      }
    }
    return e;
  }

  static boolean expr(CibElement e, Map<String, String> attrs) {
    String attr = e.attributeOrNull("attribute");
    String op = e.attribute("operation", "");
    String value = e.attributeOrNull("value");
    String type = e.attributeOrNull("type");
    String src = e.attribute("value-source", "literal");
    if (!"literal".equals(src) && value != null) {
      value = attrs.get("#" + src + ":" + value);
    }
    String have = attr == null ? null : attrs.get(attr);
    switch (op) {
      case "defined":
        return have != null;
      case "not_defined":
        return have == null;
      default:
        break;
    }
    if (type == null) {
      if (op.equals("lt") || op.equals("lte") || op.equals("gt") || op.equals("gte")) {
        type = ((value != null && value.contains(".")) || (have != null && have.contains(".")))
            ? "number" : "integer";
      } else {
        type = "string";
      }
    }
    if (have == null || value == null) {
      return op.equals("ne");
    }
    int cmp;
    try {
      switch (type) {
        case "integer" -> cmp = new BigDecimal(have.strip()).toBigInteger()
            .compareTo(new BigDecimal(value.strip()).toBigInteger());
        case "number" -> cmp = new BigDecimal(have.strip()).compareTo(new BigDecimal(value.strip()));
        case "version" -> cmp = compareVersion(have, value);
        default -> cmp = have.compareToIgnoreCase(value);
      }
    } catch (NumberFormatException ex) {
      cmp = have.compareToIgnoreCase(value);
    }
    return switch (op) {
      case "lt" -> cmp < 0;
      case "lte" -> cmp <= 0;
      case "gt" -> cmp > 0;
      case "gte" -> cmp >= 0;
      case "eq" -> cmp == 0;
      case "ne" -> cmp != 0;
      default -> false;
    };
  }

  static int compareVersion(String a, String b) {
    String[] x = a.split("\\.");
    String[] y = b.split("\\.");
    for (int i = 0; i < Math.max(x.length, y.length); i++) {
      long p = i < x.length ? parseLong(x[i]) : 0;
      long q = i < y.length ? parseLong(y[i]) : 0;
      if (p != q) {
        return Long.compare(p, q);
      }
    }
    return 0;
  }

  private static long parseLong(String s) {
    try {
      return Long.parseLong(s.strip());
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  static Instant parseDate(String s) {
    if (s == null) {
      return null;
    }
    String t = s.strip().replaceFirst(" ", "T").replaceAll("\\s+([+-]\\d\\d:?\\d\\d)$", "$1").replace(' ', 'T');
    java.util.regex.Matcher ord = java.util.regex.Pattern.compile("^(\\d{4})-(\\d{3})(T.*)?$").matcher(t);
    if (ord.matches()) {
      java.time.LocalDate d = java.time.LocalDate.ofYearDay(Integer.parseInt(ord.group(1)),
          Integer.parseInt(ord.group(2)));
      t = d + (ord.group(3) == null ? "" : ord.group(3));
    }
    java.util.regex.Matcher wk = java.util.regex.Pattern.compile("^(\\d{4})-W(\\d{2})-(\\d)(T.*)?$").matcher(t);
    if (wk.matches()) {
      java.time.LocalDate d = java.time.LocalDate.of(Integer.parseInt(wk.group(1)), 1, 4)
          .with(java.time.temporal.IsoFields.WEEK_OF_WEEK_BASED_YEAR, Integer.parseInt(wk.group(2)))
          .with(java.time.temporal.ChronoField.DAY_OF_WEEK, Integer.parseInt(wk.group(3)));
      t = d + (wk.group(4) == null ? "" : wk.group(4));
    }
    if (t.matches("^\\d+$")) {
      return Instant.ofEpochSecond(Long.parseLong(t));
    }
    try {
      if (t.endsWith("Z") || t.matches(".*[+-]\\d\\d:?\\d\\d$")) {
        return java.time.OffsetDateTime.parse(t.replaceAll("([+-]\\d\\d)(\\d\\d)$", "$1:$2")).toInstant();
      }
      if (t.length() == 10) {
        t = t + "T00:00:00";
      }
      return LocalDateTime.parse(t).toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  static Boolean date(CibElement e, Instant now) {
    if (now == null) {
      return null;
    }
    String op = e.attribute("operation", "in_range");
    Instant start = parseDate(e.attributeOrNull("start"));
    Instant end = parseDate(e.attributeOrNull("end"));
    switch (op) {
      case "gt":
        return start != null && now.isAfter(start);
      case "lt":
        return end != null && now.isBefore(end);
      case "in_range": {
        if (end == null && start != null) {
          CibElement d = e.firstElement("duration").orElse(null);
          if (d != null) {
            end = addDuration(start, d);
          }
        }
        if (start != null && now.isBefore(start)) {
          return false;
        }
        if (end != null && now.isAfter(end)) {
          return false;
        }
        return true;
      }
      case "date_spec": {
        CibElement spec = e.firstElement("date_spec").orElse(null);
        if (spec == null) {
          return true;
        }
        java.time.ZonedDateTime z = now.atZone(ZoneOffset.UTC);
        return in(spec, "hours", z.getHour()) && in(spec, "monthdays", z.getDayOfMonth())
            && in(spec, "weekdays", z.getDayOfWeek().getValue()) && in(spec, "months", z.getMonthValue())
            && in(spec, "years", z.getYear()) && in(spec, "minutes", z.getMinute())
            && in(spec, "yeardays", z.getDayOfYear());
      }
      default:
        return null;
    }
  }

  private static boolean in(CibElement spec, String field, int v) {
    String r = spec.attributeOrNull(field);
    if (r == null) {
      return true;
    }
    for (String part : r.split(",")) {
      String[] ab = part.strip().split("-");
      try {
        int a = Integer.parseInt(ab[0].strip());
        int b = ab.length > 1 ? Integer.parseInt(ab[1].strip()) : a;
        if (v >= a && v <= b) {
          return true;
        }
      } catch (NumberFormatException ex) {
        return true;
      }
    }
    return false;
  }

  private static Instant addDuration(Instant start, CibElement d) {
    java.time.ZonedDateTime z = start.atZone(ZoneOffset.UTC);
    z = z.plusYears(num(d, "years")).plusMonths(num(d, "months")).plusWeeks(num(d, "weeks"))
        .plusDays(num(d, "days")).plusHours(num(d, "hours")).plusMinutes(num(d, "minutes"))
        .plusSeconds(num(d, "seconds"));
    return z.toInstant();
  }

  private static long num(CibElement d, String f) {
    return parseLong(d.attribute(f, "0"));
  }

  /** The score of a rule for a node: its score, or the value of its score-attribute. */
  static int score(CibElement rule, Map<String, String> attrs) {
    String s = rule.attributeOrNull("score");
    if (s != null) {
      return Scores.parse(s);
    }
    String a = rule.attributeOrNull("score-attribute");
    if (a != null) {
      String v = attrs.get(a);
      return v == null ? 0 : Scores.parse(v);
    }
    return 0;
  }
}
