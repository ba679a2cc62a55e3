package io.hablocks.netlink;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Objects;

/**
 * An address on an interface, as {@code ip addr} shows it.
 *
 * @param interfaceIndex the interface
 * @param address the address
 * @param prefixLength the prefix length
 * @param label the IPv4 label (such as {@code eth0:vip}), or null
 * @param scope the scope: {@link #SCOPE_UNIVERSE}, {@link #SCOPE_LINK}, {@link #SCOPE_HOST}, ...
 */
public record InterfaceAddress(int interfaceIndex, InetAddress address, int prefixLength,
    String label, int scope) {

  /** Global scope. */
  public static final int SCOPE_UNIVERSE = 0;
  /** Site scope. */
  public static final int SCOPE_SITE = 200;
  /** Link scope. */
  public static final int SCOPE_LINK = 253;
  /** Host scope. */
  public static final int SCOPE_HOST = 254;

  /** Checks the prefix length. */
  public InterfaceAddress {
    Objects.requireNonNull(address, "address");
    int max = address instanceof Inet6Address ? 128 : 32;
    if (prefixLength < 0 || prefixLength > max) {
      throw new IllegalArgumentException("prefix length " + prefixLength + " out of 0.." + max);
    }
    if (scope < 0 || scope > 255) {
      throw new IllegalArgumentException("scope " + scope + " out of 0..255");
    }
  }

  /**
   * A global-scope address without label.
   *
   * @param ifindex interface
   * @param address address
   * @param prefixLength prefix
   * @return the value
   */
  public static InterfaceAddress of(int ifindex, InetAddress address, int prefixLength) {
    return new InterfaceAddress(ifindex, address, prefixLength, null, SCOPE_UNIVERSE);
  }

  /** @param newLabel a label @return a copy with it */
  public InterfaceAddress withLabel(String newLabel) {
    return new InterfaceAddress(interfaceIndex, address, prefixLength, newLabel, scope);
  }

  /** @param newScope a scope @return a copy with it */
  public InterfaceAddress withScope(int newScope) {
    return new InterfaceAddress(interfaceIndex, address, prefixLength, label, newScope);
  }

  @Override
  public String toString() {
    return address.getHostAddress() + "/" + prefixLength + " if " + interfaceIndex
        + (label == null ? "" : " label " + label) + " scope " + scope;
  }
}
