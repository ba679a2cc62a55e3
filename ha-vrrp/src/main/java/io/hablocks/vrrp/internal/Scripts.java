package io.hablocks.vrrp.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starts notify and track scripts the way keepalived does: words split, no shell. */
public final class Scripts {

  private static final Logger LOG = LoggerFactory.getLogger(Scripts.class);

  private Scripts() {}

  /**
   * Splits a command line on blanks; double or single quotes group words.
   *
   * @param line the command line
   * @return the words
   */
  public static List<String> split(String line) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    char quote = 0;
    boolean any = false;
    for (char c : line.toCharArray()) {
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        } else {
          cur.append(c);
        }
      } else if (c == '"' || c == '\'') {
        quote = c;
        any = true;
      } else if (Character.isWhitespace(c)) {
        if (cur.length() > 0 || any) {
          out.add(cur.toString());
          cur.setLength(0);
          any = false;
        }
      } else {
        cur.append(c);
      }
    }
    if (cur.length() > 0 || any) {
      out.add(cur.toString());
    }
    return out;
  }

  /**
   * Starts a command without waiting for it; output is discarded.
   *
   * @param line the command line
   * @param extraArgs arguments appended
   * @return the process, or null if it could not start (logged)
   */
  public static Process start(String line, List<String> extraArgs) {
    List<String> cmd = new ArrayList<>(split(line));
    cmd.addAll(extraArgs);
    if (cmd.isEmpty()) {
      return null;
    }
    try {
      return new ProcessBuilder(cmd).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
    } catch (IOException e) {
      LOG.warn("cannot run script '{}': {}", line, e.getMessage());
      return null;
    }
  }
}
