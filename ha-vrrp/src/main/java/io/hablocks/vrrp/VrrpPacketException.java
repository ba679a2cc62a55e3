package io.hablocks.vrrp;

/**
 * A received packet that is not a valid VRRP advertisement; carries the {@link DropReason} under
 * which it is counted. Thrown by {@link Advertisement#decode}; receivers catch it, count it and
 * go on.
 */
public final class VrrpPacketException extends Exception {
  private static final long serialVersionUID = 1L;

  private final DropReason reason;

  /**
   * @param reason why the packet is dropped
   * @param message the detail, naming the field
   */
  public VrrpPacketException(DropReason reason, String message) {
    super(reason + ": " + message);
    this.reason = reason;
  }

  /** @return why the packet is dropped */
  public DropReason reason() {
    return reason;
  }
}
