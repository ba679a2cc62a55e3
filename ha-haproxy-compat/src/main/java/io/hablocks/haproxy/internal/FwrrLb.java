package io.hablocks.haproxy.internal;

import java.util.List;

/**
 * HAProxy's fast weighted round-robin ({@code balance roundrobin}, lb_fwrr): per group (active,
 * backup) a "current" tree ordered by next position, and "init"/"next" trees ordered by inverted
 * weight; weights are user weight x 16. Reproduces HAProxy 2.6's choices, including its
 * reaction to weight and state changes.
 */
final class FwrrLb extends Lb {

  /** One group of servers (active or backup). */
  static final class Group {
    final EbTree curr = new EbTree();
    EbTree init = new EbTree();
    EbTree next = new EbTree();
    long currPos;
    long currWeight;
    long nextWeight;
  }

  final Group act = new Group();
  final Group bck = new Group();

  FwrrLb(List<LbServer> servers, boolean allBackups) {
    super(servers, allBackups);
    wdiv = BE_WEIGHT_SCALE;
    for (LbServer s : servers) {
      s.eweight = s.uweight * wdiv;
      s.node = new EbTree.Node(s);
    }
    recount();
    updateBackendWeight();
    act.currPos = act.currWeight = act.nextWeight = totWact;
    bck.currPos = bck.currWeight = bck.nextWeight = totWbck;
    for (LbServer s : servers) {
      if (!s.usable()) {
        continue;
      }
      queueByWeight(s.backup ? bck.init : act.init, s);
    }
  }

  private Group group(LbServer s) {
    return s.backup ? bck : act;
  }

  private static void queueByWeight(EbTree root, LbServer s) {
    root.insert(s.node, SRV_EWGHT_MAX - s.eweight);
    s.tree = root;
  }

  private static void dequeue(LbServer s) {
    if (s.node.in != null) {
      s.node.in.delete(s.node);
    }
  }

  private void queueSrv(LbServer s) {
    Group g = group(s);
    if (!s.usable()) {
      s.tree = null;
    } else if (s.eweight <= 0 || s.npos >= 2 * g.currWeight
        || s.npos >= g.currWeight + g.nextWeight) {
      s.npos -= g.currWeight;
      queueByWeight(g.next, s);
    } else {
      long key = SRV_UWGHT_RANGE * s.npos
          + ((SRV_EWGHT_MAX + s.rweight - s.eweight) & 0xffffffffL) / BE_WEIGHT_SCALE;
      g.curr.insert(s.node, key);
      s.tree = g.curr;
    }
  }

  private void getSrv(LbServer s) {
    Group g = group(s);
    if (s.tree == g.init) {
      s.npos = 0;
      s.rweight = 0;
    } else if (s.tree == g.next) {
      s.npos += g.currWeight;
    } else if (s.tree == null) {
      s.npos = g.currPos;
    }
  }

  private static void switchTrees(Group g) {
    EbTree swap = g.init;
    g.init = g.next;
    g.next = swap;
    g.currWeight = g.nextWeight;
    g.currPos = g.currWeight;
  }

  private static LbServer fromGroup(Group g) {
    EbTree.Node n1 = g.curr.first();
    LbServer s1 = null;
    if (n1 != null) {
      s1 = n1.server;
      if (s1.eweight != 0 && s1.npos <= g.currPos) {
        return s1;
      }
    }
    EbTree.Node n2 = g.init.first();
    if (n2 != null) {
      LbServer s2 = n2.server;
      if (s2.eweight != 0) {
        s2.npos = 0;
        s2.rweight = 0;
        return s2;
      }
    }
    return s1;
  }

  private static void updatePosition(Group g, LbServer s) {
    long ew = s.eweight;
    if (ew == 0) {
      return;
    }
    if (s.npos == 0) {
      s.npos = g.currPos;
    }
    s.lpos = s.npos;
    s.npos += g.nextWeight / ew;
    s.rweight += g.nextWeight % ew;
    if (s.rweight >= ew) {
      s.rweight -= ew;
      s.npos++;
    }
  }

  @Override
  LbServer next(LbServer avoid) {
    Group g;
    if (srvAct > 0) {
      g = act;
    } else if (fbck != null) {
      return fbck;
    } else if (srvBck > 0) {
      g = bck;
    } else {
      return null;
    }
    boolean switched = false;
    LbServer avoided = null;
    LbServer full = null;
    LbServer srv;
    boolean take = true;
    outer:
    while (true) {
      if (g.currWeight == 0) {
        g.currPos = g.currWeight = g.nextWeight;
      }
      while (true) {
        srv = fromGroup(g);
        if (srv != null) {
          break;
        }
        if (switched) {
          if (avoided != null) {
            srv = avoided;
            break outer;
          }
          take = false;
          break outer;
        }
        switched = true;
        switchTrees(g);
      }
      updatePosition(g, srv);
      dequeue(srv);
      g.currPos++;
      if (srv.hasRoom()) {
        if (srv != avoid || avoided != null) {
          break;
        }
        avoided = srv;
      }
      srv.nextFull = full;
      full = srv;
    }
    if (take) {
      queueSrv(srv);
    }
    while (full != null) {
      if (full != srv) {
        if (switched) {
          queueByWeight(g.init, full);
        } else {
          queueSrv(full);
        }
      }
      LbServer n = full.nextFull;
      full.nextFull = null;
      full = n;
    }
    return take ? srv : null;
  }

  @Override
  void update(LbServer s, boolean wasUsable, int oldEweight) {
    boolean now = s.usable();
    if (!wasUsable && !now) {
      return;
    }
    Group g = group(s);
    if (wasUsable && !now) {
      // set_server_status_down
      g.nextWeight -= oldEweight;
      recount();
      dequeue(s);
      s.tree = null;
      updateBackendWeight();
      return;
    }
    if (!wasUsable) {
      // set_server_status_up
      g.nextWeight += s.eweight;
      recount();
      getSrv(s);
      s.npos = g.currPos + (g.nextWeight + g.currWeight - g.currPos) / s.eweight;
      queueSrv(s);
      updateBackendWeight();
      return;
    }
    // fwrr_update_server_weight, still usable
    g.nextWeight = g.nextWeight - oldEweight + s.eweight;
    recount();
    if (s.tree == g.init) {
      dequeue(s);
      queueByWeight(g.init, s);
    } else if (s.tree == null) {
      dequeue(s);
      getSrv(s);
      s.npos = g.currPos + (g.nextWeight + g.currWeight - g.currPos) / s.eweight;
      queueSrv(s);
    } else {
      getSrv(s);
      if (s.eweight > 0) {
        long prevNext = s.npos;
        long step = g.nextWeight / s.eweight;
        s.npos = s.lpos + step;
        s.rweight = 0;
        if (s.npos > prevNext) {
          s.npos = prevNext;
        }
        if (s.npos < g.currPos + 2) {
          s.npos = g.currPos + step;
        }
      } else {
        s.npos = g.currPos + g.currWeight;
      }
      dequeue(s);
      queueSrv(s);
    }
    updateBackendWeight();
  }
}
