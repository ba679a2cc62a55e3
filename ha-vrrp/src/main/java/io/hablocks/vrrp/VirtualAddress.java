package io.hablocks.vrrp;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Objects;

/**
 * A virtual address an instance owns while MASTER, as keepalived's {@code virtual_ipaddress}
 * block writes it: {@code 10.99.0.100/24 dev eth0 label eth0:vip scope global}.
 *
 * @param address the address
 * @param prefixLength the prefix length (keepalived's default: 32 for IPv4, 128 for IPv6)
 * @param device the interface, or null for the instance's interface
 * @param label the IPv4 label, or null
 * @param scope the scope number (0 global, 253 link, 254 host)
 */
public record VirtualAddress(InetAddress address, int prefixLength, String device, String label,
    int scope) {

  /** Checks ranges. */
  public VirtualAddress {
    Objects.requireNonNull(address, "address");
    int max = address instanceof Inet6Address ? 128 : 32;
    if (prefixLength < 0 || prefixLength > max) {
      throw new IllegalArgumentException("prefix length " + prefixLength + " out of 0.." + max);
    }
  }

  /**
   * @param address the address
   * @param prefixLength its prefix
   * @return a global-scope address on the instance's interface
   */
  public static VirtualAddress of(InetAddress address, int prefixLength) {
    return new VirtualAddress(address, prefixLength, null, null, 0);
  }

  /**
   * Parses keepalived's syntax: {@code ADDR[/PREFIX] [dev IF] [label L] [scope S]}.
   *
   * @param text the line
   * @return the address
   * @throws IllegalArgumentException naming what is wrong
   */
  public static VirtualAddress parse(String text) {
    String[] w = text.trim().split("\\s+");
    if (w.length == 0 || w[0].isEmpty()) {
      throw new IllegalArgumentException("empty virtual address");
    }
    String a = w[0];
    int prefix = -1;
    int slash = a.indexOf('/');
    if (slash >= 0) {
      try {
        prefix = Integer.parseInt(a.substring(slash + 1));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("bad prefix length in '" + a + "'");
      }
      a = a.substring(0, slash);
    }
    InetAddress addr = Addresses.literal(a);
    if (prefix < 0) {
      prefix = addr instanceof Inet6Address ? 128 : 32;
    }
    String dev = null;
    String label = null;
    int scope = 0;
    for (int i = 1; i < w.length; i++) {
      String k = w[i];
      if (i + 1 >= w.length) {
        throw new IllegalArgumentException("'" + k + "' needs a value");
      }
      String v = w[++i];
      switch (k) {
        case "dev" -> dev = v;
        case "label" -> label = v;
        case "scope" -> scope = scope(v);
        case "brd", "broadcast", "no_track", "preferred_lft", "metric" -> { }
        default -> throw new IllegalArgumentException("unknown virtual address option '" + k + "'");
      }
    }
    return new VirtualAddress(addr, prefix, dev, label, scope);
  }

  static int scope(String v) {
    return switch (v) {
      case "global", "universe" -> 0;
      case "site" -> 200;
      case "link" -> 253;
      case "host" -> 254;
      case "nowhere" -> 255;
      default -> {
        try {
          int s = Integer.parseInt(v);
          if (s < 0 || s > 255) {
            throw new IllegalArgumentException("scope out of 0..255: " + v);
          }
          yield s;
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("unknown scope '" + v + "'");
        }
      }
    };
  }

  /** @return whether this is an IPv6 address */
  public boolean isIpv6() {
    return address instanceof Inet6Address;
  }

  @Override
  public String toString() {
    return address.getHostAddress() + "/" + prefixLength + (device == null ? "" : " dev " + device)
        + (label == null ? "" : " label " + label);
  }
}
