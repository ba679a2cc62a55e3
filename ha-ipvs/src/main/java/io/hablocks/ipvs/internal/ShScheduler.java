package io.hablocks.ipvs.internal;

import io.hablocks.api.lb.PickContext;
import io.hablocks.api.lb.PickResult;
import java.net.InetSocketAddress;

/**
 * sh: 256 buckets filled walking the list, {@code weight} consecutive buckets per destination
 * (weight 0 still takes one); key hash_32(ntohl(saddr) + (sh-port ? sport : 0), 8); without
 * sh-fallback an unavailable bucket drops, with it the probes (off + 2·hash) mod 256 follow.
 */
final class ShScheduler extends BaseScheduler {
  static final int BITS = 8;
  static final int SIZE = 1 << BITS;

  ShScheduler(Options options) {
    super("sh", options);
  }

  @Override
  BasePicker build(Snapshot snap, BasePicker previous) {
    return new ShPicker(snap, options.has(Options.SCHED2), options.has(Options.SCHED1));
  }

  static final class ShPicker extends BasePicker {
    final int[] buckets = new int[SIZE];
    final boolean usePort;
    final boolean fallback;

    ShPicker(Snapshot snap, boolean usePort, boolean fallback) {
      super(snap);
      this.usePort = usePort;
      this.fallback = fallback;
      int n = slots.length;
      int p = 0;
      int count = 0;
      for (int i = 0; i < SIZE; i++) {
        if (n == 0) {
          buckets[i] = -1;
          continue;
        }
        buckets[i] = p;
        if (++count >= slots[p].weight) {
          p = (p + 1) % n;
          count = 0;
        }
      }
    }

    @Override
    String scheduler() {
      return "sh";
    }

    @Override
    public PickResult pick(PickContext context) {
      InetSocketAddress src = context.source();
      if (src == null || src.getAddress() == null) {
        return PickResult.drop("sh needs the source address");
      }
      int key = Hashes.fold(src.getAddress()) + (usePort ? src.getPort() : 0);
      int h = Hashes.hash32(key, BITS);
      int b = buckets[h];
      if (b < 0) {
        return NO_DEST;
      }
      if (!unavailable(slots[b])) {
        return slots[b].result;
      }
      if (!fallback) {
        return NO_DEST;
      }
      for (int off = 0; off < SIZE; off++) {
        int bb = buckets[(off + 2 * h) & (SIZE - 1)];
        if (bb < 0) {
          break;
        }
        if (!unavailable(slots[bb])) {
          return slots[bb].result;
        }
      }
      return NO_DEST;
    }
  }
}
