package io.hablocks.ipvs.internal;

import io.hablocks.api.lb.PickContext;
import io.hablocks.api.lb.PickResult;
import java.net.InetSocketAddress;
import java.util.Arrays;

/**
 * mh (Maglev hashing, ip_vs_mh.c): a 4093-slot lookup table populated from each destination's
 * permutation (offset and skip from hsiphash of address + port) in turns of
 * (last_weight / gcd) >> rshift; lookup hsiphash(saddr + (mh-port ? sport : 0)) mod 4093. A
 * destination set to weight 0 keeps its slots (the table is built from the last non-zero weight)
 * but lookups to it fail, or with mh-fallback probe on. O(1) per pick.
 */
final class MhScheduler extends BaseScheduler {
  static final int M = 4093;
  static final int TAB_BITS = 6; // CONFIG_IP_VS_MH_TAB_INDEX 12 / 2
  static final long K1 = 2654435761L;
  static final long K2 = 2654446892L;

  MhScheduler(Options options) {
    super("mh", options);
  }

  static int hashkey(int addrFold, int port, long key, int offset) {
    return Hashes.hsiphash(offset + port + addrFold, key, key);
  }

  @Override
  BasePicker build(Snapshot snap, BasePicker previous) {
    Slot[] s = snap.slots;
    int[] lastWeight = new int[s.length];
    for (int i = 0; i < s.length; i++) {
      int w = s[i].weight;
      if (w == 0 && previous instanceof MhPicker p) {
        int j = p.snap.indexOf(s[i].address);
        if (j >= 0) {
          w = p.lastWeight[j];
        }
      }
      lastWeight[i] = w;
    }
    return new MhPicker(snap, lastWeight, options.has(Options.SCHED2),
        options.has(Options.SCHED1));
  }

  static final class MhPicker extends BasePicker {
    final int[] lastWeight;
    final int[] lookup = new int[M];
    final boolean usePort;
    final boolean fallback;

    MhPicker(Snapshot snap, int[] lastWeight, boolean usePort, boolean fallback) {
      super(snap);
      this.lastWeight = lastWeight;
      this.usePort = usePort;
      this.fallback = fallback;
      Arrays.fill(lookup, -1);
      populate();
    }

    private void populate() {
      int n = slots.length;
      int g = 0;
      int max = 0;
      for (int w : lastWeight) {
        if (w > 0) {
          g = g > 0 ? WrrScheduler.gcd(w, g) : w;
        }
        max = Math.max(max, w);
      }
      if (g < 1) {
        return;
      }
      int shift = Math.max(0, (32 - Integer.numberOfLeadingZeros(max / g)) - TAB_BITS);
      int[] perm = new int[n];
      int[] skip = new int[n];
      int[] turns = new int[n];
      for (int i = 0; i < n; i++) {
        int a = Hashes.fold(slots[i].address.getAddress());
        int port = slots[i].address.getPort();
        perm[i] = Integer.remainderUnsigned(hashkey(a, port, K1, 0), M);
        skip[i] = Integer.remainderUnsigned(hashkey(a, port, K2, 0), M - 1) + 1;
        int lw = lastWeight[i];
        int t = (lw / g) >> shift;
        turns[i] = t != 0 ? t : (lw != 0 ? 1 : 0);
      }
      boolean[] used = new boolean[M];
      int filled = 0;
      int dtCount = 0;
      while (filled < M) {
        for (int i = 0; i < n; ) {
          if (turns[i] < 1) {
            i++;
            continue;
          }
          int c = perm[i];
          while (used[c]) {
            perm[i] += skip[i];
            if (perm[i] >= M) {
              perm[i] -= M;
            }
            c = perm[i];
          }
          used[c] = true;
          lookup[c] = i;
          if (++filled == M) {
            return;
          }
          if (++dtCount >= turns[i]) {
            dtCount = 0;
            i++;
          }
        }
      }
    }

    @Override
    String scheduler() {
      return "mh";
    }

    @Override
    public PickResult pick(PickContext context) {
      InetSocketAddress src = context.source();
      if (src == null || src.getAddress() == null) {
        return PickResult.drop("mh needs the source address");
      }
      int a = Hashes.fold(src.getAddress());
      int port = usePort ? src.getPort() : 0;
      int ihash = Integer.remainderUnsigned(hashkey(a, port, K1, 0), M);
      int d = lookup[ihash];
      if (d < 0) {
        return NO_DEST;
      }
      if (!unavailable(slots[d])) {
        return slots[d].result;
      }
      if (!fallback) {
        return NO_DEST;
      }
      for (int off = 0; off < M; off++) {
        int roff = (off + ihash) % M;
        int h = Integer.remainderUnsigned(hashkey(a, port, K1, roff), M);
        int dd = lookup[h];
        if (dd < 0) {
          break;
        }
        if (!unavailable(slots[dd])) {
          return slots[dd].result;
        }
      }
      return NO_DEST;
    }
  }
}
