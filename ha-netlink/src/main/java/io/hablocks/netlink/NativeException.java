package io.hablocks.netlink;

/**
 * A native call failed: names the call (with its argument of interest) and the errno, e.g.
 * {@code setsockopt(IP_ADD_MEMBERSHIP 224.0.0.18 ifindex 2) failed: errno 19 (ENODEV) No such
 * device}. Also used for netlink error replies, which carry a negative errno.
 */
public class NativeException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String call;
  private final int errno;

  /**
   * @param call the call and what it was applied to
   * @param errno the error number (positive)
   * @param description the text of the error
   */
  public NativeException(String call, int errno, String description) {
    super(call + " failed: errno " + errno + " (" + Errno.name(errno) + ") " + description);
    this.call = call;
    this.errno = errno;
  }

  /** @return the call that failed, with what it was applied to */
  public String call() {
    return call;
  }

  /** @return the error number */
  public int errno() {
    return errno;
  }

  /** @return the symbolic name of the error number, such as {@code EEXIST} */
  public String errnoName() {
    return Errno.name(errno);
  }
}
