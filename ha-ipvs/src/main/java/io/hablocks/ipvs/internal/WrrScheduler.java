package io.hablocks.ipvs.internal;

import io.hablocks.api.lb.PickContext;
import io.hablocks.api.lb.PickResult;
import java.util.concurrent.atomic.AtomicLong;

/**
 * wrr as ip_vs_wrr.c: di = gcd of the positive weights, mw = max − (di − 1); passes over the list
 * for weight ≥ cw, cw −= di at the list end, back to mw when ≤ 0. A change of the list restarts
 * at the head with cw kept (to mw if 0 or above mw; rounded to (cw/di)·di + 1 if di > 1).
 *
 * <p>When no destination can be overloaded (no upper threshold), the whole sequence is
 * precomputed (the prefix from the carried cw down, then the periodic cycle) and a pick is one
 * atomic increment and two array reads: O(1), no lock. Otherwise (OVERLOAD changes the sequence
 * at run time) the kernel's scan runs under a lock, as the kernel's runs under its spinlock.
 */
final class WrrScheduler extends BaseScheduler {

  /** Sequences longer than this use the scan. */
  static final int MAX_TABLE = 1 << 20;

  WrrScheduler(Options options) {
    super("wrr", options);
  }

  static int gcd(int a, int b) {
    while (b != 0) {
      int t = a % b;
      a = b;
      b = t;
    }
    return a;
  }

  @Override
  BasePicker build(Snapshot snap, BasePicker previous) {
    Slot[] s = snap.slots;
    int g = 0;
    int max = 0;
    boolean mayOverload = false;
    for (Slot d : s) {
      if (d.weight > 0) {
        g = g > 0 ? gcd(d.weight, g) : d.weight;
      }
      max = Math.max(max, d.weight);
      mayOverload |= d.mayOverload();
    }
    int di = g > 0 ? g : 1;
    int mw = max - (di - 1);
    int cw;
    if (previous instanceof WrrPicker p) {
      cw = p.currentWeight();
      if (cw > mw || cw == 0) {
        cw = mw;
      } else if (di > 1) {
        cw = (cw / di) * di + 1;
      }
    } else {
      cw = mw;
    }
    if (!mayOverload && mw > 0) {
      long prefix = passLength(s, cw, di);
      long cycle = passLength(s, mw, di);
      if (prefix + cycle <= MAX_TABLE) {
        return new TablePicker(snap, di, mw, cw, (int) prefix, (int) cycle);
      }
    }
    return new ScanPicker(snap, di, mw, cw);
  }

  /** Picks made by passes cw, cw − di, ... > 0 over the list. */
  static long passLength(Slot[] s, int from, int di) {
    if (from <= 0) {
      return 0;
    }
    long n = 0;
    long kmax = (from - 1) / di; // c = from - k*di > 0
    for (Slot d : s) {
      if (d.weight <= 0) {
        continue;
      }
      long kmin = from > d.weight ? (from - d.weight + di - 1) / di : 0; // c <= weight
      if (kmax >= kmin) {
        n += kmax - kmin + 1;
      }
    }
    return n;
  }

  abstract static class WrrPicker extends BasePicker {
    final int di;
    final int mw;

    WrrPicker(Snapshot snap, int di, int mw) {
      super(snap);
      this.di = di;
      this.mw = mw;
    }

    @Override
    String scheduler() {
      return "wrr";
    }

    abstract int currentWeight();
  }

  /** Precomputed sequence: prefix then cycle, one atomic ticket per pick. */
  static final class TablePicker extends WrrPicker {
    final int initialCw;
    final int[] prefixIdx;
    final int[] prefixCw;
    final int[] cycleIdx;
    final int[] cycleCw;
    final AtomicLong ticket = new AtomicLong();

    TablePicker(Snapshot snap, int di, int mw, int cw, int prefixLen, int cycleLen) {
      super(snap, di, mw);
      this.initialCw = cw;
      prefixIdx = new int[prefixLen];
      prefixCw = new int[prefixLen];
      cycleIdx = new int[cycleLen];
      cycleCw = new int[cycleLen];
      fill(cw, prefixIdx, prefixCw);
      fill(mw, cycleIdx, cycleCw);
    }

    private void fill(int from, int[] idx, int[] cws) {
      int k = 0;
      for (int c = from; c > 0; c -= di) {
        for (int i = 0; i < slots.length; i++) {
          if (slots[i].weight >= c) {
            idx[k] = i;
            cws[k] = c;
            k++;
          }
        }
      }
    }

    @Override
    public PickResult pick(PickContext context) {
      long t = ticket.getAndIncrement();
      int p = prefixIdx.length;
      if (t < p) {
        return slots[prefixIdx[(int) t]].result;
      }
      return slots[cycleIdx[(int) ((t - p) % cycleIdx.length)]].result;
    }

    @Override
    int currentWeight() {
      long t = ticket.get();
      if (t == 0) {
        return initialCw;
      }
      t--;
      int p = prefixIdx.length;
      if (t < p) {
        return prefixCw[(int) t];
      }
      return cycleCw[(int) ((t - p) % cycleIdx.length)];
    }
  }

  /** The kernel's scan, with OVERLOAD, under a lock. */
  static final class ScanPicker extends WrrPicker {
    private int cl = -1; // -1 = list head
    private int cw;

    ScanPicker(Snapshot snap, int di, int mw, int cw) {
      super(snap, di, mw);
      this.cw = cw;
    }

    @Override
    synchronized int currentWeight() {
      return cw;
    }

    @Override
    public synchronized PickResult pick(PickContext context) {
      if (mw == 0) {
        return NO_DEST;
      }
      Slot[] s = slots;
      int n = s.length;
      int d = cl;
      int last = cl;
      int stop = Integer.MIN_VALUE;
      boolean lastPass = false;
      boolean restarted = false;
      while (true) {
        for (d = d + 1; d < n; d++) {
          if (!s[d].overloaded() && s[d].weight >= cw) {
            cl = d;
            return s[d].result;
          }
          if (d == stop) {
            cl = d;
            return ALL_OVERLOADED;
          }
        }
        d = -1;
        cw -= di;
        if (cw <= 0) {
          cw = mw;
          if (lastPass || last == -1) {
            cl = -1;
            return ALL_OVERLOADED;
          }
          restarted = true;
        }
        lastPass = cw <= di;
        if (lastPass && restarted && last != -1) {
          stop = last;
        }
      }
    }
  }
}
