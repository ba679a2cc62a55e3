package io.hablocks.ipvs;

import java.net.InetSocketAddress;

/**
 * One connection a {@link VirtualServer} scheduled: counted active on its destination until
 * {@link #close()} (then inactive, as a TCP connection in FIN_WAIT or TIME_WAIT is) and removed
 * from the counters by {@link #expire()}. Thread-safe.
 */
public final class Connection {

  private final InetSocketAddress source;
  private final RealServer destination;
  private final DestinationCounters counters;
  private boolean active = true;
  private boolean expired;

  Connection(InetSocketAddress source, RealServer destination, DestinationCounters counters) {
    this.source = source;
    this.destination = destination;
    this.counters = counters;
  }

  /** @return the client address */
  public InetSocketAddress source() {
    return source;
  }

  /** @return the destination the scheduler chose */
  public RealServer destination() {
    return destination;
  }

  /** Closes the connection: active becomes inactive. Idempotent. */
  public synchronized void close() {
    if (active && !expired) {
      active = false;
      counters.deactivate();
    }
  }

  /** Expires the connection: it leaves the counters (and may clear OVERLOAD). Idempotent. */
  public synchronized void expire() {
    if (!expired) {
      expired = true;
      counters.unbind(active);
    }
  }

  @Override
  public String toString() {
    return RealServer.name(source) + " -> " + destination.name();
  }
}
