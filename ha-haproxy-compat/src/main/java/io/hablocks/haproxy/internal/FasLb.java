package io.hablocks.haproxy.internal;

import java.util.List;

/**
 * HAProxy's {@code balance first} (lb_fas): servers ordered by id; the first one whose
 * {@code maxconn} is not reached takes the connection.
 */
final class FasLb extends Lb {

  private final EbTree act = new EbTree();
  private final EbTree bck = new EbTree();

  FasLb(List<LbServer> servers, boolean allBackups) {
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
        (s.backup ? bck : act).insert(s.node, s.puid);
      }
    }
  }

  @Override
  LbServer next(LbServer avoid) {
    EbTree.Node node;
    if (srvAct > 0) {
      node = act.first();
    } else if (fbck != null) {
      return fbck;
    } else if (srvBck > 0) {
      node = bck.first();
    } else {
      return null;
    }
    LbServer avoided = null;
    while (node != null) {
      LbServer s = node.server;
      if (s.maxconn == 0 || s.served + s.queued < s.maxconn + s.config.maxqueue()) {
        if (s != avoid) {
          return s;
        }
        avoided = s;
      }
      node = node.in.next(node);
    }
    return avoided;
  }

  @Override
  void update(LbServer s, boolean wasUsable, int oldEweight) {
    recount();
    if (!s.usable()) {
      if (s.node.in != null) {
        s.node.in.delete(s.node);
      }
    } else if (s.node.in == null) {
      (s.backup ? bck : act).insert(s.node, s.puid);
    }
    updateBackendWeight();
  }
}
