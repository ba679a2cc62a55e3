package io.hablocks.haproxy;

/**
 * Bad input for ha-haproxy-compat: a haproxy.cfg error (naming {@code file:line} and the keyword,
 * as HAProxy does: {@code Parsing [haproxy.cfg:12] : 'balance': unknown algorithm 'foo'.}) or a
 * bad runtime command or value.
 */
public final class HaproxyConfigException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String file;
  private final int line;
  private final String keyword;

  /**
   * An error at a place in a configuration file.
   *
   * @param file the file name
   * @param line the 1-based line, or 0 if not tied to a line
   * @param keyword the keyword concerned, or null
   * @param reason what is wrong
   */
  public HaproxyConfigException(String file, int line, String keyword, String reason) {
    super(format(file, line, keyword, reason));
    this.file = file;
    this.line = line;
    this.keyword = keyword;
  }

  /**
   * An error not tied to a file (runtime API, embedding API).
   *
   * @param reason what is wrong
   */
  public HaproxyConfigException(String reason) {
    super(reason);
    this.file = null;
    this.line = 0;
    this.keyword = null;
  }

  static String format(String file, int line, String keyword, String reason) {
    StringBuilder sb = new StringBuilder("Parsing [").append(file);
    if (line > 0) {
      sb.append(':').append(line);
    }
    sb.append("] : ");
    if (keyword != null) {
      sb.append('\'').append(keyword).append("': ");
    }
    return sb.append(reason).toString();
  }

  /** @return the file, or null */
  public String file() {
    return file;
  }

  /** @return the 1-based line, or 0 */
  public int line() {
    return line;
  }

  /** @return the keyword concerned, or null */
  public String keyword() {
    return keyword;
  }
}
