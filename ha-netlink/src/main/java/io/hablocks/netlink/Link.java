package io.hablocks.netlink;

/**
 * A network interface, as {@code ip link} shows it.
 *
 * @param index the interface index
 * @param name the name
 * @param mac the hardware address (6 bytes for Ethernet; may be empty)
 * @param flags IFF_* flags
 * @param mtu the MTU
 * @param kind the link kind ({@code veth}, {@code macvlan}, ...), or null
 * @param parentIndex the lower link (IFLA_LINK), 0 if none
 */
public record Link(int index, String name, byte[] mac, int flags, int mtu, String kind,
    int parentIndex) {

  /** Administratively up. */
  public static final int IFF_UP = 0x1;
  /** Operationally running. */
  public static final int IFF_RUNNING = 0x40;
  /** Carrier present. */
  public static final int IFF_LOWER_UP = 0x10000;

  /** Copies the MAC. */
  public Link {
    mac = mac == null ? new byte[0] : mac.clone();
  }

  @Override
  public byte[] mac() {
    return mac.clone();
  }

  /** @return whether the link is up and has carrier (keepalived's view of "interface up") */
  public boolean isUp() {
    return (flags & IFF_UP) != 0 && (flags & IFF_RUNNING) != 0;
  }

  /** @return the MAC as {@code aa:bb:cc:dd:ee:ff} */
  public String macString() {
    StringBuilder b = new StringBuilder();
    for (byte x : mac) {
      if (b.length() > 0) {
        b.append(':');
      }
      b.append(String.format("%02x", x & 0xff));
    }
    return b.toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Link l && index == l.index && name.equals(l.name)
        && java.util.Arrays.equals(mac, l.mac) && flags == l.flags && mtu == l.mtu
        && java.util.Objects.equals(kind, l.kind) && parentIndex == l.parentIndex;
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(index, name, flags, mtu, kind, parentIndex);
  }

  @Override
  public String toString() {
    return index + ": " + name + " " + macString() + " flags 0x" + Integer.toHexString(flags)
        + (kind == null ? "" : " " + kind);
  }
}
