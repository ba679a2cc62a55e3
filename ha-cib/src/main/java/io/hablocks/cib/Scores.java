package io.hablocks.cib;

import java.util.Locale;

/**
 * Pacemaker scores: integers clamped to plus/minus {@link #INFINITY} (1000000), with
 * "INFINITY", "+INFINITY" and "-INFINITY" and, for node health, "red", "yellow", "green".
 */
public final class Scores {

  /** The value of INFINITY. */
  public static final int INFINITY = 1_000_000;

  private Scores() {}

  /**
   * Reads a score as Pacemaker's {@code char2score} does: infinities, the health colours
   * (red = -INFINITY, yellow and green = 0 here; their configured values come from
   * {@code node-health-*} properties), otherwise a leading integer clamped to plus/minus INFINITY,
   * and 0 for text that is no number.
   *
   * @param text the score text (null gives 0)
   * @return the score
   */
  public static int parse(String text) {
    if (text == null) {
      return 0;
    }
    String t = text.trim();
    switch (t.toUpperCase(Locale.ROOT)) {
      case "INFINITY", "+INFINITY":
        return INFINITY;
      case "-INFINITY", "RED":
        return -INFINITY;
      case "YELLOW", "GREEN":
        return 0;
      default:
        break;
    }
    int i = 0;
    boolean neg = false;
    if (i < t.length() && (t.charAt(i) == '-' || t.charAt(i) == '+')) {
      neg = t.charAt(i) == '-';
      i++;
    }
    long v = 0;
    int start = i;
    while (i < t.length() && Character.isDigit(t.charAt(i)) && v <= INFINITY) {
      v = v * 10 + (t.charAt(i) - '0');
      i++;
    }
    if (i == start) {
      return 0;
    }
    v = Math.min(v, INFINITY);
    return (int) (neg ? -v : v);
  }

  /**
   * Adds two scores as Pacemaker does: -INFINITY wins over INFINITY, and sums are clamped.
   *
   * @param a a score
   * @param b a score
   * @return the sum
   */
  public static int add(int a, int b) {
    if (a <= -INFINITY || b <= -INFINITY) {
      return -INFINITY;
    }
    if (a >= INFINITY || b >= INFINITY) {
      return INFINITY;
    }
    long s = (long) a + b;
    return (int) Math.max(-INFINITY, Math.min(INFINITY, s));
  }
}
