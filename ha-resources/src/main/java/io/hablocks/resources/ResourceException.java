package io.hablocks.resources;

/**
 * Bad input to ha-resources: unreadable agent meta-data, an unknown agent, an invalid operation
 * request. The message names the place (agent, element path, field) and the reason.
 */
public class ResourceException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /**
   * @param message where and why
   */
  public ResourceException(String message) {
    super(message);
  }

  /**
   * @param message where and why
   * @param cause the underlying failure
   */
  public ResourceException(String message, Throwable cause) {
    super(message, cause);
  }
}
