package io.hablocks.haproxy.internal;

import java.util.List;

/**
 * HAProxy's {@code balance leastconn} (lb_fwlc): servers in a tree keyed by
 * {@code (inflight + 1) * 4096 / eweight} (0 when idle), re-queued at the end of their key on every
 * connection taken or released; the first with room wins.
 */
final class FwlcLb extends Lb {

  private final EbTree act = new EbTree();
  private final EbTree bck = new EbTree();

  FwlcLb(List<LbServer> servers, boolean allBackups) {
    super(servers, allBackups);
    wdiv = BE_WEIGHT_SCALE;
    for (LbServer s : servers) {
      s.eweight = s.uweight * wdiv;
      s.node = new EbTree.Node(s);
    }
    recount();
    updateBackendWeight();
    for (LbServer s : servers) {
      if (s.usable()) {
        queue(s);
      }
    }
  }

  private void queue(LbServer s) {
    s.tree = s.backup ? bck : act;
    long inflight = (long) s.served + s.queued;
    long key = inflight == 0 ? 0 : (inflight + 1) * SRV_EWGHT_MAX / s.eweight;
    s.tree.insert(s.node, key);
  }

  @Override
  LbServer next(LbServer avoid) {
    return firstInTrees(act, bck, avoid);
  }

  @Override
  void reposition(LbServer s) {
    if (s.tree != null && s.node.in != null) {
      queue(s);
    }
  }

  @Override
  void update(LbServer s, boolean wasUsable, int oldEweight) {
    recount();
    if (!s.usable()) {
      if (s.node.in != null) {
        s.node.in.delete(s.node);
      }
      s.tree = null;
    } else {
      queue(s);
    }
    updateBackendWeight();
  }
}
