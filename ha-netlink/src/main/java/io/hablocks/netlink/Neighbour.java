package io.hablocks.netlink;

import java.net.InetAddress;

/**
 * A neighbour (ARP / NDP) table entry, as {@code ip neigh} shows it.
 *
 * @param interfaceIndex the interface
 * @param address the IP address
 * @param mac the link-layer address (may be empty for incomplete entries)
 * @param state NUD_* state bits
 */
public record Neighbour(int interfaceIndex, InetAddress address, byte[] mac, int state) {

  /** Copies the MAC. */
  public Neighbour {
    mac = mac == null ? new byte[0] : mac.clone();
  }

  @Override
  public byte[] mac() {
    return mac.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Neighbour n && interfaceIndex == n.interfaceIndex
        && address.equals(n.address) && java.util.Arrays.equals(mac, n.mac) && state == n.state;
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(interfaceIndex, address, state);
  }
}
