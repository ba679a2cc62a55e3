package io.hablocks.ipvs;

/**
 * Bad input to ha-ipvs: an unknown scheduler or flag, a malformed scenario line (the message
 * names {@code file:line}), an existing or missing destination. The message says where and why.
 */
public final class IpvsException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /**
   * @param message where and why
   */
  public IpvsException(String message) {
    super(message);
  }
}
