package io.hablocks.vrrp;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** Parses IP literals without ever resolving names. */
final class Addresses {

  private Addresses() {}

  static InetAddress literal(String s) {
    if (s.isEmpty() || !(s.indexOf(':') >= 0 || s.matches("[0-9.]+"))) {
      throw new IllegalArgumentException("not an IP address: '" + s + "'");
    }
    if (s.indexOf(':') < 0 && !s.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
      throw new IllegalArgumentException("not an IPv4 address: '" + s + "'");
    }
    try {
      return InetAddress.getByName(s);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("not an IP address: '" + s + "'");
    }
  }
}
