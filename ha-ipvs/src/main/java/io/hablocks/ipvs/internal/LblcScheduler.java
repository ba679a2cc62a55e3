package io.hablocks.ipvs.internal;

import io.hablocks.api.lb.PickContext;
import io.hablocks.api.lb.PickResult;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ConcurrentHashMap;

/**
 * lblc (locality-based least connection, ip_vs_lblc.c): a cache destination IP → destination,
 * carried across rebuilds. The cached destination is used while it is in the list, has weight
 * above 0 and is not "overloaded" (active above its weight while some destination has
 * active × 2 below its weight); otherwise wlc over all destinations picks a new one, which
 * replaces the entry. The kernel's 24-hour expiry of unused entries is not modelled.
 */
final class LblcScheduler extends BaseScheduler {

  LblcScheduler(Options options) {
    super("lblc", options);
  }

  @Override
  BasePicker build(Snapshot snap, BasePicker previous) {
    ConcurrentHashMap<InetAddress, InetSocketAddress> table =
        previous instanceof LblcPicker p ? p.table : new ConcurrentHashMap<>();
    return new LblcPicker(snap, table);
  }

  /** is_overloaded of ip_vs_lblc.c / ip_vs_lblcr.c. */
  static boolean isOverloaded(Slot dest, Slot[] all) {
    if (dest.active() > dest.weight) {
      for (Slot d : all) {
        if (d.active() * 2 < d.weight) {
          return true;
        }
      }
    }
    return false;
  }

  /** __ip_vs_lblc_schedule: wlc skipping OVERLOAD. */
  static int leastLoaded(Slot[] s) {
    return ScanScheduler.wlc(s, false);
  }

  static final class LblcPicker extends BasePicker {
    final ConcurrentHashMap<InetAddress, InetSocketAddress> table;

    LblcPicker(Snapshot snap, ConcurrentHashMap<InetAddress, InetSocketAddress> table) {
      super(snap);
      this.table = table;
    }

    @Override
    String scheduler() {
      return "lblc";
    }

    @Override
    public PickResult pick(PickContext context) {
      InetSocketAddress dst = context.destination();
      if (dst == null || dst.getAddress() == null) {
        return PickResult.drop("lblc needs the destination address");
      }
      InetAddress key = dst.getAddress();
      InetSocketAddress cached = table.get(key);
      if (cached != null) {
        Slot d = snap.slot(cached);
        if (d != null && d.weight > 0 && !isOverloaded(d, slots)) {
          return d.result;
        }
      }
      int i = leastLoaded(slots);
      if (i < 0) {
        return NO_DEST;
      }
      table.put(key, slots[i].address);
      return slots[i].result;
    }
  }
}
