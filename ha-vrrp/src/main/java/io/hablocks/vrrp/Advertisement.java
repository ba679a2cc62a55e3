package io.hablocks.vrrp;

import io.hablocks.vrrp.internal.Checksums;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A VRRP Advertisement (the only VRRP packet type): the VRRP payload that follows the IP header,
 * as RFC 3768 (v2) and RFC 5798 (v3) lay it out. Immutable.
 *
 * <pre>{@code
 * Advertisement a = Advertisement.builder(VrrpVersion.V3, 51)
 *     .priority(150).interval(Duration.ofSeconds(1)).address(vip).build();
 * byte[] wire = a.encode(src, InetAddress.getByName("224.0.0.18"));
 * }</pre>
 *
 * <p>The v2 interval is whole seconds (1–255), the v3 interval centiseconds (1–4095). The v2
 * checksum covers the VRRP message; the v3 checksum also covers the IP pseudo-header (source,
 * destination, protocol 112, length), so a v3 packet's bytes depend on its destination.
 */
public final class Advertisement {

  /** IP protocol number of VRRP. */
  public static final int IP_PROTOCOL = 112;
  /** v2 authentication type: none. */
  public static final int AUTH_NONE = 0;
  /** v2 authentication type: simple text password (8 bytes, zero padded). */
  public static final int AUTH_PASS = 1;
  /** v2 authentication type: IP Authentication Header (not carried in the VRRP payload). */
  public static final int AUTH_AH = 2;
  /** The largest VRRP payload accepted: 255 IPv6 addresses plus the header. */
  public static final int MAX_LENGTH = 8 + 255 * 16 + 8;

  private final VrrpVersion version;
  private final int vrid;
  private final int priority;
  private final Duration interval;
  private final List<InetAddress> addresses;
  private final int authType;
  private final byte[] authData;

  private Advertisement(Builder b) {
    this.version = b.version;
    this.vrid = b.vrid;
    this.priority = b.priority;
    this.interval = b.interval;
    this.addresses = List.copyOf(b.addresses);
    this.authType = b.authType;
    this.authData = b.authData.clone();
    if (vrid < 1 || vrid > 255) {
      throw new IllegalArgumentException("vrid must be 1..255: " + vrid);
    }
    if (priority < 0 || priority > 255) {
      throw new IllegalArgumentException("priority must be 0..255: " + priority);
    }
    if (addresses.size() > 255) {
      throw new IllegalArgumentException("at most 255 addresses: " + addresses.size());
    }
    long units = intervalUnits();
    if (version == VrrpVersion.V2 ? (units < 0 || units > 255) : (units < 0 || units > 4095)) {
      throw new IllegalArgumentException("interval out of range for " + version + ": " + interval);
    }
    boolean v6 = !addresses.isEmpty() && addresses.get(0) instanceof Inet6Address;
    for (InetAddress a : addresses) {
      if ((a instanceof Inet6Address) != v6) {
        throw new IllegalArgumentException("addresses mix IPv4 and IPv6: " + addresses);
      }
    }
    if (v6 && version == VrrpVersion.V2) {
      throw new IllegalArgumentException("VRRP v2 carries IPv4 addresses only");
    }
  }

  /**
   * @param version protocol version
   * @param vrid virtual router id 1..255
   * @return a builder (priority 100, interval 1 s, no auth)
   */
  public static Builder builder(VrrpVersion version, int vrid) {
    return new Builder(version, vrid);
  }

  /** @return a builder holding this advertisement's values */
  public Builder toBuilder() {
    Builder b = new Builder(version, vrid).priority(priority).interval(interval);
    b.addresses.addAll(addresses);
    b.authType = authType;
    b.authData = authData.clone();
    return b;
  }

  /** @return the protocol version */
  public VrrpVersion version() {
    return version;
  }

  /** @return the virtual router id */
  public int vrid() {
    return vrid;
  }

  /** @return the sender's priority; 0 means the master is leaving */
  public int priority() {
    return priority;
  }

  /** @return the advertisement interval (v2 whole seconds, v3 centiseconds) */
  public Duration interval() {
    return interval;
  }

  /** @return the virtual addresses announced */
  public List<InetAddress> addresses() {
    return addresses;
  }

  /** @return the v2 authentication type ({@link #AUTH_NONE}, {@link #AUTH_PASS}); 0 for v3 */
  public int authType() {
    return authType;
  }

  /** @return a copy of the 8 bytes of v2 authentication data (zeros if none) */
  public byte[] authData() {
    return authData.clone();
  }

