package io.hablocks.ipvs;

import io.hablocks.api.lb.ServerLoad;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The live state the kernel keeps on a destination: active and inactive connection counters, the
 * thresholds and the OVERLOAD flag they drive. A {@link VirtualServer} owns one per destination
 * (kept in the trash when the destination is deleted, so a re-added destination comes back with
 * its counters). Schedulers read it through {@link ServerLoad}; reads never lock.
 */
public final class DestinationCounters implements ServerLoad {

  private final AtomicInteger active = new AtomicInteger();
  private final AtomicInteger inactive = new AtomicInteger();
  private volatile int upperThreshold;
  private volatile int lowerThreshold;
  private volatile boolean overloaded;

  /** New counters at zero, no thresholds. */
  public DestinationCounters() {
  }

  @Override
  public int active() {
    return active.get();
  }

  @Override
  public int inactive() {
    return inactive.get();
  }

  /** @return whether the OVERLOAD flag is set (the destination takes no new connections) */
  public boolean overloaded() {
    return overloaded;
  }

  /** @return the upper threshold, 0 for none */
  public int upperThreshold() {
    return upperThreshold;
  }

  /** @return the lower threshold, 0 for none */
  public int lowerThreshold() {
    return lowerThreshold;
  }

  /** @return whether OVERLOAD may be set now or later (an upper threshold, or set already) */
  public boolean mayOverload() {
    return upperThreshold != 0 || overloaded;
  }

  /** As {@code __ip_vs_update_dest}: new thresholds; OVERLOAD cleared if u is 0 or raised. */
  synchronized void setThresholds(int upper, int lower) {
    if (upper == 0 || upper > upperThreshold) {
      overloaded = false;
    }
    upperThreshold = upper;
    lowerThreshold = lower;
  }

  /** As {@code ip_vs_bind_dest} for a new connection: counted, then OVERLOAD checked. */
  synchronized void bind(boolean isActive) {
    (isActive ? active : inactive).incrementAndGet();
    int u = upperThreshold;
    if (u != 0 && active.get() + inactive.get() >= u) {
      overloaded = true;
    }
  }

  /** A connection left ESTABLISHED (closed): active to inactive. */
  synchronized void deactivate() {
    active.decrementAndGet();
    inactive.incrementAndGet();
  }

  /** As {@code ip_vs_unbind_dest}: a connection expired. */
  synchronized void unbind(boolean wasActive) {
    (wasActive ? active : inactive).decrementAndGet();
    int total = active.get() + inactive.get();
    int l = lowerThreshold;
    int u = upperThreshold;
    if (l != 0) {
      if (total < l) {
        overloaded = false;
      }
    } else if (u != 0) {
      if ((long) total * 4 < (long) u * 3) {
        overloaded = false;
      }
    } else {
      overloaded = false;
    }
  }

  @Override
  public String toString() {
    return "active=" + active() + " inactive=" + inactive() + (overloaded ? " OVERLOAD" : "");
  }
}
