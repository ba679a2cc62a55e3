package io.hablocks.ipvs.internal;

import io.hablocks.api.lb.PickContext;
import io.hablocks.api.lb.PickResult;
import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;

/**
 * The stateless schedulers that scan the list on every pick, each as its ip_vs_*.c: lc, wlc, sed,
 * nq, fo, ovf and twos. No lock, no allocation; O(n) as in the kernel.
 */
final class ScanScheduler extends BaseScheduler {

  ScanScheduler(String name, Options options) {
    super(name, options);
  }

  @Override
  BasePicker build(Snapshot snap, BasePicker previous) {
    switch (name) {
      case "lc": return new Lc(snap);
      case "wlc": return new Wlc(snap, false);
      case "sed": return new Wlc(snap, true);
      case "nq": return new Nq(snap);
      case "fo": return new Fo(snap);
      case "ovf": return new Ovf(snap);
      case "twos": return new Twos(snap, options.random());
      default: throw new IllegalArgumentException(name);
    }
  }

  /** wlc's choice over all destinations (also lblc's and lblcr's fallback). */
  static int wlc(Slot[] s, boolean sed) {
    int least = -1;
    long loh = 0;
    int i = 0;
    for (; i < s.length; i++) {
      Slot d = s[i];
      if (!d.overloaded() && d.weight > 0) {
        least = i;
        loh = sed ? d.active() + 1 : d.overhead();
        break;
      }
    }
    if (least < 0) {
      return -1;
    }
    for (i++; i < s.length; i++) {
      Slot d = s[i];
      if (d.overloaded()) {
        continue;
      }
      long doh = sed ? d.active() + 1 : d.overhead();
      if (loh * d.weight > doh * s[least].weight) {
        least = i;
        loh = doh;
      }
    }
    return least;
  }

  static final class Lc extends BasePicker {
    Lc(Snapshot snap) {
      super(snap);
    }

    @Override
    String scheduler() {
      return "lc";
    }

    @Override
    public PickResult pick(PickContext context) {
      Slot least = null;
      int loh = 0;
      for (Slot d : slots) {
        if (d.overloaded() || d.weight == 0) {
          continue;
        }
        int doh = d.overhead();
        if (least == null || doh < loh) {
          least = d;
          loh = doh;
        }
      }
      return least == null ? NO_DEST : least.result;
    }
  }

  static final class Wlc extends BasePicker {
    final boolean sed;

    Wlc(Snapshot snap, boolean sed) {
      super(snap);
      this.sed = sed;
    }

    @Override
    String scheduler() {
      return sed ? "sed" : "wlc";
    }

    @Override
    public PickResult pick(PickContext context) {
      int i = wlc(slots, sed);
      return i < 0 ? NO_DEST : slots[i].result;
    }
  }

  static final class Nq extends BasePicker {
    Nq(Snapshot snap) {
      super(snap);
    }

    @Override
    String scheduler() {
      return "nq";
    }

    @Override
    public PickResult pick(PickContext context) {
      Slot least = null;
      long loh = 0;
      for (Slot d : slots) {
        if (d.overloaded() || d.weight == 0) {
          continue;
        }
        int act = d.active();
        long doh = act + 1;
        if (act == 0) {
          return d.result;
        }
        if (least == null || loh * d.weight > doh * least.weight) {
          least = d;
          loh = doh;
        }
      }
      return least == null ? NO_DEST : least.result;
    }
  }

  static final class Fo extends BasePicker {
    Fo(Snapshot snap) {
      super(snap);
    }

    @Override
    String scheduler() {
      return "fo";
    }

    @Override
    public PickResult pick(PickContext context) {
      Slot h = null;
      int hw = 0;
      for (Slot d : slots) {
        if (!d.overloaded() && d.weight > hw) {
          h = d;
          hw = d.weight;
        }
      }
      return h == null ? NO_DEST : h.result;
    }
  }

  static final class Ovf extends BasePicker {
    Ovf(Snapshot snap) {
      super(snap);
    }

    @Override
    String scheduler() {
      return "ovf";
    }

    @Override
    public PickResult pick(PickContext context) {
      Slot h = null;
      int hw = 0;
      for (Slot d : slots) {
        int w = d.weight;
        if (d.overloaded() || d.active() > w || w == 0) {
          continue;
        }
        if (h == null || w > hw) {
          h = d;
          hw = w;
        }
      }
      return h == null ? NO_DEST : h.result;
    }
  }

  /** Power of two choices (ip_vs_twos.c, not in Debian's 6.1 build). */
  static final class Twos extends BasePicker {
    final RandomGenerator random;

    Twos(Snapshot snap, RandomGenerator random) {
      super(snap);
      this.random = random;
    }

    @Override
    String scheduler() {
      return "twos";
    }

    @Override
    public PickResult pick(PickContext context) {
      Slot choice1 = null;
      Slot choice2 = null;
      int total = 0;
      for (Slot d : slots) {
        if (!d.overloaded() && d.weight > 0) {
          total += d.weight;
          choice1 = d;
        }
      }
      if (choice1 == null) {
        return NO_DEST;
      }
      total += 1;
      RandomGenerator r = random != null ? random : ThreadLocalRandom.current();
      int rw1 = Integer.remainderUnsigned(r.nextInt(), total);
      int rw2 = Integer.remainderUnsigned(r.nextInt(), total);
      int w1 = -1;
      int w2 = -1;
      int oh1 = 0;
      int oh2 = 0;
      for (Slot d : slots) {
        if (d.overloaded() || d.weight <= 0) {
          continue;
        }
        rw1 -= d.weight;
        rw2 -= d.weight;
        if (rw1 <= 0 && w1 == -1) {
          choice1 = d;
          w1 = d.weight;
          oh1 = d.overhead();
        }
        if (rw2 <= 0 && w2 == -1) {
          choice2 = d;
          w2 = d.weight;
          oh2 = d.overhead();
        }
        if (w1 != -1 && w2 != -1) {
          break;
        }
      }
      // the kernel compares in int arithmetic
      if (choice2 != null && (w2 * oh1) > (w1 * oh2)) {
        choice1 = choice2;
      }
      return choice1.result;
    }
  }
}
