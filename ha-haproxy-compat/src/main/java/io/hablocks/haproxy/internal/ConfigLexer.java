package io.hablocks.haproxy.internal;

import io.hablocks.haproxy.HaproxyConfigException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Turns haproxy.cfg text into word lists the way HAProxy 2.6 does: blanks separate words,
 * {@code #} starts a comment, backslash escapes, double quotes (with {@code ${VAR}} and
 * {@code ${VAR-default}} expansion) and single quotes (no expansion), and the conditional blocks
 * {@code .if/.elif/.else/.endif} with {@code .diag/.notice/.warning/.alert}.
 */
public final class ConfigLexer {

  /** Longest accepted line, in characters. */
  public static final int MAX_LINE = 65536;
  /** Deepest nesting of {@code .if}. */
  public static final int MAX_NESTING = 64;

  /** One non-empty logical line. */
  public record Line(String file, int number, List<String> words) {}

  private final Map<String, String> env;
  private final String version;
  private final Consumer<String> messages;

  /**
   * @param env the environment used for expansion and {@code defined()}
   * @param version the version reported to {@code version_atleast()}
   * @param messages receives warnings and {@code .notice/.warning/.diag} output
   */
  public ConfigLexer(Map<String, String> env, String version, Consumer<String> messages) {
    this.env = env;
    this.version = version;
    this.messages = messages;
  }

  private static final class Cond {
    final int line;
    boolean taken; // some branch already taken
    boolean active; // current branch active
    boolean sawElse;
    final boolean parentActive;

    Cond(int line, boolean parentActive) {
      this.line = line;
      this.parentActive = parentActive;
    }
  }