  /** @return whether the addresses are IPv6 */
  public boolean isIpv6() {
    return !addresses.isEmpty() && addresses.get(0) instanceof Inet6Address;
  }

  private long intervalUnits() {
    return version == VrrpVersion.V2 ? interval.toSeconds() : interval.toMillis() / 10;
  }

  /** @return the length of the encoded VRRP payload in bytes */
  public int length() {
    int addrLen = isIpv6() ? 16 : 4;
    return 8 + addresses.size() * addrLen + (version == VrrpVersion.V2 ? 8 : 0);
  }

  /**
   * Encodes the VRRP payload with its checksum.
   *
   * @param src the IP source address (used by the v3 checksum)
   * @param dst the IP destination address (used by the v3 checksum)
   * @return the bytes that follow the IP header
   */
  public byte[] encode(InetAddress src, InetAddress dst) {
    byte[] out = new byte[length()];
    out[0] = (byte) ((version.number() << 4) | 1);
    out[1] = (byte) vrid;
    out[2] = (byte) priority;
    out[3] = (byte) addresses.size();
    int units = (int) intervalUnits();
    if (version == VrrpVersion.V2) {
      out[4] = (byte) authType;
      out[5] = (byte) units;
    } else {
      out[4] = (byte) ((units >>> 8) & 0x0f);
      out[5] = (byte) units;
    }
    int p = 8;
    for (InetAddress a : addresses) {
      byte[] raw = a.getAddress();
      System.arraycopy(raw, 0, out, p, raw.length);
      p += raw.length;
    }
    if (version == VrrpVersion.V2) {
      System.arraycopy(authData, 0, out, p, 8);
    }
    int sum = checksum(version, out, 0, out.length, src, dst);
    out[6] = (byte) (sum >>> 8);
    out[7] = (byte) sum;
    return out;
  }

  private static int checksum(VrrpVersion v, byte[] data, int off, int len, InetAddress src,
      InetAddress dst) {
    if (v == VrrpVersion.V2) {
      return Checksums.internet(data, off, len);
    }
    Objects.requireNonNull(src, "src");
    Objects.requireNonNull(dst, "dst");
    long s = Checksums.pseudoHeader(src, dst, IP_PROTOCOL, len);
    return Checksums.finish(Checksums.sum(s, data, off, len));
  }

  /**
   * Decodes and checks a VRRP payload: version, type, length against the address count, and the
   * checksum. It does not check TTL, VRID, authentication or interval against an instance.
   *
   * @param data buffer
   * @param off start of the VRRP payload
   * @param len its length
   * @param src IP source address (family decides the address size; v3 checksum)
   * @param dst IP destination address (v3 checksum)
   * @return the advertisement
   * @throws VrrpPacketException naming the reason the packet is dropped
   */
  public static Advertisement decode(byte[] data, int off, int len, InetAddress src,
      InetAddress dst) throws VrrpPacketException {
    if (len > MAX_LENGTH) {
      throw new VrrpPacketException(DropReason.OVERSIZED, "length " + len + " > " + MAX_LENGTH);
    }
    if (len < 8) {
      throw new VrrpPacketException(DropReason.TRUNCATED, "length " + len + " < 8");
    }
    int ver = (data[off] & 0xff) >>> 4;
    int type = data[off] & 0x0f;
    if (ver != 2 && ver != 3) {
      throw new VrrpPacketException(DropReason.BAD_VERSION, "version " + ver);
    }
    if (type != 1) {
      throw new VrrpPacketException(DropReason.BAD_TYPE, "type " + type);
    }
    VrrpVersion v = VrrpVersion.of(ver);
    boolean v6 = src instanceof Inet6Address;
    if (v6 && v == VrrpVersion.V2) {
      throw new VrrpPacketException(DropReason.BAD_VERSION, "version 2 over IPv6");
    }
    int count = data[off + 3] & 0xff;
    int addrLen = v6 ? 16 : 4;
    int need = 8 + count * addrLen + (v == VrrpVersion.V2 ? 8 : 0);
    if (len < need) {
      throw new VrrpPacketException(DropReason.TRUNCATED,
          "length " + len + " < " + need + " for " + count + " addresses");
    }
    if (len > need) {
      // RFC 5798 5.1.1.3 / keepalived: the packet length must match the address count.
      throw new VrrpPacketException(DropReason.OVERSIZED,
          "length " + len + " > " + need + " for " + count + " addresses");
    }
    int sum = checksum(v, data, off, len, src, dst);
    if (sum != 0) {
      int carried = ((data[off + 6] & 0xff) << 8) | (data[off + 7] & 0xff);
      throw new VrrpPacketException(DropReason.BAD_CHECKSUM,
          String.format("checksum 0x%04x does not verify", carried));
    }
    Builder b = builder(v, Math.max(1, data[off + 1] & 0xff));
    if ((data[off + 1] & 0xff) == 0) {
      throw new VrrpPacketException(DropReason.UNKNOWN_VRID, "vrid 0");
    }
    b.priority(data[off + 2] & 0xff);
    if (v == VrrpVersion.V2) {
      b.authType = data[off + 4] & 0xff;
      b.interval(Duration.ofSeconds(data[off + 5] & 0xff));
    } else {
      int cs = ((data[off + 4] & 0x0f) << 8) | (data[off + 5] & 0xff);
      b.interval(Duration.ofMillis(cs * 10L));
    }
    int p = off + 8;
    for (int i = 0; i < count; i++) {
      try {
        b.address(InetAddress.getByAddress(Arrays.copyOfRange(data, p, p + addrLen)));
      } catch (UnknownHostException e) {
        throw new AssertionError(e); // fixed lengths 4/16 never fail
      }
      p += addrLen;
    }
    if (v == VrrpVersion.V2) {
      b.authData = Arrays.copyOfRange(data, p, p + 8);
    }
    return b.build();
  }

