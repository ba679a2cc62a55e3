package io.hablocks.ipvs;

import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * One destination of a virtual service as ipvsadm configures it: address and port, weight
 * (0..65535; 0 takes no new connections), upper and lower connection thresholds (0 = none) and
 * the forwarding method. Immutable, copy-on-change:
 * {@code RealServer.of(addr).withWeight(3).withThresholds(100, 50)}.
 */
public final class RealServer {

  /** The largest weight the kernel accepts. */
  public static final int MAX_WEIGHT = 65535;

  private final InetSocketAddress address;
  private final int weight;
  private final int upperThreshold;
  private final int lowerThreshold;
  private final ForwardMethod forward;

  private RealServer(InetSocketAddress address, int weight, int upper, int lower,
      ForwardMethod forward) {
    this.address = Objects.requireNonNull(address, "address");
    if (weight < 0 || weight > MAX_WEIGHT) {
      throw new IpvsException("weight of " + name(address) + " must be 0.." + MAX_WEIGHT
          + ", got " + weight);
    }
    if (upper < 0 || lower < 0) {
      throw new IpvsException("thresholds of " + name(address) + " must be >= 0, got u=" + upper
          + " l=" + lower);
    }
    if (upper > 0 && lower > upper) {
      throw new IpvsException("lower threshold " + lower + " of " + name(address)
          + " is above the upper threshold " + upper);
    }
    this.weight = weight;
    this.upperThreshold = upper;
    this.lowerThreshold = lower;
    this.forward = Objects.requireNonNull(forward, "forward");
  }

  /**
   * A real server of weight 1, no thresholds, masquerading.
   *
   * @param address its address and port
   * @return the real server
   */
  public static RealServer of(InetSocketAddress address) {
    return new RealServer(address, 1, 0, 0, ForwardMethod.MASQ);
  }

  /**
   * @param address its address and port
   * @param weight its weight
   * @return a masquerading real server without thresholds
   */
  public static RealServer of(InetSocketAddress address, int weight) {
    return new RealServer(address, weight, 0, 0, ForwardMethod.MASQ);
  }

  /** @param w the weight @return a copy with this weight */
  public RealServer withWeight(int w) {
    return new RealServer(address, w, upperThreshold, lowerThreshold, forward);
  }

  /**
   * @param upper the upper threshold (0 = none): OVERLOAD is set when active + inactive reach it
   * @param lower the lower threshold (0 = 3/4 of upper): OVERLOAD is cleared below it
   * @return a copy with these thresholds
   */
  public RealServer withThresholds(int upper, int lower) {
    return new RealServer(address, weight, upper, lower, forward);
  }

  /** @param f the forwarding method @return a copy with it */
  public RealServer withForward(ForwardMethod f) {
    return new RealServer(address, weight, upperThreshold, lowerThreshold, f);
  }

  /** @return address and port */
  public InetSocketAddress address() {
    return address;
  }

  /** @return the weight */
  public int weight() {
    return weight;
  }

  /** @return the upper connection threshold, 0 for none */
  public int upperThreshold() {
    return upperThreshold;
  }

  /** @return the lower connection threshold, 0 for none */
  public int lowerThreshold() {
    return lowerThreshold;
  }

  /** @return the forwarding method */
  public ForwardMethod forward() {
    return forward;
  }

  /** @return {@code ADDR:PORT} ({@code [ADDR]:PORT} for IPv6) */
  public String name() {
    return name(address);
  }

  static String name(InetSocketAddress a) {
    String h = a.getAddress() != null ? a.getAddress().getHostAddress() : a.getHostString();
    return (h.indexOf(':') >= 0 ? "[" + h + "]" : h) + ":" + a.getPort();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RealServer r && r.address.equals(address) && r.weight == weight
        && r.upperThreshold == upperThreshold && r.lowerThreshold == lowerThreshold
        && r.forward == forward;
  }

  @Override
  public int hashCode() {
    return Objects.hash(address, weight, upperThreshold, lowerThreshold, forward);
  }

  @Override
  public String toString() {
    return name() + " w=" + weight + (upperThreshold > 0 ? " u=" + upperThreshold : "")
        + (lowerThreshold > 0 ? " l=" + lowerThreshold : "") + " " + forward;
  }
}