  /**
   * Splits a whole file.
   *
   * @param file the name used in messages
   * @param text the content
   * @return the lines that remain after conditions, with words expanded
   */
  public List<Line> lex(String file, String text) {
    List<Line> out = new ArrayList<>();
    Deque<Cond> conds = new ArrayDeque<>();
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      int no = i + 1;
      String raw = lines[i];
      if (raw.endsWith("\r")) {
        raw = raw.substring(0, raw.length() - 1);
      }
      if (raw.length() > MAX_LINE) {
        throw new HaproxyConfigException(file, no, null, "line too long (more than " + MAX_LINE + " characters).");
      }
      boolean active = conds.isEmpty() || conds.peek().active;
      String trimmed = raw.stripLeading();
      if (trimmed.startsWith(".")) {
        String[] kw = trimmed.split("[ \t]+", 2);
        String d = kw[0];
        switch (d) {
          case ".if", ".elif", ".else", ".endif", ".diag", ".notice", ".warning", ".alert" -> {
            List<String> words = active || !d.equals(".diag") && !d.equals(".notice")
                && !d.equals(".warning") && !d.equals(".alert") ? split(file, no, raw, true) : List.of();
            handleDirective(file, no, d, words, conds, active);
            continue;
          }
          default -> {
            if (active) {
              throw new HaproxyConfigException(file, no, d, "unknown directive.");
            }
            continue;
          }
        }
      }
      if (!active) {
        continue;
      }
      List<String> words = split(file, no, raw, true);
      if (!words.isEmpty()) {
        out.add(new Line(file, no, List.copyOf(words)));
      }
    }
    if (!conds.isEmpty()) {
      throw new HaproxyConfigException(file, conds.peek().line, ".if",
          "missing '.endif' at end of file for block opened here.");
    }
    return out;
  }

  private void handleDirective(String file, int no, String d, List<String> words,
      Deque<Cond> conds, boolean active) {
    switch (d) {
      case ".if" -> {
        if (conds.size() >= MAX_NESTING) {
          throw new HaproxyConfigException(file, no, d, "too many nested '.if', max is " + MAX_NESTING + ".");
        }
        Cond c = new Cond(no, active);
        if (active) {
          c.active = eval(file, no, d, words);
          c.taken = c.active;
        }
        conds.push(c);
      }
      case ".elif" -> {
        Cond c = conds.peek();
        if (c == null) {
          throw new HaproxyConfigException(file, no, d, "no matching '.if'.");
        }
        if (c.sawElse) {
          throw new HaproxyConfigException(file, no, d, "'.elif' after '.else' is not permitted.");
        }
        if (c.parentActive && !c.taken) {
          c.active = eval(file, no, d, words);
          c.taken = c.active;
        } else {
          c.active = false;
        }
      }
      case ".else" -> {
        Cond c = conds.peek();
        if (c == null) {
          throw new HaproxyConfigException(file, no, d, "no matching '.if'.");
        }
        if (c.sawElse) {
          throw new HaproxyConfigException(file, no, d, "'.else' after '.else' is not permitted.");
        }
        c.sawElse = true;
        c.active = c.parentActive && !c.taken;
        c.taken = true;
      }
      case ".endif" -> {
        if (conds.isEmpty()) {
          throw new HaproxyConfigException(file, no, d, "no matching '.if'.");
        }
        conds.pop();
      }
      default -> {
        if (!active) {
          return;
        }
        String msg = String.join(" ", words.subList(1, words.size()));
        if (d.equals(".alert")) {
          throw new HaproxyConfigException(file, no, d, msg);
        }
        messages.accept(d.substring(1).toUpperCase() + ": config : parsing [" + file + ":" + no + "] : '" + msg + "'.");
      }
    }
  }

  private boolean eval(String file, int no, String d, List<String> words) {
    if (words.size() < 2) {
      throw new HaproxyConfigException(file, no, d, "missing condition.");
    }
    String expr = String.join(" ", words.subList(1, words.size()));
    try {
      return new CondParser(expr).parseAll();
    } catch (IllegalArgumentException e) {
      throw new HaproxyConfigException(file, no, d, "failed to parse condition '" + expr + "': " + e.getMessage());
    }
  }

  /** A small recursive parser for HAProxy's condition expressions. */
  private final class CondParser {
    private final String s;
    private int pos;

    CondParser(String s) {
      this.s = s;
    }

    boolean parseAll() {
      boolean v = or();
      skip();
      if (pos != s.length()) {
        throw new IllegalArgumentException("unexpected character at '" + s.substring(pos) + "'");
      }
      return v;
    }

    private void skip() {
      while (pos < s.length() && (s.charAt(pos) == ' ' || s.charAt(pos) == '\t')) {
        pos++;
      }
    }

    private boolean or() {
      boolean v = and();
      while (true) {
        skip();
        if (s.startsWith("||", pos)) {
          pos += 2;
          boolean r = and();
          v = v || r;
        } else {
          return v;
        }
      }
    }

    private boolean and() {
      boolean v = term();
      while (true) {
        skip();
        if (s.startsWith("&&", pos)) {
          pos += 2;
          boolean r = term();
          v = v && r;
        } else {
          return v;
        }
      }
    }

    private boolean term() {
      skip();
      if (pos >= s.length()) {
        throw new IllegalArgumentException("missing term");
      }
      char c = s.charAt(pos);
      if (c == '!') {
        pos++;
        return !term();
      }
      if (c == '(') {
        pos++;
        boolean v = or();
        skip();
        if (pos >= s.length() || s.charAt(pos) != ')') {
          throw new IllegalArgumentException("missing ')'");
        }
        pos++;
        return v;
      }
      int start = pos;
      while (pos < s.length() && (Character.isLetterOrDigit(s.charAt(pos)) || s.charAt(pos) == '_'
          || s.charAt(pos) == '-' || s.charAt(pos) == '.')) {
        pos++;
      }
      String word = s.substring(start, pos);
      if (word.isEmpty()) {
        throw new IllegalArgumentException("unexpected character '" + c + "'");
      }
      if (pos < s.length() && s.charAt(pos) == '(') {
        int close = s.indexOf(')', pos);
        if (close < 0) {
          throw new IllegalArgumentException("missing ')' after " + word);
        }
        String argText = s.substring(pos + 1, close);
        pos = close + 1;
        List<String> args = new ArrayList<>();
        for (String a : argText.split(",", -1)) {
          args.add(a.strip());
        }
        return predicate(word, args);
      }
      if (word.chars().allMatch(Character::isDigit)) {
        return Long.parseLong(word) != 0;
      }
      throw new IllegalArgumentException("unknown term '" + word + "'");
    }

    private boolean predicate(String name, List<String> args) {
      return switch (name) {
        case "defined" -> env.containsKey(arg(name, args, 0));
        case "feature" -> false;
        case "streq" -> arg(name, args, 0).equals(arg(name, args, 1));
        case "strneq" -> !arg(name, args, 0).equals(arg(name, args, 1));
        case "version_atleast" -> compareVersion(version, arg(name, args, 0)) >= 0;
        case "version_before" -> compareVersion(version, arg(name, args, 0)) < 0;
        default -> throw new IllegalArgumentException("unknown predicate '" + name + "'");
      };
    }

    private String arg(String name, List<String> args, int i) {
      if (i >= args.size()) {
        throw new IllegalArgumentException(name + "() needs " + (i + 1) + " argument(s)");
      }
      return args.get(i);
    }
  }

  static int compareVersion(String a, String b) {
    String[] x = a.split("[.-]");
    String[] y = b.split("[.-]");
    for (int i = 0; i < Math.max(x.length, y.length); i++) {
      int p = i < x.length ? leadingInt(x[i]) : 0;
      int q = i < y.length ? leadingInt(y[i]) : 0;
      if (p != q) {
        return Integer.compare(p, q);
      }
    }
    return 0;
  }

  private static int leadingInt(String s) {
    int v = 0;
    for (int i = 0; i < s.length() && Character.isDigit(s.charAt(i)) && i < 9; i++) {
      v = v * 10 + (s.charAt(i) - '0');
    }
    return v;
  }

  /**
   * Splits one line into words.
   *
   * @param file for errors
   * @param no for errors
   * @param raw the line
   * @param expand whether to expand environment variables
   * @return the words
   */
  public List<String> split(String file, int no, String raw, boolean expand) {
    List<String> words = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    boolean inWord = false;
    boolean quotedPart = false;
    int i = 0;
    int n = raw.length();
    while (i < n) {
      char c = raw.charAt(i);
      if (c == ' ' || c == '\t') {
        if (inWord) {
          flush(words, cur, quotedPart);
          inWord = false;
          quotedPart = false;
        }
        i++;
        continue;
      }
      if (c == '#') {
        break;
      }
      inWord = true;
      if (c == '\\') {
        i = escape(file, no, raw, i, cur);
        quotedPart = true;
        continue;
      }
      if (c == '\'') {
        int end = raw.indexOf('\'', i + 1);
        if (end < 0) {
          throw new HaproxyConfigException(file, no, null, "unmatched quote at position " + (i + 1) + ".");
        }
        cur.append(raw, i + 1, end);
        quotedPart = true;
        i = end + 1;
        continue;
      }
      if (c == '"') {
        i++;
        quotedPart = true;
        boolean closed = false;
        while (i < n) {
          char d = raw.charAt(i);
          if (d == '"') {
            closed = true;
            i++;
            break;
          }
          if (d == '\\') {
            i = escape(file, no, raw, i, cur);
            continue;
          }
          if (d == '$' && expand && i + 1 < n && raw.charAt(i + 1) == '{') {
            i = expandVar(file, no, raw, i, cur);
            continue;
          }
          cur.append(d);
          i++;
        }
        if (!closed) {
          throw new HaproxyConfigException(file, no, null, "unmatched quote.");
        }
        continue;
      }
      if (c == '$' && expand && i + 1 < n && raw.charAt(i + 1) == '{') {
        i = expandVar(file, no, raw, i, cur);
        continue;
      }
      cur.append(c);
      i++;
    }
    if (inWord) {
      flush(words, cur, quotedPart);
    }
    return words;
  }

  private static void flush(List<String> words, StringBuilder cur, boolean quoted) {
    if (cur.length() > 0 || quoted) {
      words.add(cur.toString());
    }
    cur.setLength(0);
  }

  private int expandVar(String file, int no, String raw, int i, StringBuilder cur) {
    int end = raw.indexOf('}', i + 2);
    if (end < 0) {
      throw new HaproxyConfigException(file, no, null, "missing '}' after '${' at position " + (i + 1) + ".");
    }
    String body = raw.substring(i + 2, end);
    String name = body;
    String def = null;
    int dash = body.indexOf('-');
    if (dash >= 0) {
      name = body.substring(0, dash);
      def = body.substring(dash + 1);
    }
    if (!name.matches("[A-Za-z_][A-Za-z0-9_.]*")) {
      throw new HaproxyConfigException(file, no, null, "invalid variable name '" + name + "'.");
    }
    String v = env.get(name);
    if (v == null) {
      v = def != null ? def : "";
    }
    cur.append(v);
    return end + 1;
  }

  private static int escape(String file, int no, String raw, int i, StringBuilder cur) {
    if (i + 1 >= raw.length()) {
      cur.append('\\');
      return i + 1;
    }
    char e = raw.charAt(i + 1);
    switch (e) {
      case ' ', '#', '\\', '"', '\'', '$', '\t' -> cur.append(e);
      case 'r' -> cur.append('\r');
      case 'n' -> cur.append('\n');
      case 't' -> cur.append('\t');
      case 'x' -> {
        if (i + 3 >= raw.length() + 0 && i + 3 > raw.length() - 0) {
          // fallthrough to bounds check below
        }
        if (i + 4 > raw.length()) {
          throw new HaproxyConfigException(file, no, null, "truncated or invalid hexadecimal sequence.");
        }
        try {
          cur.append((char) Integer.parseInt(raw.substring(i + 2, i + 4), 16));
        } catch (NumberFormatException ex) {
          throw new HaproxyConfigException(file, no, null, "truncated or invalid hexadecimal sequence.");
        }
        return i + 4;
      }
      default -> {
        cur.append('\\').append(e);
      }
    }
    return i + 2;
  }
}