  /**
   * Whether the v2 authentication of this advertisement matches the expected type and password.
   *
   * @param expectedType the instance's auth type
   * @param password the instance's password (null or empty for none)
   * @return true if they match
   */
  public boolean authMatches(int expectedType, String password) {
    if (version != VrrpVersion.V2) {
      return true;
    }
    if (authType != expectedType) {
      return false;
    }
    return expectedType != AUTH_PASS || Arrays.equals(authData, passwordBytes(password));
  }

  static byte[] passwordBytes(String password) {
    byte[] p = new byte[8];
    if (password != null) {
      byte[] raw = password.getBytes(StandardCharsets.UTF_8);
      System.arraycopy(raw, 0, p, 0, Math.min(8, raw.length));
    }
    return p;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Advertisement a && version == a.version && vrid == a.vrid
        && priority == a.priority && interval.equals(a.interval) && addresses.equals(a.addresses)
        && authType == a.authType && Arrays.equals(authData, a.authData);
  }

  @Override
  public int hashCode() {
    return Objects.hash(version, vrid, priority, interval, addresses, authType)
        * 31 + Arrays.hashCode(authData);
  }

  @Override
  public String toString() {
    return "VRRPv" + version.number() + " vrid " + vrid + " prio " + priority + " intvl "
        + interval + " addrs " + addresses + (authType == AUTH_PASS ? " auth PASS" : "");
  }

  /** Builds an {@link Advertisement}. */
  public static final class Builder {
    private final VrrpVersion version;
    private final int vrid;
    private int priority = 100;
    private Duration interval = Duration.ofSeconds(1);
    private final List<InetAddress> addresses = new ArrayList<>();
    private int authType = AUTH_NONE;
    private byte[] authData = new byte[8];

    private Builder(VrrpVersion version, int vrid) {
      this.version = Objects.requireNonNull(version, "version");
      this.vrid = vrid;
    }

    /** @param p priority 0..255 @return this */
    public Builder priority(int p) {
      this.priority = p;
      return this;
    }

    /** @param d advertisement interval @return this */
    public Builder interval(Duration d) {
      this.interval = Objects.requireNonNull(d, "interval");
      return this;
    }

    /** @param a a virtual address @return this */
    public Builder address(InetAddress a) {
      addresses.add(Objects.requireNonNull(a, "address"));
      return this;
    }

    /** @param list virtual addresses @return this */
    public Builder addresses(List<? extends InetAddress> list) {
      list.forEach(this::address);
      return this;
    }

    /**
     * v2 simple password authentication (first 8 bytes, zero padded), as keepalived's
     * {@code auth_type PASS}.
     *
     * @param password the password; null or empty for no authentication
     * @return this
     */
    public Builder password(String password) {
      if (password == null || password.isEmpty()) {
        authType = AUTH_NONE;
        authData = new byte[8];
      } else {
        authType = AUTH_PASS;
        authData = passwordBytes(password);
      }
      return this;
    }

    /** @return the advertisement */
    public Advertisement build() {
      return new Advertisement(this);
    }
  }

  static boolean isV4(InetAddress a) {
    return a instanceof Inet4Address;
  }
}
