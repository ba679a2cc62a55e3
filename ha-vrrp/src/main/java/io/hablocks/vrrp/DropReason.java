package io.hablocks.vrrp;

/**
 * Why a received VRRP packet was dropped. Every dropped packet is counted under one reason in
 * {@link VrrpCounters}; none is fatal to an instance.
 */
public enum DropReason {
  /** Shorter than its header or than the addresses it announces. */
  TRUNCATED,
  /** Longer than any VRRP packet can be (more than 255 addresses, or beyond the buffer limit). */
  OVERSIZED,
  /** IP TTL (IPv4) or hop limit (IPv6) was not 255: it crossed a router. */
  BAD_TTL,
  /** Version field was neither 2 nor 3, or not the instance's version. */
  BAD_VERSION,
  /** Type field was not 1 (Advertisement). */
  BAD_TYPE,
  /** The checksum did not verify. */
  BAD_CHECKSUM,
  /** No instance on this interface has the packet's VRID. */
  UNKNOWN_VRID,
  /** v2 authentication type or password differ from the instance's. */
  AUTH_MISMATCH,
  /** v2 advertisement interval differs from the instance's (RFC 3768 5.3.7). */
  INTERVAL_MISMATCH,
  /** The packet came from one of this node's own addresses. */
  OWN_PACKET,
  /** Unicast mode and the source is not a configured peer. */
  UNKNOWN_PEER,
  /** The address family does not match the instance. */
  BAD_FAMILY
}
