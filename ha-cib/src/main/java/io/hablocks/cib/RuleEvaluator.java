package io.hablocks.cib;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Evaluates rules as Pacemaker 2.1.5's scheduler does, at a given time and for a given node,
 * role, resource agent and operation: {@code boolean-op} and/or, attribute expressions (string,
 * integer, number and version comparisons; {@code value-source} param/meta), date expressions
 * ({@code in_range} with start/end/duration, {@code gt}, {@code lt}, {@code date_spec} with ranges),
 * {@code rsc_expression} and {@code op_expression}, and {@code id-ref}s. Immutable; make one per
 * question with {@link #builder(Instant)}.
 *
 * <pre>{@code
 * RuleEvaluator at = RuleEvaluator.builder(Instant.parse("2024-03-01T10:00:00Z"))
 *     .node(Map.of("#uname", "node1", "site", "a")).cib(cib).build();
 * boolean applies = at.evaluate(rule);
 * Map<String, String> meta = at.unpack(resource.metaAttributes());
 * }</pre>
 */
public final class RuleEvaluator {

  private final Instant now;
  private final ZoneId zone;
  private final Map<String, String> node;
  private final String role;
  private final String rscClass;
  private final String rscProvider;
  private final String rscType;
  private final boolean haveRsc;
  private final String opName;
  private final Duration opInterval;
  private final Map<String, String> params;
  private final Map<String, String> meta;
  private final Cib cib;

  private RuleEvaluator(Builder b) {
    this.now = b.now;
    this.zone = b.zone;
    this.node = b.node == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(b.node));
    this.role = b.role;
    this.rscClass = b.rscClass;
    this.rscProvider = b.rscProvider;
    this.rscType = b.rscType;
    this.haveRsc = b.haveRsc;
    this.opName = b.opName;
    this.opInterval = b.opInterval;
    this.params = b.params;
    this.meta = b.meta;
    this.cib = b.cib;
  }

  /**
   * @param now the time rules are evaluated at (a CIB's {@code execution-date}, or the clock)
   * @return a builder
   */
  public static Builder builder(Instant now) {
    return new Builder(now);
  }

  /** @return the evaluation time */
  public Instant now() {
    return now;
  }

  /**
   * Evaluates a rule (its id-ref resolved through the CIB if one was given).
   *
   * @param rule the rule
   * @return whether it passes
   */
  public boolean evaluate(Rule rule) {
    Rule r = rule;
    if (r.idRef().isPresent()) {
      if (cib == null) {
        return false;
      }
      r = cib.resolveRule(r);
    }
    boolean or = r.booleanOp().equalsIgnoreCase("or");
    for (Expression e : r.expressions()) {
      boolean t = evaluate(e);
      if (t && or) {
        return true;
      }
      if (!t && !or) {
        return false;
      }
    }
    return !or;
  }

  /**
   * Evaluates one expression.
   *
   * @param e the expression
   * @return whether it passes
   */
  public boolean evaluate(Expression e) {
    if (e instanceof Rule r) {
      return evaluate(r);
    } else if (e instanceof AttributeExpression a) {
      return attribute(a);
    } else if (e instanceof DateExpression d) {
      return date(d);
    } else if (e instanceof RscExpression r) {
      return rsc(r);
    } else if (e instanceof OpExpression o) {
      return op(o);
    }
    return false;
  }

  /**
   * Whether a set applies: it has no rule, or one of its rules passes.
   *
   * @param set the set
   * @return whether its nvpairs apply
   */
  public boolean applies(NvSet set) {
    if (set.rules().isEmpty()) {
      return true;
    }
    for (Rule r : set.rules()) {
      if (evaluate(r)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The values the sets give, as Pacemaker unpacks them without overwriting: sets sorted by
   * score (higher first, stable), those whose rules pass read in turn, the first value of a name
   * wins, and the value "#default" removes a name set before. id-refs are resolved through the
   * CIB when one was given.
   *
   * @param sets the sets (e.g. a resource's meta_attributes)
   * @return name to value, in the order first set
   */
  public Map<String, String> unpack(List<NvSet> sets) {
    Map<String, String> out = new LinkedHashMap<>();
    unpackInto(sets, out, false, null);
    return out;
  }

  /**
   * As {@link #unpack(List)}, with the set of one id read first whatever its score (Pacemaker
   * does so for {@code cib-bootstrap-options}).
   *
   * @param sets the sets
   * @param alwaysFirst the id of the set read first
   * @return name to value
   */
  public Map<String, String> unpack(List<NvSet> sets, String alwaysFirst) {
    Map<String, String> out = new LinkedHashMap<>();
    unpackInto(sets, out, false, alwaysFirst);
    return out;
  }

  /**
   * Unpacks sets into a map.
   *
   * @param sets the sets
   * @param into the map to add to
   * @param overwrite whether a value replaces one already there (Pacemaker does so for
   *     transient node attributes)
   * @param alwaysFirst the id of a set read before all others, or null
   */
  public void unpackInto(List<NvSet> sets, Map<String, String> into, boolean overwrite,
      String alwaysFirst) {
    List<NvSet> sorted = new ArrayList<>();
    for (NvSet s : sets) {
      NvSet r = s;
      if (s.idRef().isPresent()) {
        if (cib == null) {
          continue;
        }
        try {
          r = cib.resolveSet(s);
        } catch (CibParseException e) {
          continue;
        }
      }
      sorted.add(r);
    }
    // Pacemaker prepends then sorts (stable): equal scores end up in reverse document order
    Collections.reverse(sorted);
    sorted.sort((a, b) -> {
      if (alwaysFirst != null) {
        boolean fa = alwaysFirst.equals(a.id().orElse(null));
        boolean fb = alwaysFirst.equals(b.id().orElse(null));
        if (fa != fb) {
          return fa ? -1 : 1;
        }
      }
      return Integer.compare(Scores.parse(b.score().orElse(null)), Scores.parse(a.score().orElse(null)));
    });
    for (NvSet s : sorted) {
      if (!applies(s)) {
        continue;
      }
      for (NvPair p : s.nvpairs()) {
        String name = p.name().isEmpty() ? null : p.name();
        String value = p.value().orElse(null);
        if ((name == null || value == null) && p.idRef().isPresent() && cib != null) {
          try {
            NvPair t = cib.resolvePair(p);
            name = name == null && !t.name().isEmpty() ? t.name() : name;
            value = value == null ? t.value().orElse(null) : value;
          } catch (CibParseException e) {
            continue;
          }
        }
        if (name == null || value == null) {
          continue;
        }
        if (value.equalsIgnoreCase("#default")) {
          into.remove(name);
        } else if (!into.containsKey(name) || overwrite) {
          into.put(name, value);
        }
      }
    }
  }

  private boolean attribute(AttributeExpression a) {
    String attr = a.attribute();
    if (attr.equals("#role")) {
      return roleExpression(a);
    }
    if (node == null) {
      return false;
    }
    String value = a.value().orElse(null);
    String source = a.valueSource().orElse("literal");
    if (value == null || value.isEmpty()) {
      value = null;
    } else if (source.equalsIgnoreCase("param")) {
      value = params == null ? null : params.get(value);
    } else if (source.equalsIgnoreCase("meta")) {
      value = meta == null ? null : meta.get(value);
    }
    String left = node.get(attr);
    String op = a.operation();
    if (op.equalsIgnoreCase("defined")) {
      return left != null;
    }
    if (op.equalsIgnoreCase("not_defined")) {
      return left == null;
    }
    int cmp = compare(left, value, a.type().orElse(null), op);
    switch (op.toLowerCase(Locale.ROOT)) {
      case "eq":
        return cmp == 0;
      case "ne":
        return cmp != 0;
      default:
        break;
    }
    if (left == null || value == null) {
      return false;
    }
    switch (op.toLowerCase(Locale.ROOT)) {
      case "lt":
        return cmp < 0;
      case "lte":
        return cmp <= 0;
      case "gt":
        return cmp > 0;
      case "gte":
        return cmp >= 0;
      default:
        return false;
    }
  }

  private static int compare(String l, String r, String type, String op) {
    if (l == null || r == null) {
      return l == null && r == null ? 0 : (r == null ? 1 : -1);
    }
    String t = type;
    if (t == null) {
      String o = op.toLowerCase(Locale.ROOT);
      if (o.equals("lt") || o.equals("lte") || o.equals("gt") || o.equals("gte")) {
        t = l.indexOf('.') >= 0 || r.indexOf('.') >= 0 ? "number" : "integer";
      } else {
        t = "string";
      }
    }
    switch (t.toLowerCase(Locale.ROOT)) {
      case "integer": {
        Long a = parseLong(l);
        Long b = parseLong(r);
        if (a != null && b != null) {
          return Long.compare(a, b);
        }
        return Integer.signum(l.compareToIgnoreCase(r));
      }
      case "number": {
        Double a = parseDouble(l);
        Double b = parseDouble(r);
        if (a != null && b != null) {
          return Double.compare(a, b) < 0 ? -1 : (a.equals(b) || a.doubleValue() == b.doubleValue() ? 0 : 1);
        }
        return Integer.signum(l.compareToIgnoreCase(r));
      }
      case "version":
        return compareVersion(l, r);
      case "string":
        return Integer.signum(l.compareToIgnoreCase(r));
      default:
        return 0;
    }
  }

  /** Pacemaker's scan of a leading integer: digits after optional sign; other text fails. */
  private static Long parseLong(String s) {
    String t = s.trim();
    int i = 0;
    if (i < t.length() && (t.charAt(i) == '-' || t.charAt(i) == '+')) {
      i++;
    }
    int start = i;
    while (i < t.length() && Character.isDigit(t.charAt(i))) {
      i++;
    }
    if (i == start) {
      return null;
    }
    try {
      return Long.parseLong(t.substring(0, i));
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static Double parseDouble(String s) {
    try {
      return Double.parseDouble(s.trim());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** Pacemaker's compare_version: dot-separated numbers, missing parts count as lower. */
  static int compareVersion(String a, String b) {
    String[] x = a.split("\\.");
    String[] y = b.split("\\.");
    for (int i = 0; i < Math.max(x.length, y.length); i++) {
      if (i >= x.length) {
        return -1;
      }
      if (i >= y.length) {
        return 1;
      }
      long p = leading(x[i]);
      long q = leading(y[i]);
      if (p != q) {
        return p < q ? -1 : 1;
      }
    }
    return 0;
  }

  private static long leading(String s) {
    Long l = parseLong(s);
    return l == null ? 0 : l;
  }

  private boolean roleExpression(AttributeExpression a) {
    if (role == null) {
      return false;
    }
    int r = roleRank(role);
    String op = a.operation().toLowerCase(Locale.ROOT);
    String value = a.value().orElse(null);
    switch (op) {
      case "defined":
        return r > roleRank("Started");
      case "not_defined":
        return r > 0 && r < roleRank("Unpromoted");
      case "eq":
        return value != null && roleRank(value) == r;
      case "ne":
        if (r > 0 && r < roleRank("Unpromoted")) {
          return false;
        }
        return value == null || roleRank(value) != r;
      default:
        return false;
    }
  }

  private static int roleRank(String role) {
    switch (role.toLowerCase(Locale.ROOT)) {
      case "stopped":
        return 1;
      case "started":
        return 2;
      case "unpromoted", "slave":
        return 3;
      case "promoted", "master":
        return 4;
      default:
        return 0;
    }
  }

  private boolean date(DateExpression d) {
    ZonedDateTime at = now.atZone(zone);
    LocalDate today = at.toLocalDate();
    ZonedDateTime start = d.start().flatMap(s -> CibDates.parse(s, zone, today)).orElse(null);
    ZonedDateTime end = d.end().flatMap(s -> CibDates.parse(s, zone, today)).orElse(null);
    if (start != null && end == null && d.duration().isPresent()) {
      end = CibDates.plus(start, d.duration().get());
    }
    String op = d.operation().toLowerCase(Locale.ROOT);
    switch (op) {
      case "in_range":
        if (start == null && end == null) {
          return false;
        }
        if (start != null && at.toInstant().isBefore(start.toInstant())) {
          return false;
        }
        return end == null || !at.toInstant().isAfter(end.toInstant());
      case "gt":
        return start != null && at.toInstant().isAfter(start.toInstant());
      case "lt":
        return end != null && at.toInstant().isBefore(end.toInstant());
      case "date_spec":
        return d.dateSpec().map(s -> dateSpec(s, at)).orElse(true);
      default:
        return false;
    }
  }

  /**
   * Whether a time satisfies a date_spec (each present field a value or range "a-b", "a-" or
   * "-b"; an unreadable field is ignored, as Pacemaker ignores it).
   *
   * @param spec the spec
   * @param at the time, in the zone the fields are read in
   * @return whether every present field matches
   */
  public static boolean dateSpec(DateSpec spec, ZonedDateTime at) {
    int isoYear = at.get(IsoFields.WEEK_BASED_YEAR);
    int isoWeek = at.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR);
    return check(spec.years(), at.getYear()) && check(spec.months(), at.getMonthValue())
        && check(spec.monthdays(), at.getDayOfMonth()) && check(spec.hours(), at.getHour())
        && check(spec.minutes(), at.getMinute()) && check(spec.seconds(), at.getSecond())
        && check(spec.yeardays(), at.getDayOfYear()) && check(spec.weekyears(), isoYear)
        && check(spec.weeks(), isoWeek) && check(spec.weekdays(), at.getDayOfWeek().getValue())
        && check(spec.moon(), moonPhase(at.getYear(), at.getDayOfYear()));
  }

  private static boolean check(Optional<String> field, long value) {
    if (field.isEmpty()) {
      return true;
    }
    long[] range = range(field.get());
    if (range == null) {
      return true;
    }
    long low = range[0];
    long high = range[1];
    if (low != -1 && value < low) {
      return false;
    }
    return high == -1 || value <= high;
  }

  /** "a", "a-b", "a-", "-b" into {low, high} with -1 for an open end; null if unreadable. */
  private static long[] range(String text) {
    String t = text.trim();
    try {
      int dash = t.indexOf('-', 1);
      if (t.startsWith("-")) {
        return new long[] {-1, Long.parseLong(t.substring(1).trim())};
      }
      if (dash < 0) {
        long v = Long.parseLong(t);
        return new long[] {v, v};
      }
      long low = Long.parseLong(t.substring(0, dash).trim());
      String h = t.substring(dash + 1).trim();
      return new long[] {low, h.isEmpty() ? -1 : Long.parseLong(h)};
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** Pacemaker's (nethack's) phase of the moon, 0 new to 4 full to 7. */
  static int moonPhase(int year, int dayOfYear) {
    int goldn = (year % 19) + 1;
    int epact = (11 * goldn + 18) % 30;
    if ((epact == 25 && goldn > 11) || epact == 24) {
      epact++;
    }
    return ((((dayOfYear + epact) * 6) + 11) % 177) / 22 & 7;
  }

  private boolean rsc(RscExpression r) {
    if (!haveRsc) {
      return false;
    }
    if (r.standard().isPresent() && !r.standard().get().equals(rscClass)) {
      return false;
    }
    if (!Objects.equals(r.provider().orElse(null), rscProvider)) {
      return false;
    }
    return r.type().isEmpty() || r.type().get().equals(rscType);
  }

  private boolean op(OpExpression o) {
    if (opName == null) {
      return false;
    }
    if (o.interval().isPresent()) {
      Optional<Duration> i = CibDurations.parseInterval(o.interval().get());
      if (i.isEmpty() || !i.get().equals(opInterval)) {
        return false;
      }
    }
    return o.name().equals(opName);
  }

  /** Builds an evaluator. */
  public static final class Builder {
    private final Instant now;
    private ZoneId zone = ZoneOffset.UTC;
    private Map<String, String> node;
    private String role;
    private String rscClass;
    private String rscProvider;
    private String rscType;
    private boolean haveRsc;
    private String opName;
    private Duration opInterval = Duration.ZERO;
    private Map<String, String> params;
    private Map<String, String> meta;
    private Cib cib;

    private Builder(Instant now) {
      this.now = Objects.requireNonNull(now, "now");
    }

    /**
     * @param z the zone local times and date_spec fields are read in (Pacemaker: the host's;
     *     default UTC)
     * @return this builder
     */
    public Builder zone(ZoneId z) {
      this.zone = Objects.requireNonNull(z, "zone");
      return this;
    }

    /**
     * @param attributes the node's attributes (#uname, #id, #kind, ... and its own); without a
     *     node, attribute expressions fail as in Pacemaker
     * @return this builder
     */
    public Builder node(Map<String, String> attributes) {
      this.node = attributes;
      return this;
    }

    /**
     * @param r the role for {@code #role} expressions (Started, Promoted, ...)
     * @return this builder
     */
    public Builder role(String r) {
      this.role = r;
      return this;
    }

    /**
     * @param standard the resource class
     * @param provider the provider (null if none)
     * @param type the agent
     * @return this builder (rsc_expression then compares with these)
     */
    public Builder resource(String standard, String provider, String type) {
      this.rscClass = standard;
      this.rscProvider = provider;
      this.rscType = type;
      this.haveRsc = true;
      return this;
    }

    /**
     * @param name the operation name
     * @param interval its interval
     * @return this builder (op_expression then compares with these)
     */
    public Builder operation(String name, Duration interval) {
      this.opName = name;
      this.opInterval = interval;
      return this;
    }

    /**
     * @param resourceParams the resource's parameters, for {@code value-source="param"}
     * @param resourceMeta its meta attributes, for {@code value-source="meta"}
     * @return this builder
     */
    public Builder valueSources(Map<String, String> resourceParams, Map<String, String> resourceMeta) {
      this.params = resourceParams;
      this.meta = resourceMeta;
      return this;
    }

    /**
     * @param c the CIB id-refs are resolved in
     * @return this builder
     */
    public Builder cib(Cib c) {
      this.cib = c;
      return this;
    }

    /** @return the evaluator */
    public RuleEvaluator build() {
      return new RuleEvaluator(this);
    }
  }
}
