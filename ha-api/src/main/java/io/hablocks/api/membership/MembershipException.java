package io.hablocks.api.membership;

/** A membership engine could not do what was asked; the message names the engine and the cause. */
public class MembershipException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what failed and why
   */
  public MembershipException(String message) {
    super(message);
  }

  /**
   * Creates the exception with a cause.
   *
   * @param message what failed and why
   * @param cause the cause
   */
  public MembershipException(String message, Throwable cause) {
    super(message, cause);
  }
}
