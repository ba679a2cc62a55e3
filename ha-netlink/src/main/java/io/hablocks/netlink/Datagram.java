package io.hablocks.netlink;

import java.net.InetAddress;
import java.util.Arrays;
import java.util.Objects;

/**
 * A packet received on a {@link RawIpSocket}, with what the kernel said about it.
 *
 * @param payload the bytes after the IP header (for IPv4 the kernel delivers the header; it is
 *     removed here and its fields reported)
 * @param source the IP source address
 * @param destination the IP destination address (from IP_PKTINFO / IPV6_PKTINFO or the header)
 * @param ttl the received IPv4 TTL or IPv6 hop limit, -1 if unknown
 * @param interfaceIndex the receiving interface, 0 if unknown
 * @param trafficClass the IPv4 TOS or IPv6 traffic class, -1 if unknown
 * @param ipHeader the IPv4 header as received (empty for IPv6)
 */
public record Datagram(byte[] payload, InetAddress source, InetAddress destination, int ttl,
    int interfaceIndex, int trafficClass, byte[] ipHeader) {

  /** Copies the arrays. */
  public Datagram {
    Objects.requireNonNull(payload, "payload");
    Objects.requireNonNull(source, "source");
    payload = payload.clone();
    ipHeader = ipHeader == null ? new byte[0] : ipHeader.clone();
  }

  /** @return a copy of the IPv4 header as received (empty for IPv6) */
  @Override
  public byte[] ipHeader() {
    return ipHeader.clone();
  }

  /** @return the IPv4 header length that was removed (0 for IPv6) */
  public int ipHeaderLength() {
    return ipHeader.length;
  }

  /** @return a copy of the payload */
  @Override
  public byte[] payload() {
    return payload.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Datagram d && Arrays.equals(payload, d.payload)
        && source.equals(d.source) && Objects.equals(destination, d.destination) && ttl == d.ttl
        && interfaceIndex == d.interfaceIndex && trafficClass == d.trafficClass
        && Arrays.equals(ipHeader, d.ipHeader);
  }

  @Override
  public int hashCode() {
    return Objects.hash(source, destination, ttl, interfaceIndex) * 31 + Arrays.hashCode(payload);
  }

  @Override
  public String toString() {
    return "Datagram[" + source + " > " + destination + " ttl " + ttl + " if " + interfaceIndex
        + " len " + payload.length + "]";
  }
}
