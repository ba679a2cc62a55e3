package io.hablocks.cib;

import java.util.Optional;

/**
 * A CIB document, patchset or value is not acceptable. The message names the place (the element
 * path such as {@code /cib/configuration/resources/primitive[@id='A']}, and the line when the
 * input came from text) and the reason. The one exception type of ha-cib for bad input.
 */
public class CibParseException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String path;
  private final int line;
  private final String reason;

  /**
   * Creates the exception.
   *
   * @param path the element path, or {@code null} if unknown
   * @param line the line (1-based), or -1 if unknown
   * @param reason what is wrong
   */
  public CibParseException(String path, int line, String reason) {
    this(path, line, reason, null);
  }

  /**
   * Creates the exception with a cause.
   *
   * @param path the element path, or {@code null} if unknown
   * @param line the line (1-based), or -1 if unknown
   * @param reason what is wrong
   * @param cause the cause, or {@code null}
   */
  public CibParseException(String path, int line, String reason, Throwable cause) {
    super(format(path, line, reason), cause);
    this.path = path;
    this.line = line;
    this.reason = reason;
  }

  private static String format(String path, int line, String reason) {
    StringBuilder b = new StringBuilder();
    if (line > 0) {
      b.append("line ").append(line);
    }
    if (path != null && !path.isEmpty()) {
      if (b.length() > 0) {
        b.append(", ");
      }
      b.append(path);
    }
    if (b.length() > 0) {
      b.append(": ");
    }
    return b.append(reason).toString();
  }

  /** @return the element path, if known */
  public Optional<String> path() {
    return Optional.ofNullable(path);
  }

  /** @return the 1-based line, or -1 if unknown */
  public int line() {
    return line;
  }

  /** @return the reason alone, without the place */
  public String reason() {
    return reason;
  }
}
