package io.hablocks.vrrp;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Packet counters of a VRRP instance or receiver: adverts received and sent, and dropped packets
 * by {@link DropReason}. Thread-safe; {@link #snapshot()} gives an immutable copy.
 */
public final class VrrpCounters {

  private final AtomicLongArray drops = new AtomicLongArray(DropReason.values().length);
  private final AtomicLongArray other = new AtomicLongArray(4);

  private static final int RECEIVED = 0;
  private static final int SENT = 1;
  private static final int ADDRESS_MISMATCH = 2;
  private static final int PRIORITY_ZERO_RECEIVED = 3;

  /** @param reason why a packet was dropped */
  public void drop(DropReason reason) {
    drops.incrementAndGet(reason.ordinal());
  }

  /** Counts an accepted advertisement. */
  public void received() {
    other.incrementAndGet(RECEIVED);
  }

  /** Counts a sent advertisement. */
  public void sent() {
    other.incrementAndGet(SENT);
  }

  /** Counts an accepted advertisement whose address list differed from ours (logged, kept). */
  public void addressListMismatch() {
    other.incrementAndGet(ADDRESS_MISMATCH);
  }

  /** Counts an accepted priority-0 advertisement. */
  public void priorityZeroReceived() {
    other.incrementAndGet(PRIORITY_ZERO_RECEIVED);
  }

  /** @param reason a reason @return how many packets were dropped for it */
  public long dropped(DropReason reason) {
    return drops.get(reason.ordinal());
  }

  /** @return all drops */
  public long droppedTotal() {
    long t = 0;
    for (int i = 0; i < drops.length(); i++) {
      t += drops.get(i);
    }
    return t;
  }

  /** @return accepted advertisements */
  public long receivedCount() {
    return other.get(RECEIVED);
  }

  /** @return sent advertisements */
  public long sentCount() {
    return other.get(SENT);
  }

  /** @return accepted advertisements with a different address list */
  public long addressListMismatchCount() {
    return other.get(ADDRESS_MISMATCH);
  }

  /** @return accepted priority-0 advertisements */
  public long priorityZeroReceivedCount() {
    return other.get(PRIORITY_ZERO_RECEIVED);
  }

  /** @return the drop counts by reason (zero counts omitted) */
  public Map<DropReason, Long> snapshot() {
    Map<DropReason, Long> m = new EnumMap<>(DropReason.class);
    for (DropReason r : DropReason.values()) {
      long v = dropped(r);
      if (v > 0) {
        m.put(r, v);
      }
    }
    return Map.copyOf(m);
  }

  @Override
  public String toString() {
    return "received=" + receivedCount() + " sent=" + sentCount() + " dropped=" + snapshot();
  }
}
