package io.hablocks.cib;

/**
 * The CIB's ACLs do not let a user read or change what was asked. The message names the user,
 * the access and the element path.
 */
public class CibAccessDeniedException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /**
   * @param message who was denied what, where
   */
  public CibAccessDeniedException(String message) {
    super(message);
  }
}
