package io.hablocks.haproxy.internal;

import java.util.List;

/**
 * HAProxy's consistent hashing (lb_chash, {@code hash-type consistent} and {@code random}): each
 * server owns {@code effective weight} nodes on a 32-bit ring, node {@code i} at
 * {@code full_hash(id * 4096 + i)}; a hash goes to the closer of the nodes just before and just
 * after it (the one before on a tie).
 */
final class ChashLb extends Lb {

  private static final int SRV_EWGHT_RANGE = SRV_UWGHT_RANGE * BE_WEIGHT_SCALE;

  final EbTree act = new EbTree();
  final EbTree bck = new EbTree();
  private EbTree.Node last;

  ChashLb(List<LbServer> servers, boolean allBackups) {
    super(servers, allBackups);
    wdiv = BE_WEIGHT_SCALE;
    for (LbServer s : servers) {
      s.eweight = s.uweight * wdiv;
      // node keys are fixed per (server id, node index); up to weight 256 x 16 nodes
      s.chashNodes = new EbTree.Node[SRV_EWGHT_RANGE];
      s.chashNow = 0;
    }
    recount();
    updateBackendWeight();
    for (LbServer s : servers) {
      if (s.usable()) {
        queueDequeue(s);
      }
    }
  }

  private EbTree tree(LbServer s) {
    return s.backup ? bck : act;
  }

  private EbTree.Node node(LbServer s, int i) {
    EbTree.Node n = s.chashNodes[i];
    if (n == null) {
      n = new EbTree.Node(s);
      n.key = Integer.toUnsignedLong(Hashes.fullHash(s.puid * SRV_EWGHT_RANGE + i));
      s.chashNodes[i] = n;
    }
    return n;
  }

  /** Adds or removes ring nodes so that the server owns {@code eweight} of them. */
  private void queueDequeue(LbServer s) {
    int want = s.usable() ? s.eweight : 0;
    want = Math.min(want, s.chashNodes.length);
    EbTree t = tree(s);
    while (s.chashNow > want) {
      s.chashNow--;
      EbTree.Node n = node(s, s.chashNow);
      if (last == n) {
        last = null;
      }
      t.delete(n);
    }
    while (s.chashNow < want) {
      EbTree.Node n = node(s, s.chashNow);
      t.insert(n, n.key);
      s.chashNow++;
    }
  }

  @Override
  LbServer byHash(int hash, LbServer avoid) {
    EbTree root;
    if (srvAct > 0) {
      root = act;
    } else if (fbck != null) {
      return fbck;
    } else if (srvBck > 0) {
      root = bck;
    } else {
      return null;
    }
    long h = Integer.toUnsignedLong(hash);
    EbTree.Node next = root.lookupGe(h);
    if (next == null) {
      next = root.first();
    }
    if (next == null) {
      return null;
    }
    EbTree.Node prev = root.prev(next);
    if (prev == null) {
      prev = root.last();
    }
    long dp = (h - prev.key) & 0xffffffffL;
    long dn = (next.key - h) & 0xffffffffL;
    return dp <= dn ? prev.server : next.server;
  }

  @Override
  LbServer next(LbServer avoid) {
    EbTree root;
    if (srvAct > 0) {
      root = act;
    } else if (fbck != null) {
      return fbck;
    } else if (srvBck > 0) {
      root = bck;
    } else {
      return null;
    }
    EbTree.Node stop = last != null && last.in == root ? last : null;
    EbTree.Node node = stop;
    LbServer srv = null;
    LbServer avoided = null;
    EbTree.Node avoidedNode = null;
    do {
      if (node != null) {
        node = root.next(node);
      }
      if (node == null) {
        node = root.first();
      }
      last = node;
      if (node == null) {
        return null;
      }
      if (stop == null) {
        stop = node;
      }
      LbServer s = node.server;
      if (s.hasRoom()) {
        if (s != avoid) {
          srv = s;
          break;
        }
        avoided = s;
        avoidedNode = node;
      }
    } while (node != stop);
    if (srv == null) {
      srv = avoided;
      last = avoidedNode;
    }
    return srv;
  }

  @Override
  void update(LbServer s, boolean wasUsable, int oldEweight) {
    recount();
    queueDequeue(s);
    updateBackendWeight();
  }
}
