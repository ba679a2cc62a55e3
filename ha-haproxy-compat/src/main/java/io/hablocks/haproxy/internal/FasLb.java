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
    return firstInTrees(act, bck, avoid);
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
