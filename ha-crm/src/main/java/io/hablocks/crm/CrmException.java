package io.hablocks.crm;

/**
 * Bad input to ha-crm: a CIB the scheduler cannot work with, or a malformed expected summary.
 * The message names the place (element path, attribute, file) and the reason.
 */
public final class CrmException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /**
   * @param message the place and the reason
   */
  public CrmException(String message) {
    super(message);
  }

  /**
   * @param message the place and the reason
   * @param cause the underlying failure
   */
  public CrmException(String message, Throwable cause) {
    super(message, cause);
  }
}
