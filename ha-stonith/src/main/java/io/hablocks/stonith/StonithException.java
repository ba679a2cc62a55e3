package io.hablocks.stonith;

/**
 * Bad input to ha-stonith: a malformed metadata document, a device parameter that does not parse,
 * a topology that names an unknown device, a value that cannot be sent to an agent. The message
 * names the place (agent, device and parameter, element path, line) and the reason.
 */
public class StonithException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message where and why
   */
  public StonithException(String message) {
    super(message);
  }

  /**
   * Creates the exception with a cause.
   *
   * @param message where and why
   * @param cause the cause
   */
  public StonithException(String message, Throwable cause) {
    super(message, cause);
  }
}
