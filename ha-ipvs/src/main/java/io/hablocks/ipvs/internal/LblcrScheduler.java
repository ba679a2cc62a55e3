package io.hablocks.ipvs.internal;

import io.hablocks.api.lb.PickContext;
import io.hablocks.api.lb.PickResult;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.concurrent.ConcurrentHashMap;

/**
 * lblcr (locality-based least connection with replication, ip_vs_lblcr.c): a set of destinations
 * per destination IP (newest first). The least loaded member is used unless it is overloaded (as
 * lblc); then wlc over all picks one, which joins the set. A set of more than one member that
 * has not changed for the expiration (24 h by default, on the Clock) drops its most loaded one.
 * Set changes take a lock per entry, as the kernel's take the service's sched_lock.
 */
final class LblcrScheduler extends BaseScheduler {

  LblcrScheduler(Options options) {
    super("lblcr", options);
  }

  @Override
  BasePicker build(Snapshot snap, BasePicker previous) {
    ConcurrentHashMap<InetAddress, DestSet> table =
        previous instanceof LblcrPicker p ? p.table : new ConcurrentHashMap<>();
    return new LblcrPicker(snap, table, options);
  }

  /** One cache entry: the set, newest first, and when it last changed. */
  static final class DestSet {
    final ArrayList<InetSocketAddress> members = new ArrayList<>(4);
    long lastmod;
  }

  static final class LblcrPicker extends BasePicker {
    final ConcurrentHashMap<InetAddress, DestSet> table;
    final Options options;

    LblcrPicker(Snapshot snap, ConcurrentHashMap<InetAddress, DestSet> table, Options options) {
      super(snap);
      this.table = table;
      this.options = options;
    }

    @Override
    String scheduler() {
      return "lblcr";
    }

    /** ip_vs_dest_set_min: weighted least loaded available member. */
    private Slot setMin(DestSet set) {
      Slot least = null;
      long loh = 0;
      ArrayList<InetSocketAddress> m = set.members;
      for (int k = 0; k < m.size(); k++) { // indexed: no iterator on the pick path
        Slot d = snap.slot(m.get(k));
        if (d == null || d.overloaded()) {
          continue;
        }
        if (least == null) {
          if (d.weight > 0) {
            least = d;
            loh = d.overhead();
          }
          continue;
        }
        long doh = d.overhead();
        if (loh * d.weight > doh * least.weight) {
          least = d;
          loh = doh;
        }
      }
      return least;
    }

    /** ip_vs_dest_set_max: weighted most loaded member with weight above 0. */
    private InetSocketAddress setMax(DestSet set) {
      Slot most = null;
      InetSocketAddress mostAddr = null;
      long moh = 0;
      ArrayList<InetSocketAddress> m = set.members;
      for (int k = 0; k < m.size(); k++) {
        InetSocketAddress a = m.get(k);
        Slot d = snap.slot(a);
        if (d == null) {
          continue;
        }
        if (most == null) {
          if (d.weight > 0) {
            most = d;
            mostAddr = a;
            moh = d.overhead();
          }
          continue;
        }
        long doh = d.overhead();
        if (moh * d.weight < doh * most.weight && d.weight > 0) {
          most = d;
          mostAddr = a;
          moh = doh;
        }
      }
      return mostAddr;
    }

    @Override
    public PickResult pick(PickContext context) {
      InetSocketAddress dst = context.destination();
      if (dst == null || dst.getAddress() == null) {
        return PickResult.drop("lblcr needs the destination address");
      }
      InetAddress key = dst.getAddress();
      DestSet set = table.get(key);
      long now = options.clock().nanoTime();
      if (set != null) {
        synchronized (set) {
          Slot d = setMin(set);
          if (set.members.size() > 1 && now - set.lastmod > options.lblcrExpirationNanos()) {
            InetSocketAddress m = setMax(set);
            if (m != null) {
              set.members.remove(m);
              set.lastmod = now;
            }
          }
          if (d != null && !LblcScheduler.isOverloaded(d, slots)) {
            return d.result;
          }
          int i = LblcScheduler.leastLoaded(slots);
          if (i < 0) {
            return NO_DEST;
          }
          if (!set.members.contains(slots[i].address)) {
            set.members.add(0, slots[i].address);
            set.lastmod = now;
          }
          return slots[i].result;
        }
      }
      int i = LblcScheduler.leastLoaded(slots);
      if (i < 0) {
        return NO_DEST;
      }
      DestSet fresh = new DestSet();
      fresh.members.add(slots[i].address);
      fresh.lastmod = now;
      DestSet raced = table.putIfAbsent(key, fresh);
      if (raced != null) {
        synchronized (raced) {
          if (!raced.members.contains(slots[i].address)) {
            raced.members.add(0, slots[i].address);
            raced.lastmod = now;
          }
        }
      }
      return slots[i].result;
    }
  }
}
