package io.hablocks.hactl;

/**
 * A failure a person should read: hactl prints its message on one line as
 * {@code hactl: <message>} and exits with its exit code, without a stack trace.
 */
public class HactlException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final int exitCode;

  /**
   * @param message the reason, one line
   */
  public HactlException(String message) {
    this(message, 1);
  }

  /**
   * @param message the reason, one line
   * @param exitCode the exit code, not 0
   */
  public HactlException(String message, int exitCode) {
    super(message);
    if (exitCode == 0) {
      throw new IllegalArgumentException("a failure cannot exit 0");
    }
    this.exitCode = exitCode;
  }

  /** @return the exit code hactl ends with */
  public int exitCode() {
    return exitCode;
  }
}
