package io.hablocks.netlink;

/**
 * The kernel answered a netlink request with an error: names the request, the errno and, when
 * the kernel sent one (extended ACK), its message, e.g. {@code RTM_NEWADDR 10.99.0.100/24 dev
 * eth0 failed: errno 17 (EEXIST) File exists}.
 */
public final class NetlinkException extends NativeException {
  private static final long serialVersionUID = 1L;

  private final String kernelMessage;

  /**
   * @param request the request and what it was about
   * @param errno the positive error number
   * @param description the error's text
   * @param kernelMessage the extended-ACK message, or null
   */
  public NetlinkException(String request, int errno, String description, String kernelMessage) {
    super(request, errno, description + (kernelMessage == null ? "" : ": " + kernelMessage));
    this.kernelMessage = kernelMessage;
  }

  /** @return the kernel's extended-ACK message, or null */
  public String kernelMessage() {
    return kernelMessage;
  }
}
