package io.hablocks.ipvs.internal;

import io.hablocks.api.lb.PickContext;
import io.hablocks.api.lb.PickResult;
import java.net.InetSocketAddress;

/**
 * dh: 256 buckets filled round-robin over the list (one bucket per destination per turn, weight
 * ignored), looked up by hash_32(ntohl(daddr), 8); the bucket's destination or a drop if it has
 * weight 0 or is overloaded. O(1).
 */
final class DhScheduler extends BaseScheduler {
  static final int BITS = 8;
  static final int SIZE = 1 << BITS;

  DhScheduler(Options options) {
    super("dh", options);
  }

  @Override
  BasePicker build(Snapshot snap, BasePicker previous) {
    return new DhPicker(snap);
  }

  static final class DhPicker extends BasePicker {
    final int[] buckets = new int[SIZE];

    DhPicker(Snapshot snap) {
      super(snap);
      int n = slots.length;
      for (int i = 0; i < SIZE; i++) {
        buckets[i] = n == 0 ? -1 : i % n;
      }
    }

    @Override
    String scheduler() {
      return "dh";
    }

    @Override
    public PickResult pick(PickContext context) {
      InetSocketAddress dst = context.destination();
      if (dst == null || dst.getAddress() == null) {
        return PickResult.drop("dh needs the destination address");
      }
      int b = buckets[Hashes.hash32(Hashes.fold(dst.getAddress()), BITS)];
      if (b < 0) {
        return NO_DEST;
      }
      Slot d = slots[b];
      return d.weight <= 0 || d.overloaded() ? NO_DEST : d.result;
    }
  }
}
