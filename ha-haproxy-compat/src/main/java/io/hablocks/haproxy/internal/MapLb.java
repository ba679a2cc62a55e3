package io.hablocks.haproxy.internal;

import java.util.List;

/**
 * HAProxy's map-based balancing (lb_map): {@code static-rr} and {@code hash-type map-based}. The
 * weights are divided by their greatest common divisor and a table of total-weight slots is
 * filled so that declaration order wins ties; round-robin walks the table, a hash picks slot
 * {@code hash % total weight}. Weights are static (0 or the initial weight at run time).
 */
final class MapLb extends Lb {

  private LbServer[] map = new LbServer[0];
  private int rrIdx;

  MapLb(List<LbServer> servers, boolean allBackups) {
    super(servers, allBackups);
    int pgcd = 1;
    LbServer first = null;
    for (LbServer s : servers) {
      if (s.uweight != 0) {
        first = s;
        break;
      }
    }
    if (first != null) {
      pgcd = first.uweight;
      for (int i = servers.indexOf(first) + 1; i < servers.size() && pgcd > 1; i++) {
        int w = servers.get(i).uweight;
        while (w != 0) {
          int t = pgcd % w;
          pgcd = w;
          w = t;
        }
      }
    }
    wmult = pgcd;
    wdiv = 1;
    for (LbServer s : servers) {
      s.eweight = eweightOf(s, s.uweight, wdiv);
    }
    recount();
    updateBackendWeight();
    recalc();
  }

  private void recalc() {
    int tot = (int) totWeight;
    if (totUsed == 0) {
      map = new LbServer[0];
      return;
    }
    map = new LbServer[tot];
    boolean wantBackup = srvAct == 0;
    for (LbServer s : servers) {
      s.wscore = 0;
    }
    for (int o = 0; o < tot; o++) {
      long max = 0;
      LbServer best = null;
      for (LbServer cur : servers) {
        if (cur.backup == wantBackup && cur.usable()) {
          if (tot == 1) {
            best = cur;
            break;
          }
          cur.wscore += cur.eweight;
          long v = (cur.wscore + tot) / tot;
          if (best == null || v > max) {
            max = v;
            best = cur;
          }
        }
      }
      map[o] = best;
      if (best != null) {
        best.wscore -= tot;
      }
    }
  }

  @Override
  LbServer next(LbServer avoid) {
    if (totWeight == 0 || map.length == 0) {
      return null;
    }
    if (rrIdx < 0 || rrIdx >= totWeight) {
      rrIdx = 0;
    }
    int newidx = rrIdx;
    LbServer avoided = null;
    int avoididx = 0;
    do {
      LbServer srv = map[newidx++];
      if (srv.hasRoom()) {
        if (srv != avoid) {
          rrIdx = newidx;
          return srv;
        }
        avoided = srv;
        avoididx = newidx;
      }
      if (newidx == totWeight) {
        newidx = 0;
      }
    } while (newidx != rrIdx);
    if (avoided != null) {
      rrIdx = avoididx;
    }
    return avoided;
  }

  @Override
  LbServer byHash(int hash, LbServer avoid) {
    if (totWeight == 0 || map.length == 0) {
      return null;
    }
    return map[(int) (Integer.toUnsignedLong(hash) % totWeight)];
  }

  @Override
  void update(LbServer s, boolean wasUsable, int oldEweight) {
    recount();
    updateBackendWeight();
    recalc();
  }

  @Override
  boolean dynamic() {
    return false;
  }
}
