package io.hablocks.vrrp;

/**
 * Bad input to ha-vrrp's keepalived.conf reader: names the file and line, the keyword, and the
 * reason, e.g. {@code keepalived.conf:12: priority: 300 is out of range 1..255}.
 */
public final class VrrpConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String file;
  private final int line;

  /**
   * @param file the file name
   * @param line the 1-based line
   * @param message what is wrong
   */
  public VrrpConfigException(String file, int line, String message) {
    super(file + ":" + line + ": " + message);
    this.file = file;
    this.line = line;
  }

  /** @return the file */
  public String file() {
    return file;
  }

  /** @return the line (1-based) */
  public int line() {
    return line;
  }
}
