package io.hablocks.ipvs.internal;

import io.hablocks.api.lb.PickContext;
import io.hablocks.api.lb.PickResult;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * rr: circular from after the last pick, skipping weight 0 and OVERLOAD. The position survives
 * rebuilds as the kernel's does: it stays on the last-picked destination; if that one is deleted
 * it moves to its predecessor (the list head if none).
 */
final class RrScheduler extends BaseScheduler {

  RrScheduler(Options options) {
    super("rr", options);
  }

  @Override
  BasePicker build(Snapshot snap, BasePicker previous) {
    int pos = -1;
    if (previous instanceof RrPicker p) {
      Slot[] old = p.slots;
      for (int i = p.position.get(); i >= 0; i--) {
        int j = snap.indexOf(old[i].address);
        if (j >= 0) {
          pos = j;
          break;
        }
      }
    }
    return new RrPicker(snap, pos);
  }

  static final class RrPicker extends BasePicker {
    /** Index of the last pick; -1 is the list head. */
    final AtomicInteger position;

    RrPicker(Snapshot snap, int pos) {
      super(snap);
      this.position = new AtomicInteger(pos);
    }

    @Override
    String scheduler() {
      return "rr";
    }

    @Override
    public PickResult pick(PickContext context) {
      Slot[] s = slots;
      int n = s.length;
      while (true) {
        int last = position.get();
        int found = -1;
        for (int k = 1; k <= n; k++) {
          int i = last + k;
          if (i >= n) {
            i -= n; // wrapped past the head (never from the head itself: last + n < n)
          }
          Slot d = s[i];
          if (!d.overloaded() && d.weight > 0) {
            found = i;
            break;
          }
        }
        if (found < 0) {
          return NO_DEST;
        }
        if (position.compareAndSet(last, found)) {
          return s[found].result;
        }
      }
    }
  }
}
