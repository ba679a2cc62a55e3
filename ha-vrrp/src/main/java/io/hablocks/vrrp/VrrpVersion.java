package io.hablocks.vrrp;

/** The VRRP protocol version: 2 (RFC 3768, IPv4, seconds) or 3 (RFC 5798, IPv4 and IPv6, centiseconds). */
public enum VrrpVersion {
  /** RFC 3768: IPv4 only, advertisement interval in whole seconds, optional simple password. */
  V2(2),
  /** RFC 5798: IPv4 and IPv6, advertisement interval in centiseconds, pseudo-header checksum. */
  V3(3);

  private final int number;

  VrrpVersion(int number) {
    this.number = number;
  }

  /** @return the number carried in the packet's version field */
  public int number() {
    return number;
  }

  /**
   * @param number 2 or 3
   * @return the version
   * @throws IllegalArgumentException for any other number
   */
  public static VrrpVersion of(int number) {
    return switch (number) {
      case 2 -> V2;
      case 3 -> V3;
      default -> throw new IllegalArgumentException("unknown VRRP version " + number);
    };
  }
}
