package io.hablocks.ipvs;

/** How the director forwards packets to a real server (ipvsadm -m, -i, -g; netlink FWD_METHOD). */
public enum ForwardMethod {
  /** Network address translation (ipvsadm {@code -m}, netlink 0). */
  MASQ(0),
  /** Local delivery (netlink 1). */
  LOCAL(1),
  /** IP-in-IP tunnelling (ipvsadm {@code -i}, netlink 2). */
  TUNNEL(2),
  /** Direct routing (ipvsadm {@code -g}, netlink 3). */
  ROUTE(3);

  private final int code;

  ForwardMethod(int code) {
    this.code = code;
  }

  /** @return the kernel's IP_VS_CONN_F_* forwarding code */
  public int code() {
    return code;
  }
}
