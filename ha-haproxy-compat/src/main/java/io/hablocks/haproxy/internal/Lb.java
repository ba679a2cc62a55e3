package io.hablocks.haproxy.internal;

import java.util.List;

/**
 * One backend's balancing state, as HAProxy's {@code struct lbprm}: the server counts and total
 * weights ({@code recount_servers}, {@code update_backend_weight}), the first usable backup, and
 * the algorithm's structures. All methods run under the owner's lock.
 */
abstract class Lb {

  /** Weight scale of dynamic algorithms: internal weight = user weight x 16. */
  static final int BE_WEIGHT_SCALE = 16;
  static final int SRV_UWGHT_RANGE = 256;
  static final int SRV_EWGHT_MAX = SRV_UWGHT_RANGE * BE_WEIGHT_SCALE;

  final List<LbServer> servers;
  final boolean allBackups;
  int wdiv = 1;
  int wmult = 1;
  int srvAct;
  int srvBck;
  long totWact;
  long totWbck;
  long totWeight;
  int totUsed;
  LbServer fbck;

  Lb(List<LbServer> servers, boolean allBackups) {
    this.servers = servers;
    this.allBackups = allBackups;
  }

  /** HAProxy's effective weight of a user weight, with slow start taken into account. */
  int eweightOf(LbServer s, int uweight, int w) {
    return (int) (((long) uweight * w + wmult - 1) / wmult);
  }

  void recount() {
    srvAct = 0;
    srvBck = 0;
    totWact = 0;
    totWbck = 0;
    fbck = null;
    for (LbServer s : servers) {
      if (!s.usable()) {
        continue;
      }
      if (s.backup) {
        if (srvBck == 0 && !allBackups) {
          fbck = s;
        }
        srvBck++;
        totWbck += s.eweight;
      } else {
        srvAct++;
        totWact += s.eweight;
      }
    }
  }

  void updateBackendWeight() {
    if (srvAct > 0) {
      totWeight = totWact;
      totUsed = srvAct;
    } else if (fbck != null) {
      totWeight = fbck.eweight;
      totUsed = 1;
    } else {
      totWeight = totWbck;
      totUsed = srvBck;
    }
  }

  /**
   * Round-robin (or the algorithm's own) choice.
   *
   * @param avoid a server to avoid if possible, or null
   * @return the server, or null
   */
  abstract LbServer next(LbServer avoid);

  /**
   * The walk the tree-ordered algorithms (first, leastconn) share: with active servers, the first
   * of the active tree that has room under maxconn + maxqueue, preferring one that is not
   * {@code avoid}; without them the single fallback backup if there is one, else the same walk
   * over the backup tree.
   */
  LbServer firstInTrees(EbTree act, EbTree bck, LbServer avoid) {
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

  /**
   * Hash-based choice; algorithms without a hash lookup use {@link #next}.
   *
   * @param hash the hash
   * @param avoid the server to avoid
   * @return the server, or null
   */
  LbServer byHash(int hash, LbServer avoid) {
    return next(avoid);
  }

  /**
   * Applies a change of a server's usability or effective weight.
   *
   * @param s the server (its new up/eweight already set)
   * @param wasUsable whether it was usable before
   * @param oldEweight its effective weight before
   */
  abstract void update(LbServer s, boolean wasUsable, int oldEweight);

  /** Called after a connection is taken or released on a server. */
  void reposition(LbServer s) {}

  /** @return whether run-time weight changes are honoured (HAProxy's BE_LB_PROP_DYN) */
  boolean dynamic() {
    return true;
  }
}
