package io.hablocks.crm.scheduler.internal;

import static io.hablocks.cib.Scores.INFINITY;

import io.hablocks.cib.Cib;
import io.hablocks.cib.CibBooleans;
import io.hablocks.cib.CibDurations;
import io.hablocks.cib.CibElement;
import io.hablocks.cib.Scores;
import io.hablocks.crm.scheduler.internal.Model.Action;
import io.hablocks.crm.scheduler.internal.Model.Coloc;
import io.hablocks.crm.scheduler.internal.Model.Kind;
import io.hablocks.crm.scheduler.internal.Model.Node;
import io.hablocks.crm.scheduler.internal.Model.OnFail;
import io.hablocks.crm.scheduler.internal.Model.Order;
import io.hablocks.crm.scheduler.internal.Model.Role;
import io.hablocks.crm.scheduler.internal.Model.Rsc;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** One scheduler run over a CIB element tree. */
public final class Engine {

  final CibElement root;
  final Instant now;
  final Map<String, String> config = new HashMap<>();
  final Map<String, String> rscDefaults = new HashMap<>();
  final Map<String, String> opDefaults = new HashMap<>();
  final Map<String, CibElement> ids = new HashMap<>();
  final List<Node> nodes = new ArrayList<>();
  final Map<String, Node> nodesByUname = new HashMap<>();
  final Map<String, Node> nodesById = new HashMap<>();
  final List<Rsc> resources = new ArrayList<>();
  final Map<String, Rsc> rscById = new LinkedHashMap<>();
  final List<Action> actions = new ArrayList<>();
  final List<String> fenced = new ArrayList<>();
  final Map<String, Action> actionIndex = new HashMap<>();
  boolean stonithEnabled = true;
  boolean symmetric = true;
  boolean haveQuorum = true;
  String noQuorumPolicy = "stop";
  String placementStrategy = "default";
  boolean haveStonithResource;
  boolean stopAll;
  boolean maintenanceMode;
  boolean startFailureIsFatal = true;
  boolean stopOrphans = true;
  final List<String> scoreLines = new ArrayList<>();

  /** @return the allocation score lines */
  public List<String> scoreLines() {
    return List.copyOf(scoreLines);
  }

  /**
   * @param cib the CIB
   * @param now "now" for rules and failure timeouts
   */
  public Engine(Cib cib, Instant now) {
    this.root = cib.root();
    this.now = now;
  }

  /** Runs all stages. */
  public void run() {
    indexIds(root);
    unpackConfig();
    unpackNodes();
    unpackResources();
    unpackStatus();
    applyLocations();
    unpackColocations();
    allocate();
    promote();
    createActions();
    unpackOrders();
    fencing();
    propagate();
    if (cancelBlockedMigrations()) {
      propagate();
    }
  }

  /** A resource cannot migrate when something it is ordered after really starts or stops. */
  private boolean cancelBlockedMigrations() {
    boolean any = false;
    boolean changed = true;
    while (changed) {
      changed = false;
      for (Action a : actions) {
        if (!a.task.equals("migrate_from") || a.rsc == null || a.rsc.migrationCancelled) {
          continue;
        }
        Action start = find(a.rsc, "start", a.node);
        if (start == null) {
          continue;
        }
        boolean blocked = false;
        for (Order o : start.before) {
          Action f = o.first;
          if (f.rsc == null || f.rsc == a.rsc || (o.flags & (IMPLIES_THEN | RUNNABLE_LEFT)) == 0) {
            continue;
          }
          if (f.rsc.kind == Kind.GROUP) {
            continue;
          }
          boolean migrating = f.rsc.kind == Kind.PRIMITIVE && f.task.equals("start") && f.pseudo
              && !f.rsc.migrationCancelled && find(f.rsc, "migrate_from", f.node) != null;
          if (!f.optional && !migrating) {
            blocked = true;
          }
        }
        if (blocked) {
          a.rsc.migrationCancelled = true;
          a.runnable = false;
          start.pseudo = false;
          changed = true;
          any = true;
        }
      }
    }
    return any;
  }

  private void indexIds(CibElement e) {
    if (!e.name().endsWith("_ref") && !e.hasAttribute("id-ref")) {
      e.attribute("id").ifPresent(id -> ids.putIfAbsent(id, e));
    }
    for (CibElement c : e.elements()) {
      indexIds(c);
    }
  }

  private CibElement configuration() {
    return root.firstElement("configuration").orElse(CibElement.of("configuration"));
  }

  private CibElement section(String name) {
    return configuration().firstElement(name).orElse(CibElement.of(name));
  }

  void nvsets(CibElement parent, String setName, Map<String, String> into, Map<String, String> attrs) {
    List<CibElement> sets = new ArrayList<>(parent.elements(setName));
    sets.sort((a, b) -> Integer.compare(Scores.parse(Rules.resolve(b, ids).attribute("score", "0")),
        Scores.parse(Rules.resolve(a, ids).attribute("score", "0"))));
    for (CibElement set : sets) {
      CibElement s = Rules.resolve(set, ids);
      boolean ok = true;
      for (CibElement r : s.elements("rule")) {
        ok &= Rules.eval(r, attrs == null ? Map.of() : attrs, now, ids);
      }
      if (!ok) {
        continue;
      }
      for (CibElement nv : s.elements("nvpair")) {
        CibElement p = Rules.resolve(nv, ids);
        String name = p.attributeOrNull("name");
        String value = p.attributeOrNull("value");
        if (name != null && value != null) {
          into.putIfAbsent(name, value);
        }
      }
    }
  }

  private void unpackConfig() {
    nvsets(section("crm_config"), "cluster_property_set", config, null);
    CibElement rd = section("rsc_defaults");
    nvsets(rd, "meta_attributes", rscDefaults, null);
    CibElement od = section("op_defaults");
    nvsets(od, "meta_attributes", opDefaults, null);
    stonithEnabled = CibBooleans.isTrue(config.getOrDefault("stonith-enabled", "true"));
    symmetric = CibBooleans.isTrue(config.getOrDefault("symmetric-cluster", "true"));
    noQuorumPolicy = config.getOrDefault("no-quorum-policy", "stop");
    placementStrategy = config.getOrDefault("placement-strategy", "default");
    stopAll = CibBooleans.isTrue(config.getOrDefault("stop-all-resources", "false"));
    maintenanceMode = CibBooleans.isTrue(config.getOrDefault("maintenance-mode", "false"));
    startFailureIsFatal = CibBooleans.isTrue(config.getOrDefault("start-failure-is-fatal", "true"));
    stopOrphans = CibBooleans.isTrue(config.getOrDefault("stop-orphan-resources", "true"));
    haveQuorum = CibBooleans.isTrue(root.attribute("have-quorum", "false"));
  }

  private void unpackNodes() {
    int i = 0;
    for (CibElement n : section("nodes").elements("node")) {
      String id = n.attribute("id", n.attribute("uname", ""));
      String uname = n.attribute("uname", id);
      Node node = new Node(id, uname, i++);
      node.attrs.put("#uname", uname);
      node.attrs.put("#id", id);
      node.attrs.put("#kind", "cluster");
      boolean startupFencing = CibBooleans.isTrue(config.getOrDefault("startup-fencing", "true"));
      node.unclean = startupFencing;
      nodes.add(node);
      nodesByUname.put(uname, node);
      nodesById.put(id, node);
    }
    String dc = root.attributeOrNull("dc-uuid");
    for (Node n : nodes) {
      n.attrs.put("#is_dc", String.valueOf(n.id.equals(dc)));
      Map<String, String> a = new HashMap<>();
      CibElement ne = section("nodes").elements("node").get(n.index);
      nvsets(ne, "instance_attributes", a, n.attrs);
      for (Map.Entry<String, String> e : a.entrySet()) {
        n.attrs.putIfAbsent(e.getKey(), e.getValue());
      }
      Map<String, String> u = new HashMap<>();
      nvsets(ne, "utilization", u, n.attrs);
      u.forEach((k, v) -> n.capacity.put(k, Scores.parse(v)));
    }
  }

  // ---------------------------------------------------------------- resources

  private void unpackResources() {
    for (CibElement e : section("resources").elements()) {
      Rsc r = unpackResource(e, null);
      if (r != null) {
        resources.add(r);
      }
    }
  }

  private Rsc unpackResource(CibElement e, Rsc parent) {
    switch (e.name()) {
      case "primitive": {
        Rsc r = new Rsc(e.attribute("id", "?"), Kind.PRIMITIVE);
        r.xml = e;
        CibElement def = e;
        String tmpl = e.attributeOrNull("template");
        if (tmpl != null && ids.containsKey(tmpl)) {
          def = ids.get(tmpl);
        }
        r.cls = e.attribute("class", def.attribute("class", ""));
        r.provider = e.attributeOrNull("provider") != null ? e.attributeOrNull("provider") : def.attributeOrNull("provider");
        r.type = e.attribute("type", def.attribute("type", ""));
        r.parent = parent;
        meta(r, e);
        if (def != e) {
          nvsets(def, "meta_attributes", r.meta, null);
        }
        inherit(r, parent);
        register(r);
        if (r.isStonith()) {
          haveStonithResource = true;
        }
        return r;
      }
      case "group": {
        Rsc g = new Rsc(e.attribute("id", "?"), Kind.GROUP);
        g.xml = e;
        g.parent = parent;
        meta(g, e);
        inherit(g, parent);
        register(g);
        for (CibElement c : e.elements("primitive")) {
          Rsc child = unpackResource(c, g);
          g.children.add(child);
        }
        g.ordered = CibBooleans.isTrue(g.meta.getOrDefault("ordered", "true"));
        g.colocated = CibBooleans.isTrue(g.meta.getOrDefault("collocated", "true"));
        return g.children.isEmpty() ? null : g;
      }
      case "clone":
      case "master": {
        Rsc c = new Rsc(e.attribute("id", "?"), Kind.CLONE);
        c.xml = e;
        c.parent = parent;
        meta(c, e);
        register(c);
        c.promotable = e.name().equals("master")
            || CibBooleans.isTrue(c.meta.getOrDefault("promotable", "false"));
        c.unique = CibBooleans.isTrue(c.meta.getOrDefault("globally-unique", "false"));
        c.interleave = CibBooleans.isTrue(c.meta.getOrDefault("interleave", "false"));
        c.ordered = CibBooleans.isTrue(c.meta.getOrDefault("ordered", "false"));
        int nodeCount = nodes.size();
        c.cloneMax = intMeta(c, "clone-max", nodeCount);
        c.cloneNodeMax = intMeta(c, "clone-node-max", 1);
        c.promotedMax = intMeta(c, c.meta.containsKey("promoted-max") ? "promoted-max" : "master-max", 1);
        c.promotedNodeMax = intMeta(c, c.meta.containsKey("promoted-node-max") ? "promoted-node-max" : "master-node-max", 1);
        CibElement child = null;
        for (CibElement x : e.elements()) {
          if (x.name().equals("primitive") || x.name().equals("group")) {
            child = x;
            break;
          }
        }
        if (child == null) {
          return null;
        }
        for (int i = 0; i < c.cloneMax; i++) {
          Rsc inst = instantiate(child, c, i);
          c.children.add(inst);
        }
        return c;
      }
      default:
        return null;
    }
  }

  private Rsc instantiate(CibElement child, Rsc clone, int i) {
    Rsc r = unpackResourceInstance(child, clone, i);
    return r;
  }

  private Rsc unpackResourceInstance(CibElement e, Rsc parent, int i) {
    String base = e.attribute("id", "?");
    if (e.name().equals("primitive")) {
      Rsc r = new Rsc(base + ":" + i, Kind.PRIMITIVE);
      r.historyId = base;
      r.instance = i;
      r.xml = e;
      r.cls = e.attribute("class", "");
      r.provider = e.attributeOrNull("provider");
      r.type = e.attribute("type", "");
      r.parent = parent;
      meta(r, e);
      inherit(r, parent);
      r.unique = parent.top().unique;
      register(r);
      if (r.isStonith()) {
        haveStonithResource = true;
      }
      return r;
    }
    Rsc g = new Rsc(base + ":" + i, Kind.GROUP);
    g.instance = i;
    g.historyId = base;
    g.xml = e;
    g.parent = parent;
    meta(g, e);
    inherit(g, parent);
    register(g);
    for (CibElement c : e.elements("primitive")) {
      Rsc child = new Rsc(c.attribute("id", "?") + ":" + i, Kind.PRIMITIVE);
      child.historyId = c.attribute("id", "?");
      child.instance = i;
      child.xml = c;
      child.cls = c.attribute("class", "");
      child.provider = c.attributeOrNull("provider");
      child.type = c.attribute("type", "");
      child.parent = g;
      meta(child, c);
      inherit(child, g);
      child.unique = parent.top().unique;
      register(child);
      if (child.isStonith()) {
        haveStonithResource = true;
      }
      g.children.add(child);
    }
    g.ordered = CibBooleans.isTrue(g.meta.getOrDefault("ordered", "true"));
    return g;
  }

  private int intMeta(Rsc r, String key, int dflt) {
    String v = r.meta.get(key);
    if (v == null) {
      return dflt;
    }
    try {
      return Integer.parseInt(v.strip());
    } catch (NumberFormatException ex) {
      return dflt;
    }
  }

  private void register(Rsc r) {
    rscById.put(r.id, r);
  }

  private void meta(Rsc r, CibElement e) {
    nvsets(e, "meta_attributes", r.meta, null);
  }

  private void inherit(Rsc r, Rsc parent) {
    if (parent != null) {
      parent.meta.forEach(r.meta::putIfAbsent);
    }
    Map<String, String> ctx = new HashMap<>();
    ctx.put("#rsc-class", r.cls == null ? "" : r.cls);
    ctx.put("#rsc-provider", r.provider == null ? "" : r.provider);
    ctx.put("#rsc-type", r.type == null ? "" : r.type);
    Map<String, String> defaults = new HashMap<>();
    nvsets(section("rsc_defaults"), "meta_attributes", defaults, ctx);
    Map<String, String> m = new HashMap<>(defaults);
    m.putAll(r.meta);
    String stick = m.get("resource-stickiness");
    if (stick == null) {
      stick = config.get("default-resource-stickiness");
    }
    r.stickiness = stick == null ? 0 : Scores.parse(stick);
    r.priority = Scores.parse(m.getOrDefault("priority", "0"));
    String mt = m.get("migration-threshold");
    r.migrationThreshold = mt == null ? INFINITY : Scores.parse(mt);
    String ft = m.get("failure-timeout");
    if (ft != null) {
      r.failureTimeoutSec = CibDurations.parseInterval(ft).map(Duration::getSeconds).orElse(0L);
    }
    String managed = m.get("is-managed");
    if (managed == null) {
      managed = config.getOrDefault("is-managed-default", "true");
    }
    r.managed = CibBooleans.isTrue(managed) && !maintenanceMode
        && !CibBooleans.isTrue(m.getOrDefault("maintenance", "false"));
    r.critical = CibBooleans.isTrue(m.getOrDefault("critical", "true"));
    String tr = m.get("target-role");
    if (tr != null) {
      Role role = parseRole(tr);
      if (role == Role.STOPPED) {
        r.nextRole = Role.STOPPED;
      } else if (role == Role.UNPROMOTED) {
        r.meta.put("#max-role", "Unpromoted");
      }
    }
    for (String k : List.of("resource-stickiness", "migration-threshold", "failure-timeout",
        "priority", "is-managed", "target-role", "critical", "multiple-active",
        "allow-migrate", "requires")) {
      if (m.containsKey(k)) {
        r.meta.putIfAbsent(k, m.get(k));
      }
    }
  }

  static Role parseRole(String s) {
    if (s == null) {
      return Role.UNKNOWN;
    }
    return switch (s.strip().toLowerCase()) {
      case "stopped" -> Role.STOPPED;
      case "started" -> Role.STARTED;
      case "slave", "unpromoted" -> Role.UNPROMOTED;
      case "master", "promoted" -> Role.PROMOTED;
      default -> Role.UNKNOWN;
    };
  }

  // ---------------------------------------------------------------- status

  private void unpackStatus() {
    CibElement status = root.firstElement("status").orElse(CibElement.of("status"));
    // transient attributes first
    for (CibElement ns : status.elements("node_state")) {
      Node n = nodeFor(ns);
      if (n == null) {
        continue;
      }
      for (CibElement ta : ns.elements("transient_attributes")) {
        Map<String, String> a = new HashMap<>();
        nvsets(ta, "instance_attributes", a, n.attrs);
        a.forEach(n.attrs::put);
      }
    }
    for (Node n : nodes) {
      n.standby = CibBooleans.isTrue(n.attrs.getOrDefault("standby", "false"));
      n.maintenance = CibBooleans.isTrue(n.attrs.getOrDefault("maintenance", "false"));
      String sd = n.attrs.get("shutdown");
      n.shutdown = sd != null && !sd.equals("0") && !sd.isEmpty();
    }
    for (CibElement ns : status.elements("node_state")) {
      Node n = nodeFor(ns);
      if (n == null) {
        continue;
      }
      n.unclean = false;
      n.unseen = false;
      n.expectedUp = "member".equals(ns.attributeOrNull("expected"));
      n.online = stonithEnabled ? onlineFencing(ns, n) : onlineNoFencing(ns, n);
    }
    for (Node n : nodes) {
      if (n.unseen && n.unclean) {
        n.fenceReason = "node is unclean";
      }
    }
    for (CibElement ns : status.elements("node_state")) {
      Node n = nodeFor(ns);
      if (n == null) {
        continue;
      }
      if (!n.online && !stonithEnabled) {
        continue;
      }
      if (!n.online && !n.unclean && !stonithEnabled) {
        continue;
      }
      for (CibElement lrm : ns.elements("lrm")) {
        for (CibElement lr : lrm.firstElement("lrm_resources").map(CibElement::elements).orElse(List.of())) {
          unpackLrmResource(n, lr);
        }
      }
    }
    for (Rsc r : rscById.values()) {
      if (r.kind == Kind.PRIMITIVE && !r.runningOn.isEmpty()) {
        r.role = r.role == Role.STOPPED || r.role == Role.UNKNOWN ? Role.STARTED : r.role;
        if (r.role == Role.STARTED && r.top().promotable) {
          r.role = Role.UNPROMOTED;
        }
      }
    }
  }

  private Node nodeFor(CibElement ns) {
    Node n = nodesById.get(ns.attribute("id", ""));
    if (n == null) {
      n = nodesByUname.get(ns.attribute("uname", ""));
    }
    return n;
  }

  private static boolean truthy(String v) {
    if (v == null) {
      return false;
    }
    if (CibBooleans.isTrue(v)) {
      return true;
    }
    try {
      return Long.parseLong(v.strip()) > 0;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private void fence(Node n, String reason) {
    if (!n.unclean) {
      n.unclean = true;
      n.fenceReason = reason;
    }
  }

  private boolean onlineFencing(CibElement ns, Node n) {
    String join = ns.attributeOrNull("join");
    String crmd = ns.attributeOrNull("crmd");
    String inCcm = ns.attributeOrNull("in_ccm");
    String exp = ns.attribute("expected", "down");
    String terminate = n.attrs.get("terminate");
    boolean doTerminate = truthy(terminate);
    boolean member = truthy(inCcm);
    boolean crmdOnline = "online".equalsIgnoreCase(crmd) || (crmd != null && truthy(crmd));
    boolean online = member;
    if (n.shutdown) {
      online = crmdOnline;
    } else if (inCcm == null) {
      fence(n, "peer has not been seen by the cluster");
    } else if ("banned".equalsIgnoreCase(join) || "nack".equalsIgnoreCase(join)) {
      fence(n, "peer failed Pacemaker membership criteria");
    } else if (!doTerminate && "down".equalsIgnoreCase(exp)) {
      if (member || crmdOnline) {
        n.standby = true;
        n.pending = true;
      }
    } else if (doTerminate && "down".equalsIgnoreCase(join) && !member && !crmdOnline) {
      online = false;
    } else if (!member) {
      fence(n, "peer is no longer part of the cluster");
    } else if (!crmdOnline) {
      fence(n, "peer process is no longer available");
    } else if (doTerminate) {
      fence(n, "termination was requested");
    } else if ("member".equalsIgnoreCase(join)) {
      // active
    } else if ("pending".equalsIgnoreCase(join) || "down".equalsIgnoreCase(join)) {
      n.standby = true;
      n.pending = true;
    } else {
      fence(n, "peer was in an unknown state");
    }
    return online;
  }

  private boolean onlineNoFencing(CibElement ns, Node n) {
    String join = ns.attributeOrNull("join");
    String crmd = ns.attributeOrNull("crmd");
    boolean member = truthy(ns.attributeOrNull("in_ccm"));
    boolean crmdOnline = "online".equalsIgnoreCase(crmd) || (crmd != null && truthy(crmd));
    if (!member) {
      return false;
    }
    if (crmdOnline) {
      return "member".equalsIgnoreCase(join);
    }
    if (n.expectedUp) {
      fence(n, "peer is unexpectedly down");
    }
    return false;
  }

  private Rsc findForHistory(String id, Node node, CibElement lr) {
    Rsc r = rscById.get(id);
    if (r != null && r.kind == Kind.PRIMITIVE && (r.parent == null || r.parent.kind != Kind.CLONE
        || r.top().unique)) {
      return r;
    }
    // clone instances
    String base = id.contains(":") ? id.substring(0, id.lastIndexOf(':')) : id;
    Rsc clone = null;
    for (Rsc c : rscById.values()) {
      if (c.kind == Kind.PRIMITIVE && c.historyId != null && c.historyId.equals(base)) {
        clone = c.top();
        break;
      }
    }
    if (clone == null) {
      return null;
    }
    List<Rsc> insts = new ArrayList<>();
    for (Rsc p : clone.primitives()) {
      if (p.historyId.equals(base)) {
        insts.add(p);
      }
    }
    if (clone.unique) {
      for (Rsc p : insts) {
        if (p.id.equals(id)) {
          return p;
        }
      }
      return null;
    }
    // anonymous: reuse an instance already active on this node (per instance group), else the
    // requested instance number if free, else the first instance not yet active anywhere
    for (Rsc p : insts) {
      if (p.runningOn.contains(node) || p.pendingTask.containsKey(node)) {
        return p;
      }
    }
    for (Rsc p : insts) {
      if (!instanceBusy(p) && (p.parent.kind != Kind.GROUP || !groupInstanceElsewhere(p.parent, node))) {
        return p;
      }
    }
    return null;
  }

  private final Map<Rsc, Node> instanceNode = new HashMap<>();

  private boolean instanceBusy(Rsc p) {
    return instanceNode.containsKey(p);
  }

  private boolean groupInstanceElsewhere(Rsc g, Node node) {
    for (Rsc c : g.children) {
      Node o = instanceNode.get(c);
      if (o != null && o != node) {
        return true;
      }
    }
    return false;
  }

  private void unpackLrmResource(Node node, CibElement lr) {
    String id = lr.attribute("id", "");
    List<CibElement> ops = new ArrayList<>(lr.elements("lrm_rsc_op"));
    if (ops.isEmpty()) {
      return;
    }
    Rsc r = findForHistory(id, node, lr);
    if (r == null) {
      r = rscById.get(id + "#orphan");
      if (r == null) {
        r = new Rsc(id, Kind.PRIMITIVE);
        r.orphan = true;
        r.cls = lr.attribute("class", "");
        r.provider = lr.attributeOrNull("provider");
        r.type = lr.attribute("type", "");
        r.nextRole = Role.STOPPED;
        r.managed = !maintenanceMode && stopOrphans;
        r.xml = lr;
        rscById.put(id + "#orphan", r);
        resources.add(r);
      }
    }
    ops.sort(Comparator.comparingLong(Engine::callId));
    Role role = Role.UNKNOWN;
    OnFail onFail = OnFail.IGNORE;
    for (CibElement op : ops) {
      String task = op.attribute("operation", "");
      int rc = parseInt(op.attributeOrNull("rc-code"), 0);
      if (rc == 190) {
        rc = 0;
      } else if (rc == 191) {
        rc = 8;
      }
      int status = parseInt(op.attributeOrNull("op-status"), 0);
      long interval = parseInt(op.attributeOrNull("interval"), 0);
      boolean probe = task.equals("monitor") && interval == 0;
      if (status == 1 || task.equals("notify") || task.equals("meta-data")) {
        continue;
      }
      int target = targetRc(op);
      if (status == -1 || "-1".equals(op.attributeOrNull("call-id"))) {
        switch (task) {
          case "start", "migrate_from" -> role = Role.STARTED;
          case "promote" -> role = Role.PROMOTED;
          case "demote" -> role = Role.UNPROMOTED;
          case "stop" -> role = role == Role.UNKNOWN ? Role.STARTED : role;
          default -> { }
        }
        r.pendingTask.put(node, task);
        continue;
      }
      boolean ok;
      boolean error = status != 0 && status != 4;
      if (!error) {
        if (rc == target) {
          ok = true;
        } else if (rc == 7 && (probe || !r.managed)) {
          ok = true;
        } else if (probe && (rc == 0 || rc == 8)) {
          ok = true;
        } else {
          ok = false;
        }
      } else {
        ok = false;
      }
      if (!ok && !probe && configuredOnFail(r, task, interval) == OnFail.IGNORE) {
        ok = true;
        r.failureIgnored = true;
        rc = target;
      }
      if (ok) {
        if (rc == 7) {
          role = Role.STOPPED;
          onFail = OnFail.IGNORE;
          continue;
        }
        switch (task) {
          case "start", "migrate_from" -> {
            lastStart.put(r.id + "|" + node.uname, op);
            role = Role.STARTED;
            onFail = clearPast(onFail);
          }
          case "stop" -> {
            role = Role.STOPPED;
            onFail = clearPast(onFail);
          }
          case "promote" -> {
            role = Role.PROMOTED;
            onFail = clearPast(onFail);
          }
          case "demote" -> role = Role.UNPROMOTED;
          case "migrate_to" -> role = Role.STARTED;
          case "monitor" -> {
            if (probe && (rc == 0 || rc == 8)) {
              lastStart.put(r.id + "|" + node.uname, op);
            }
            if (rc == 8) {
              role = Role.PROMOTED;
            } else if (role.ordinal() < Role.STARTED.ordinal()) {
              role = r.top().promotable ? Role.UNPROMOTED : Role.STARTED;
            }
          }
          default -> {
            if (role.ordinal() < Role.STARTED.ordinal()) {
              role = Role.STARTED;
            }
          }
        }
        continue;
      }
      // failure
      if (!task.equals("stop") && r.failureTimeoutSec > 0) {
        long when = parseInt(op.attributeOrNull("last-rc-change"), 0);
        if (when > 0 && now != null && when + r.failureTimeoutSec <= now.getEpochSecond()) {
          continue;
        }
      }
      OnFail f = configuredOnFail(r, task, interval);
      if (f == OnFail.IGNORE) {
        r.failureIgnored = true;
      }
      if (f.ordinal() > onFail.ordinal()) {
        onFail = f;
      }
      boolean hard = rc >= 2 && rc <= 5 && (status == 0 || status == 4) && !(rc == 3 && interval > 0);
      if (hard) {
        r.allowed.put(node, -INFINITY);
        banLater.add(new Object[] {r, node});
      } else if (rc == 6) {
        banAll.add(r);
      }
      if (task.equals("stop")) {
        role = Role.STARTED;
      } else if (task.equals("promote")) {
        role = Role.PROMOTED;
      } else if (task.equals("demote")) {
        role = f == OnFail.BLOCK ? Role.PROMOTED : Role.UNPROMOTED;
      } else if (probe && rc == 5) {
        role = Role.STOPPED;
      } else if (rc == 8) {
        role = Role.PROMOTED;
      } else if (role.ordinal() < Role.STARTED.ordinal()) {
        role = Role.STARTED;
      }
      if (task.equals("start")) {
        r.startFailedAnywhere = true;
      }
    }
    if (role == Role.UNKNOWN) {
      role = Role.STOPPED;
    }
    if (role.ordinal() > Role.STOPPED.ordinal()) {
      if (node.maintenance) {
        r.managed = false;
      }
      r.runningOn.add(node);
      node.running.add(r);
      instanceNode.put(r, node);
      if (role.ordinal() > r.role.ordinal()) {
        r.role = role;
      }
      if (!node.online && !node.maintenance && r.managed && !node.unclean && stonithEnabled) {
        fence(node, r.id + " is thought to be active there");
      }
      if (node.unclean) {
        onFail = OnFail.IGNORE;
      }
      switch (onFail) {
        case RECOVER -> {
          r.failed = true;
          r.stopFlag = true;
        }
        case BLOCK -> {
          r.managed = false;
          r.blocked = true;
          r.failed = true;
        }
        case FENCE -> {
          fence(node, r.id + " failed there");
          r.failed = true;
        }
        case STOP -> {
          r.nextRole = Role.STOPPED;
          r.failed = true;
        }
        case DEMOTE -> r.noPromote = true;
        case STANDBY -> {
          node.standby = true;
          r.failed = true;
        }
        case MIGRATE -> {
          banLater.add(new Object[] {r, node});
          r.failed = true;
        }
        default -> { }
      }
    } else if (onFail == OnFail.FENCE) {
      fence(node, r.id + " failed there");
    }
  }

  final List<Object[]> banLater = new ArrayList<>();
  final List<Rsc> banAll = new ArrayList<>();

  private static OnFail clearPast(OnFail f) {
    return switch (f) {
      case STOP, FENCE, MIGRATE, STANDBY -> f;
      default -> OnFail.IGNORE;
    };
  }

  private OnFail configuredOnFail(Rsc r, String task, long intervalMs) {
    String v = null;
    if (r.xml != null && r.xml.name().equals("primitive")) {
      for (CibElement op : r.xml.firstElement("operations").map(CibElement::elements).orElse(List.of())) {
        if (task.equals(op.attributeOrNull("name"))) {
          long iv = CibDurations.parseInterval(op.attribute("interval", "0")).map(Duration::toMillis).orElse(0L);
          if (iv == intervalMs && op.hasAttribute("on-fail")) {
            v = op.attributeOrNull("on-fail");
          }
        }
      }
    }
    if (v == null) {
      v = opDefaults.get("on-fail");
    }
    if (v == null) {
      if (task.equals("stop")) {
        return stonithEnabled ? OnFail.FENCE : OnFail.BLOCK;
      }
      return OnFail.RECOVER;
    }
    return switch (v) {
      case "ignore" -> OnFail.IGNORE;
      case "block" -> OnFail.BLOCK;
      case "stop" -> OnFail.STOP;
      case "standby" -> OnFail.STANDBY;
      case "fence" -> stonithEnabled ? OnFail.FENCE : OnFail.BLOCK;
      case "demote" -> OnFail.DEMOTE;
      default -> OnFail.RECOVER;
    };
  }

  static long callId(CibElement op) {
    long c = parseInt(op.attributeOrNull("call-id"), -1);
    return c < 0 ? Long.MAX_VALUE : c;
  }

  static int targetRc(CibElement op) {
    String key = op.attributeOrNull("transition-key");
    if (key == null) {
      String magic = op.attributeOrNull("transition-magic");
      if (magic != null && magic.contains(";")) {
        key = magic.substring(magic.indexOf(';') + 1);
      }
    }
    if (key != null) {
      String[] p = key.split(":");
      if (p.length >= 4) {
        return parseInt(p[2], 0);
      }
    }
    return 0;
  }

  static int parseInt(String s, int dflt) {
    if (s == null) {
      return dflt;
    }
    try {
      return Integer.parseInt(s.strip());
    } catch (NumberFormatException e) {
      return dflt;
    }
  }

  // ---------------------------------------------------------------- locations

  void location(Rsc r, Node n, int score) {
    if (r.kind != Kind.PRIMITIVE) {
      for (Rsc c : r.children) {
        location(c, n, score);
      }
      return;
    }
    if (n == null) {
      for (Node x : nodes) {
        r.allowed.merge(x, score, Scores::add);
      }
    } else {
      Integer old = r.allowed.get(n);
      r.allowed.put(n, old == null ? score : Scores.add(old, score));
    }
  }

  private void applyLocations() {
    for (Rsc r : rscById.values()) {
      if (r.kind != Kind.PRIMITIVE) {
        continue;
      }
      Map<Node, Integer> pre = r.allowed;
      r.allowed = new LinkedHashMap<>();
      if (symmetric) {
        for (Node n : nodes) {
          r.allowed.put(n, 0);
        }
      }
      for (Map.Entry<Node, Integer> e : pre.entrySet()) {
        r.allowed.put(e.getKey(), e.getValue());
      }
    }
    for (Rsc r : rscById.values()) {
      if (r.kind == Kind.PRIMITIVE && r.nextRole == Role.STOPPED) {
        // handled at assignment
      }
    }
    for (CibElement c : section("constraints").elements("rsc_location")) {
      unpackLocation(c);
    }
    tickets();
    health();
    if (!haveQuorum && noQuorumPolicy.equals("demote")) {
      for (Rsc r : rscById.values()) {
        if (r.kind == Kind.PRIMITIVE && r.top().promotable) {
          r.noPromote = true;
        }
      }
    }
    for (Rsc r : rscById.values()) {
      if (r.kind != Kind.PRIMITIVE || r.runningOn.size() < 2 || (r.parent != null && r.parent.kind == Kind.CLONE)) {
        continue;
      }
      String ma = r.meta.getOrDefault("multiple-active", "stop_start");
      if (ma.equals("block")) {
        r.managed = false;
        r.blocked = true;
      } else if (ma.equals("stop_only")) {
        r.nextRole = Role.STOPPED;
      }
    }
    // stickiness
    for (Rsc r : rscById.values()) {
      if (r.kind != Kind.PRIMITIVE || !r.managed || r.stickiness < 1 || r.runningOn.size() != 1) {
        continue;
      }
      Node n = r.runningOn.get(0);
      if (!symmetric && !r.allowed.containsKey(n)) {
        continue;
      }
      location(r, n, r.stickiness);
    }
    // failures
    for (Rsc r : rscById.values()) {
      if (r.kind != Kind.PRIMITIVE || r.migrationThreshold == 0 || r.failureIgnored) {
        continue;
      }
      for (Node n : nodes) {
        int fc = failCount(r, n);
        if (fc <= 0) {
          continue;
        }
        int countdown = Math.max(r.migrationThreshold - fc, 0);
        if (countdown == 0) {
          Rsc failed = r.unique ? r : r.top();
          location(failed, n, -INFINITY);
        }
      }
    }
    for (Object[] b : banLater) {
      location((Rsc) b[0], (Node) b[1], -INFINITY);
    }
    for (Rsc r : banAll) {
      location(r, null, -INFINITY);
    }
  }

  int failCount(Rsc r, Node n) {
    String base = r.historyId != null ? r.historyId : r.id;
    if (r.orphan) {
      base = r.id;
    }
    List<String> names = new ArrayList<>();
    names.add(base);
    if (r.top().unique && r.instance >= 0) {
      names.set(0, r.id);
    }
    int total = 0;
    long lastFailure = 0;
    for (Map.Entry<String, String> e : n.attrs.entrySet()) {
      String k = e.getKey();
      for (String nm : names) {
        if (k.equals("fail-count-" + nm) || k.startsWith("fail-count-" + nm + "#")) {
          total = Scores.add(total, Scores.parse(e.getValue()));
        }
        if (k.equals("last-failure-" + nm) || k.startsWith("last-failure-" + nm + "#")) {
          lastFailure = Math.max(lastFailure, parseLong(e.getValue()));
        }
      }
    }
    if (total > 0 && r.failureTimeoutSec > 0 && lastFailure > 0 && now != null
        && lastFailure + r.failureTimeoutSec <= now.getEpochSecond()) {
      return 0;
    }
    return total;
  }

  static long parseLong(String s) {
    try {
      return Long.parseLong(s.strip());
    } catch (RuntimeException e) {
      return 0;
    }
  }

  private List<Rsc> resolveRscRef(String id) {
    List<Rsc> out = new ArrayList<>();
    if (id == null) {
      return out;
    }
    Rsc r = rscById.get(id);
    if (r != null) {
      out.add(r);
      return out;
    }
    CibElement e = ids.get(id);
    if (e != null && e.name().equals("tag")) {
      for (CibElement ref : e.elements("obj_ref")) {
        out.addAll(resolveRscRef(ref.attributeOrNull("id")));
      }
    } else if (e != null && e.name().equals("template")) {
      for (Rsc p : rscById.values()) {
        if (p.kind == Kind.PRIMITIVE && p.xml != null && id.equals(p.xml.attributeOrNull("template"))) {
          out.add(p.parent != null && p.parent.kind == Kind.CLONE ? p.parent : p);
        }
      }
    }
    return out;
  }

  private void unpackLocation(CibElement c) {
    List<Rsc> targets = new ArrayList<>();
    String rid = c.attributeOrNull("rsc");
    String pattern = c.attributeOrNull("rsc-pattern");
    if (rid != null) {
      targets.addAll(resolveRscRef(rid));
    } else if (pattern != null) {
      Pattern p = Pattern.compile(pattern);
      for (Rsc r : resources) {
        if (p.matcher(r.id).find()) {
          targets.add(r);
        }
      }
    }
    for (CibElement set : c.elements("resource_set")) {
      for (CibElement ref : set.elements("resource_ref")) {
        targets.addAll(resolveRscRef(ref.attributeOrNull("id")));
      }
    }
    String role = c.attributeOrNull("role");
    Role rl = parseRole(role);
    if (rl == Role.PROMOTED || rl == Role.UNPROMOTED) {
      for (Rsc r : targets) {
        roleLocations.add(new Object[] {r, c, rl});
      }
      return;
    }
    for (Rsc r : targets) {
      applyLocation(r, c);
    }
  }

  final List<Object[]> roleLocations = new ArrayList<>();

  private void health() {
    String strategy = config.getOrDefault("node-health-strategy", "none");
    if (strategy.equals("none")) {
      return;
    }
    int red;
    int yellow;
    int green;
    switch (strategy) {
      case "migrate-on-red" -> {
        red = -INFINITY;
        yellow = 0;
        green = 0;
      }
      case "only-green" -> {
        red = -INFINITY;
        yellow = -INFINITY;
        green = 0;
      }
      default -> {
        red = Scores.parse(config.getOrDefault("node-health-red", "0"));
        yellow = Scores.parse(config.getOrDefault("node-health-yellow", "0"));
        green = Scores.parse(config.getOrDefault("node-health-green", "0"));
      }
    }
    for (Node n : nodes) {
      int sum = 0;
      for (Map.Entry<String, String> e : n.attrs.entrySet()) {
        if (!e.getKey().startsWith("#health")) {
          continue;
        }
        String v = e.getValue().strip().toLowerCase();
        int sc = switch (v) {
          case "red" -> red;
          case "yellow" -> yellow;
          case "green" -> green;
          default -> Scores.parse(v);
        };
        sum = Scores.add(sum, sc);
      }
      if (sum != 0) {
        for (Rsc r : rscById.values()) {
          if (r.kind == Kind.PRIMITIVE) {
            location(r, n, sum);
          }
        }
      }
    }
  }

  private void tickets() {
    Map<String, CibElement> states = new HashMap<>();
    CibElement status = root.firstElement("status").orElse(CibElement.of("status"));
    for (CibElement t : status.elements("tickets")) {
      for (CibElement st : t.elements("ticket_state")) {
        states.put(st.attribute("id", ""), st);
      }
    }
    for (CibElement c : section("constraints").elements("rsc_ticket")) {
      String ticket = c.attribute("ticket", "");
      CibElement st = states.get(ticket);
      boolean granted = st != null && CibBooleans.isTrue(st.attribute("granted", "false"));
      boolean standby = st != null && CibBooleans.isTrue(st.attribute("standby", "false"));
      String policy = c.attribute("loss-policy", "stop");
      List<Object[]> targets = new ArrayList<>();
      String rid = c.attributeOrNull("rsc");
      if (rid != null) {
        for (Rsc r : resolveRscRef(rid)) {
          targets.add(new Object[] {r, parseRole(c.attributeOrNull("rsc-role"))});
        }
      }
      for (CibElement set : c.elements("resource_set")) {
        Role role = parseRole(set.attributeOrNull("role"));
        for (CibElement ref : set.elements("resource_ref")) {
          for (Rsc r : resolveRscRef(ref.attributeOrNull("id"))) {
            targets.add(new Object[] {r, role});
          }
        }
      }
      for (Object[] t : targets) {
        for (Rsc p : ((Rsc) t[0]).primitives()) {
          ticketOn(p, (Role) t[1], granted, standby, policy);
        }
      }
    }
  }

  private void ticketOn(Rsc r, Role role, boolean granted, boolean standby, String policy) {
    boolean promotedOnly = role == Role.PROMOTED;
    if ((!granted || standby) && promotedOnly) {
      r.noPromote = true;
    }
    boolean roleMatches = role == Role.UNKNOWN || role == r.role
        || (role == Role.STARTED && r.role.ordinal() >= Role.STARTED.ordinal());
    if (!granted && !r.runningOn.isEmpty()) {
      switch (policy) {
        case "demote" -> {
          if (!promotedOnly) {
            location(r, null, -INFINITY);
          }
        }
        case "fence" -> {
          if (roleMatches) {
            location(r, null, -INFINITY);
            for (Node n : r.runningOn) {
              fence(n, "deadman ticket was lost");
            }
          }
        }
        case "freeze" -> {
          if (roleMatches) {
            r.managed = false;
            r.blocked = true;
          }
        }
        default -> location(r, null, -INFINITY);
      }
    } else if (!granted || standby) {
      if (!promotedOnly || policy.equals("stop")) {
        location(r, null, -INFINITY);
      }
    }
  }

  void applyLocation(Rsc r, CibElement c) {
    String node = c.attributeOrNull("node");
    if (node != null) {
      Node n = nodesByUname.get(node);
      if (n == null) {
        return;
      }
      location(r, n, Scores.parse(c.attributeOrNull("score")));
      return;
    }
    Map<String, String> extra = new HashMap<>();
    for (Rsc p : r.primitives().isEmpty() ? List.of(r) : r.primitives().subList(0, 1)) {
      if (p.xml != null) {
        Map<String, String> params = new HashMap<>();
        nvsets(p.xml, "instance_attributes", params, null);
        params.forEach((k, v) -> extra.put("#param:" + k, v));
      }
      p.meta.forEach((k, v) -> extra.put("#meta:" + k, v));
    }
    r.meta.forEach((k, v) -> extra.putIfAbsent("#meta:" + k, v));
    for (CibElement rule0 : c.elements("rule")) {
      CibElement rule = Rules.resolve(rule0, ids);
      Role ruleRole = parseRole(rule.attributeOrNull("role"));
      if (ruleRole == Role.PROMOTED || ruleRole == Role.UNPROMOTED) {
        roleLocations.add(new Object[] {r, CibElement.builder("rsc_location").child(rule).build(), ruleRole});
        continue;
      }
      for (Node n : nodes) {
        Map<String, String> attrs = n.attrs;
        if (!extra.isEmpty()) {
          attrs = new HashMap<>(n.attrs);
          attrs.putAll(extra);
        }
        if (Rules.eval(rule, attrs, now, ids)) {
          location(r, n, Rules.score(rule, attrs));
        }
      }
    }
  }

  // ---------------------------------------------------------------- colocation

  private void unpackColocations() {
    for (CibElement c : section("constraints").elements("rsc_colocation")) {
      String id = c.attribute("id", "");
      int score = Scores.parse(c.attributeOrNull("score"));
      List<CibElement> sets = c.elements("resource_set");
      String attr = c.attributeOrNull("node-attribute");
      if (sets.isEmpty()) {
        List<Rsc> dep = resolveRscRef(c.attributeOrNull("rsc"));
        List<Rsc> pri = resolveRscRef(c.attributeOrNull("with-rsc"));
        for (Rsc d : dep) {
          for (Rsc p : pri) {
            addColoc(id, d, p, score, parseRole(c.attributeOrNull("rsc-role")),
                parseRole(c.attributeOrNull("with-rsc-role")), attr, c);
          }
        }
        continue;
      }
      // sets: within a sequential set each member is colocated with the previous; between
      // sets, every member of a set with the last? (use the first of the previous set)
      List<Rsc> prevSetMembers = null;
      for (CibElement set0 : sets) {
        CibElement set = Rules.resolve(set0, ids);
        List<Rsc> members = new ArrayList<>();
        for (CibElement ref : set.elements("resource_ref")) {
          members.addAll(resolveRscRef(ref.attributeOrNull("id")));
        }
        int sscore = set.hasAttribute("score") ? Scores.parse(set.attributeOrNull("score")) : score;
        Role role = parseRole(set.attributeOrNull("role"));
        boolean seq = CibBooleans.isTrue(set.attribute("sequential", "true"));
        if (seq) {
          for (int i = 1; i < members.size(); i++) {
            addColoc(id, members.get(i), members.get(i - 1), sscore, role, role, attr, c);
          }
        }
        if (prevSetMembers != null && !prevSetMembers.isEmpty() && !members.isEmpty()) {
          Rsc primary = members.get(members.size() - 1);
          for (Rsc d : prevSetMembers) {
            addColoc(id, d, primary, score, Role.UNKNOWN, role, attr, c);
          }
        }
        prevSetMembers = members;
        // previous set depends on this one: Pacemaker colocates earlier sets with later ones
        if (prevSetMembers.size() > 0 && seq) {
          prevSetMembers = List.of(members.get(0));
        }
      }
    }
    for (Rsc r : new ArrayList<>(rscById.values())) {
      String container = r.kind == Kind.PRIMITIVE ? r.meta.get("container") : null;
      Rsc c = container == null ? null : rscById.get(container);
      if (c != null && c != r) {
        addColoc("container:" + r.id, r, c, INFINITY, Role.UNKNOWN, Role.UNKNOWN, null, null);
        r.containerRsc = c;
        if (r.failed) {
          for (Rsc p : c.primitives()) {
            p.failed = true;
            p.stopFlag = true;
          }
        }
      }
    }
    for (Rsc g : rscById.values()) {
      if (g.kind == Kind.GROUP && g.colocated) {
        for (int i = 1; i < g.children.size(); i++) {
          Rsc ch = g.children.get(i);
          addColoc("group:internal_colocation", ch, g.children.get(i - 1), INFINITY, Role.UNKNOWN,
              Role.UNKNOWN, null, null);
        }
      }
    }
  }

  private void addColoc(String id, Rsc d, Rsc p, int score, Role dr, Role pr, String attr, CibElement c) {
    if (d == null || p == null || d == p || score == 0) {
      return;
    }
    boolean influence = c == null ? d.critical
        : CibBooleans.isTrue(c.attribute("influence", String.valueOf(d.critical)));
    Coloc col = new Coloc(id, d, p, score, dr, pr, attr, influence);
    Rsc dt = d;
    while (dt.kind == Kind.GROUP && !dt.children.isEmpty()) {
      dt = dt.children.get(0);
    }
    Rsc pt = p;
    while (pt.kind == Kind.GROUP && !pt.children.isEmpty()) {
      pt = pt.children.get(pt.children.size() - 1);
    }
    dt.thisWith.add(col);
    pt.withThis.add(col);
  }

  // ---------------------------------------------------------------- allocation

  private void allocate() {
    List<Rsc> order = new ArrayList<>(resources);
    List<Node> sortedNodes = new ArrayList<>(nodes);
    sortedNodes.sort((a, b) -> compareNodes(a, b, null, null));
    if (!placementStrategy.equals("default")) {
      order.sort((a, b) -> compareResources(a, b, sortedNodes));
    }
    for (Rsc r : order) {
      assign(r);
    }
  }

  private int compareResources(Rsc a, Rsc b, List<Node> sortedNodes) {
    if (a.priority != b.priority) {
      return a.priority > b.priority ? -1 : 1;
    }
    Map<Node, Integer> wa = summary(a);
    Map<Node, Integer> wb = summary(b);
    Node ca = currentOf(a);
    Node cb = currentOf(b);
    int ra = ca == null ? -INFINITY : wa.getOrDefault(ca, -INFINITY);
    int rb = cb == null ? -INFINITY : wb.getOrDefault(cb, -INFINITY);
    if (ra != rb) {
      return ra > rb ? -1 : 1;
    }
    for (Node n : sortedNodes) {
      int x = wa.getOrDefault(n, -INFINITY);
      int y = wb.getOrDefault(n, -INFINITY);
      if (x != y) {
        return x > y ? -1 : 1;
      }
    }
    return 0;
  }

  private Node currentOf(Rsc r) {
    for (Rsc p : r.primitives()) {
      if (!p.runningOn.isEmpty()) {
        return p.runningOn.get(0);
      }
    }
    return null;
  }

  private Map<Node, Integer> summary(Rsc r) {
    if (r.kind == Kind.PRIMITIVE) {
      return r.allowed;
    }
    List<Rsc> ps = r.primitives();
    return ps.isEmpty() ? Map.of() : ps.get(0).allowed;
  }

  int compareNodes(Node a, Node b, Map<Node, Integer> weights, Node active) {
    int wa = weights == null ? 0 : weights.getOrDefault(a, -INFINITY);
    int wb = weights == null ? 0 : weights.getOrDefault(b, -INFINITY);
    if (!a.canRun()) {
      wa = -INFINITY;
    }
    if (!b.canRun()) {
      wb = -INFINITY;
    }
    if (wa != wb) {
      return wa > wb ? -1 : 1;
    }
    if (!placementStrategy.equals("minimal")) {
      if (placementStrategy.equals("balanced")) {
        int c = compareCapacity(a, b);
        if (c != 0) {
          return c;
        }
      }
      if (a.numResources != b.numResources) {
        return a.numResources < b.numResources ? -1 : 1;
      }
      if (active != null && active == a) {
        return -1;
      }
      if (active != null && active == b) {
        return 1;
      }
    }
    return a.uname.compareTo(b.uname);
  }

  private int compareCapacity(Node a, Node b) {
    int r = 0;
    for (Map.Entry<String, Integer> e : a.capacity.entrySet()) {
      int x = e.getValue() - used(a, e.getKey());
      int y = b.capacity.getOrDefault(e.getKey(), 0) - used(b, e.getKey());
      if (x > y) {
        r--;
      } else if (x < y) {
        r++;
      }
    }
    for (Map.Entry<String, Integer> e : b.capacity.entrySet()) {
      if (!a.capacity.containsKey(e.getKey())) {
        int y = e.getValue() - used(b, e.getKey());
        if (0 > y) {
          r--;
        } else if (0 < y) {
          r++;
        }
      }
    }
    return Integer.signum(r);
  }

  final Map<Node, Map<String, Integer>> usedCapacity = new HashMap<>();

  private int used(Node n, String k) {
    return usedCapacity.getOrDefault(n, Map.of()).getOrDefault(k, 0);
  }

  Node assign(Rsc r) {
    if (r.kind == Kind.GROUP) {
      Node first = null;
      for (Rsc c : r.children) {
        Node n = assign(c);
        if (first == null) {
          first = n;
        }
      }
      return first;
    }
    if (r.kind == Kind.CLONE) {
      return assignClone(r);
    }
    if (!r.provisional) {
      return r.assigned;
    }
    if (r.allocating) {
      return null;
    }
    r.allocating = true;
    for (Coloc c : new ArrayList<>(r.thisWith)) {
      assignAny(c.primary);
      applyColocation(r, c);
    }
    for (Coloc c : new ArrayList<>(r.withThis)) {
      if (!c.influence && !c.dependent.primitives().stream().allMatch(p -> p.runningOn.isEmpty())) {
        continue;
      }
      if (c.dependentRole == Role.PROMOTED || c.primaryRole == Role.PROMOTED) {
        continue;
      }
      r.allowed = mergeWeights(c.dependent, r.allowed, c.nodeAttribute, c.score / (float) INFINITY, true);
    }
    Node chosen = null;
    if (r.nextRole == Role.STOPPED || stopAll || isBannedClone(r)) {
      chosen = null;
    } else if (!r.managed) {
      chosen = r.runningOn.isEmpty() ? null : r.runningOn.get(0);
      if (chosen != null && !r.allowed.containsKey(chosen)) {
        r.allowed.put(chosen, 0);
      }
    } else {
      chosen = choose(r);
    }
    r.provisional = false;
    r.assigned = chosen;
    r.allocating = false;
    if (chosen != null) {
      chosen.numResources++;
      addUtilization(r, chosen);
      if (r.nextRole == Role.UNKNOWN) {
        r.nextRole = r.top().promotable ? Role.UNPROMOTED : Role.STARTED;
      }
    } else {
      r.nextRole = Role.STOPPED;
    }
    for (Map.Entry<Node, Integer> e : r.allowed.entrySet()) {
      scoreLines.add("pcmk__primitive_assign: " + r.id + " allocation score on " + e.getKey().uname
          + ": " + scoreText(e.getValue()));
    }
    return chosen;
  }

  private boolean isBannedClone(Rsc r) {
    return false;
  }

  static String scoreText(int s) {
    if (s >= INFINITY) {
      return "INFINITY";
    }
    if (s <= -INFINITY) {
      return "-INFINITY";
    }
    return Integer.toString(s);
  }

  private void addUtilization(Rsc r, Node n) {
    if (placementStrategy.equals("default") || r.xml == null) {
      return;
    }
    Map<String, String> u = new HashMap<>();
    u.putAll(utilization(r));
    Map<String, Integer> m = usedCapacity.computeIfAbsent(n, k -> new HashMap<>());
    u.forEach((k, v) -> m.merge(k, Scores.parse(v), Integer::sum));
  }

  private Map<String, String> utilization(Rsc r) {
    Map<String, String> u = new HashMap<>();
    if (r.xml == null) {
      return u;
    }
    nvsets(r.xml, "utilization", u, null);
    String tmpl = r.xml.attributeOrNull("template");
    if (tmpl != null && ids.containsKey(tmpl)) {
      nvsets(ids.get(tmpl), "utilization", u, null);
    }
    return u;
  }

  private void colocatedGroup(Rsc r, java.util.Set<Rsc> out) {
    if (!out.add(r)) {
      return;
    }
    for (Coloc c : r.withThis) {
      if (c.score >= INFINITY) {
        for (Rsc p : c.dependent.primitives()) {
          if (p.provisional) {
            colocatedGroup(p, out);
          }
        }
      }
    }
    for (Coloc c : r.thisWith) {
      if (c.score >= INFINITY) {
        for (Rsc p : c.primary.primitives()) {
          if (p.provisional) {
            colocatedGroup(p, out);
          }
        }
      }
    }
  }

  private boolean fitsAll(java.util.Set<Rsc> rs, Node n) {
    Map<String, Integer> need = new HashMap<>();
    for (Rsc r : rs) {
      if (r.xml == null) {
        continue;
      }
      Map<String, String> u = new HashMap<>();
      u.putAll(utilization(r));
      u.forEach((k, v) -> need.merge(k, Scores.parse(v), Integer::sum));
    }
    for (Map.Entry<String, Integer> e : need.entrySet()) {
      if (e.getValue() > n.capacity.getOrDefault(e.getKey(), 0) - used(n, e.getKey())) {
        return false;
      }
    }
    return true;
  }

  private boolean fits(Rsc r, Node n) {
    if (placementStrategy.equals("default") || r.xml == null) {
      return true;
    }
    Map<String, String> u = new HashMap<>();
    u.putAll(utilization(r));
    for (Map.Entry<String, String> e : u.entrySet()) {
      int need = Scores.parse(e.getValue());
      int cap = n.capacity.getOrDefault(e.getKey(), 0);
      if (need > cap - used(n, e.getKey())) {
        return false;
      }
    }
    return true;
  }

  private Node choose(Rsc r) {
    List<Node> cands = new ArrayList<>(r.allowed.keySet());
    Node active = r.runningOn.size() == 1 ? r.runningOn.get(0) : null;
    if (!placementStrategy.equals("default")) {
      java.util.Set<Rsc> group = new java.util.LinkedHashSet<>();
      colocatedGroup(r, group);
      boolean anyAll = false;
      if (group.size() > 1) {
        for (Node n : cands) {
          if (n.canRun() && r.allowed.getOrDefault(n, -INFINITY) >= 0 && fitsAll(group, n)) {
            anyAll = true;
          }
        }
      }
      for (Node n : cands) {
        if (anyAll ? !fitsAll(group, n) : !fits(r, n)) {
          r.allowed.put(n, -INFINITY);
        }
      }
    }
    cands.sort((a, b) -> compareNodes(a, b, r.allowed, active));
    if (cands.isEmpty()) {
      return null;
    }
    Node best = cands.get(0);
    int w = r.allowed.getOrDefault(best, -INFINITY);
    if (w < 0 || !best.canRun()) {
      return null;
    }
    return best;
  }

  private void assignAny(Rsc r) {
    if (r.kind == Kind.PRIMITIVE) {
      assign(r);
    } else if (r.kind == Kind.GROUP && r.parent == null) {
      assign(r);
    } else if (r.kind == Kind.CLONE) {
      assign(r);
    } else {
      assign(r);
    }
  }

  private Node assignedNodeOf(Rsc r) {
    if (r.kind == Kind.PRIMITIVE) {
      return r.assigned;
    }
    if (r.kind == Kind.GROUP) {
      return r.children.isEmpty() ? null : assignedNodeOf(r.children.get(0));
    }
    return null;
  }

  private void applyColocation(Rsc dep, Coloc c) {
    if (c.primary.kind == Kind.CLONE) {
      applyCloneColocation(dep, c);
      return;
    }
    if (c.dependentRole == Role.PROMOTED || c.primaryRole == Role.PROMOTED
        || c.dependentRole == Role.UNPROMOTED || c.primaryRole == Role.UNPROMOTED) {
      return;
    }
    if (c.primary.primitives().stream().anyMatch(p -> p.provisional)) {
      return;
    }
    Node pn = assignedNodeOf(c.primary);
    if (pn == null && c.score < 0) {
      return;
    }
    String value = pn == null ? null : pn.attrs.get(c.nodeAttribute);
    Map<Node, Integer> work = new LinkedHashMap<>(dep.allowed);
    for (Map.Entry<Node, Integer> e : work.entrySet()) {
      Node n = e.getKey();
      if (pn == null) {
        e.setValue(-INFINITY);
      } else if (value != null && value.equalsIgnoreCase(n.attrs.getOrDefault(c.nodeAttribute, ""))) {
        if (c.score < INFINITY) {
          e.setValue(Scores.add(c.score, e.getValue()));
        }
      } else if (c.score >= INFINITY) {
        e.setValue(-INFINITY);
      }
    }
    if (canRunAny(work) || c.score <= -INFINITY || c.score >= INFINITY) {
      dep.allowed = work;
    }
  }

  private void applyCloneColocation(Rsc dep, Coloc c) {
    if (c.dependentRole == Role.PROMOTED || c.dependentRole == Role.UNPROMOTED) {
      return;
    }
    // dependent colocated with a clone: allowed where an instance is assigned (in the role)
    List<Node> where = new ArrayList<>();
    for (Rsc inst : c.primary.children) {
      Node n = assignedNodeOf(inst);
      if (n == null) {
        continue;
      }
      if (c.primaryRole == Role.PROMOTED || c.primaryRole == Role.UNPROMOTED) {
        Role nr = inst.primitives().isEmpty() ? Role.UNKNOWN : inst.primitives().get(0).nextRole;
        if (nr != c.primaryRole) {
          continue;
        }
      }
      where.add(n);
    }
    Map<Node, Integer> work = new LinkedHashMap<>(dep.allowed);
    for (Map.Entry<Node, Integer> e : work.entrySet()) {
      boolean match = false;
      for (Node w : where) {
        String v = w.attrs.get(c.nodeAttribute);
        if (v != null && v.equalsIgnoreCase(e.getKey().attrs.getOrDefault(c.nodeAttribute, ""))) {
          match = true;
        }
      }
      if (c.score >= INFINITY) {
        if (!match) {
          e.setValue(-INFINITY);
        }
      } else if (c.score <= -INFINITY) {
        if (match) {
          e.setValue(-INFINITY);
        }
      } else if (match) {
        e.setValue(Scores.add(c.score, e.getValue()));
      }
    }
    if (canRunAny(work) || Math.abs(c.score) >= INFINITY) {
      dep.allowed = work;
    }
  }

  boolean canRunAny(Map<Node, Integer> w) {
    for (Map.Entry<Node, Integer> e : w.entrySet()) {
      if (e.getValue() >= 0 && e.getKey().canRun()) {
        return true;
      }
    }
    return false;
  }

  /** Merges the scores of {@code rsc} (and what is colocated with it) into {@code nodes}. */
  private Map<Node, Integer> mergeWeights(Rsc rsc, Map<Node, Integer> nodes, String attr, float factor,
      boolean rollback) {
    if (rsc.kind != Kind.PRIMITIVE) {
      List<Rsc> ps = rsc.kind == Kind.GROUP ? List.of(rsc.children.get(0)) : rsc.primitives();
      if (ps.isEmpty()) {
        return nodes;
      }
      if (rsc.kind == Kind.CLONE) {
        return nodes;
      }
      return mergeWeights(ps.get(0), nodes, attr, factor, rollback);
    }
    if (rsc.merging) {
      return nodes;
    }
    rsc.merging = true;
    Map<Node, Integer> work = new LinkedHashMap<>(nodes);
    for (Map.Entry<Node, Integer> e : work.entrySet()) {
      Node n = e.getKey();
      String v = n.attrs.get(attr);
      int best = -INFINITY;
      for (Map.Entry<Node, Integer> o : rsc.allowed.entrySet()) {
        if (o.getValue() > best && o.getKey().canRun() && v != null
            && v.equalsIgnoreCase(o.getKey().attrs.getOrDefault(attr, null))) {
          best = o.getValue();
        }
      }
      if (factor < 0 && best < 0) {
        continue;
      }
      float wf = factor * best;
      int weight = (int) (wf < 0 ? wf - 0.5f : wf + 0.5f);
      if (Math.abs(wf) >= INFINITY) {
        weight = wf < 0 ? -INFINITY : INFINITY;
      }
      e.setValue(Scores.add(weight, e.getValue()));
    }
    if (canRunAny(work)) {
      int mult = factor < 0 ? -1 : 1;
      for (Coloc c : rsc.withThis) {
        if (!c.influence && !c.dependent.primitives().stream().allMatch(p -> p.runningOn.isEmpty())) {
          continue;
        }
        if (c.dependentRole == Role.PROMOTED || c.primaryRole == Role.PROMOTED) {
          continue;
        }
        work = mergeWeights(c.dependent, work, c.nodeAttribute, mult * c.score / (float) INFINITY, rollback);
      }
    }
    rsc.merging = false;
    if (rollback && !canRunAny(work)) {
      return nodes;
    }
    return work;
  }

  // ---------------------------------------------------------------- clones (basic)

  private Node assignClone(Rsc clone) {
    if (!clone.provisional || clone.allocating) {
      return null;
    }
    clone.allocating = true;
    for (Coloc c : new ArrayList<>(clone.thisWith)) {
      assignAny(c.primary);
      for (Rsc inst : clone.children) {
        for (Rsc p : inst.primitives()) {
          applyColocation(p, c);
        }
      }
    }
    Map<Node, Integer> count = new HashMap<>();
    int available = 0;
    Rsc probe = clone.children.isEmpty() ? null : clone.children.get(0).primitives().get(0);
    for (Node n : nodes) {
      if (n.canRun() && probe != null && probe.allowed.getOrDefault(n, -INFINITY) >= 0) {
        available++;
      }
    }
    int max = clone.cloneMax;
    int loc = max;
    if (available > 0) {
      loc = Math.max(1, max / available);
      if (max % available != 0) {
        loc++;
      }
    }
    loc = Math.min(loc, clone.cloneNodeMax);
    int allocated = 0;
    List<Rsc> insts = new ArrayList<>(clone.children);
    insts.sort(Comparator.comparingInt((Rsc i) -> currentOf(i) == null ? 1 : 0));
    for (Rsc inst : insts) {
      if (allocated >= max) {
        break;
      }
      Node cur = currentOf(inst);
      boolean failed = inst.primitives().stream().anyMatch(p -> p.failed);
      if (cur == null || failed || !isProvisional(inst)) {
        continue;
      }
      if (count.getOrDefault(cur, 0) < loc && cur.canRun()) {
        if (assignInstance(inst, cur, count, loc)) {
          allocated++;
        }
      }
    }
    for (Rsc inst : insts) {
      if (!isProvisional(inst)) {
        continue;
      }
      if (allocated >= max) {
        for (Rsc p : inst.primitives()) {
          p.allowed.replaceAll((k, v) -> -INFINITY);
        }
        assign(inst);
      } else if (assignInstance(inst, null, count, clone.cloneNodeMax)) {
        allocated++;
      }
    }
    clone.provisional = false;
    if (clone.promotable) {
      promoteClone(clone);
    }
    clone.allocating = false;
    return null;
  }

  private boolean isProvisional(Rsc inst) {
    for (Rsc p : inst.primitives()) {
      if (p.provisional) {
        return true;
      }
    }
    return false;
  }

  private boolean assignInstance(Rsc inst, Node prefer, Map<Node, Integer> count, int limit) {
    List<Rsc> ps = inst.primitives();
    List<Map<Node, Integer>> backup = new ArrayList<>();
    for (Rsc p : ps) {
      backup.add(new LinkedHashMap<>(p.allowed));
      for (Map.Entry<Node, Integer> e : count.entrySet()) {
        if (e.getValue() >= limit) {
          p.allowed.put(e.getKey(), -INFINITY);
        }
      }
    }
    if (prefer != null) {
      Rsc first = ps.get(0);
      Map<Node, Integer> w = first.allowed;
      int pw = w.getOrDefault(prefer, -INFINITY);
      int best = -INFINITY;
      for (Map.Entry<Node, Integer> e : w.entrySet()) {
        if (e.getKey().canRun()) {
          best = Math.max(best, e.getValue());
        }
      }
      if (pw < 0 || pw < best) {
        for (int i = 0; i < ps.size(); i++) {
          ps.get(i).allowed = backup.get(i);
        }
        return false;
      }
      for (Rsc p : ps) {
        for (Node n : new ArrayList<>(p.allowed.keySet())) {
          if (n != prefer) {
            p.allowed.put(n, -INFINITY);
          }
        }
      }
    }
    Node n = assign(inst);
    if (prefer != null) {
      for (int i = 0; i < ps.size(); i++) {
        Map<Node, Integer> b = backup.get(i);
        Map<Node, Integer> cur = ps.get(i).allowed;
        for (Map.Entry<Node, Integer> e : b.entrySet()) {
          if (e.getKey() != prefer) {
            cur.put(e.getKey(), e.getValue());
          }
        }
      }
    }
    if (n != null) {
      count.merge(n, 1, Integer::sum);
      return true;
    }
    return false;
  }

  // ---------------------------------------------------------------- promotion

  private void promote() {
    for (Rsc clone : rscById.values()) {
      if (clone.kind == Kind.CLONE && clone.promotable && !clone.rolesSet) {
        promoteClone(clone);
      }
    }
  }

  private void promoteClone(Rsc clone) {
    clone.rolesSet = true;
    {
      List<Rsc> cands = new ArrayList<>();
      Map<Rsc, Integer> score = new HashMap<>();
      for (Rsc inst : clone.children) {
        Node n = assignedNodeOf(inst);
        if (n == null || !n.canRun()) {
          continue;
        }
        List<Rsc> ps = inst.primitives();
        if (ps.stream().anyMatch(p -> p.noPromote || "Unpromoted".equals(p.meta.get("#max-role")))) {
          continue;
        }
        int sc = 0;
        boolean any = false;
        for (Rsc p : ps) {
          String base = p.historyId != null ? p.historyId : p.id;
          String v = n.attrs.get("master-" + (clone.unique ? p.id : base));
          if (v == null) {
            v = n.attrs.get("master-" + p.id);
          }
          if (v != null) {
            sc = Scores.add(sc, Scores.parse(v));
            any = true;
          }
        }
        if (!any && ps.stream().noneMatch(p -> p.role == Role.PROMOTED)) {
          sc = -1;
        }
        for (Object[] rl : roleLocations) {
          Rsc target = (Rsc) rl[0];
          if ((target == clone || target == inst || ps.contains(target)) && rl[2] == Role.PROMOTED) {
            CibElement c = (CibElement) rl[1];
            String node = c.attributeOrNull("node");
            if (node != null && node.equals(n.uname)) {
              sc = Scores.add(sc, Scores.parse(c.attributeOrNull("score")));
            } else if (node == null) {
              for (CibElement rule0 : c.elements("rule")) {
                CibElement rule = Rules.resolve(rule0, ids);
                if (Rules.eval(rule, n.attrs, now, ids)) {
                  sc = Scores.add(sc, Rules.score(rule, n.attrs));
                }
              }
            }
          }
        }
        for (Coloc c : clone.thisWith) {
          if (c.dependentRole == Role.UNPROMOTED && c.primary.kind != Kind.CLONE && c.score > 0) {
            Node pn = assignedNodeOf(c.primary);
            if (pn != null && pn.attrs.get(c.nodeAttribute) != null
                && pn.attrs.get(c.nodeAttribute).equalsIgnoreCase(n.attrs.getOrDefault(c.nodeAttribute, ""))) {
              sc = c.score >= INFINITY ? -INFINITY : Scores.add(sc, -c.score);
            }
            continue;
          }
          if (c.dependentRole != Role.PROMOTED || c.primary.kind == Kind.CLONE) {
            continue;
          }
          Node pn = assignedNodeOf(c.primary);
          boolean match = pn != null && pn.attrs.get(c.nodeAttribute) != null
              && pn.attrs.get(c.nodeAttribute).equalsIgnoreCase(n.attrs.getOrDefault(c.nodeAttribute, ""));
          if (match) {
            sc = Scores.add(sc, c.score);
          } else if (c.score >= INFINITY) {
            sc = -INFINITY;
          }
        }
        for (Coloc c : clone.withThis) {
          if (c.primaryRole != Role.PROMOTED || c.dependent.kind == Kind.CLONE || !c.influence) {
            continue;
          }
          List<Rsc> dps = c.dependent.primitives();
          if (dps.isEmpty()) {
            continue;
          }
          int w = dps.get(0).allowed.getOrDefault(n, 0);
          float f = c.score / (float) INFINITY;
          int add = Math.abs(f * w) >= INFINITY ? (f * w < 0 ? -INFINITY : INFINITY) : Math.round(f * w);
          if (add > 0 || (add < 0 && sc + add >= 0)) {
            sc = Scores.add(sc, add);
          }
        }
        score.put(inst, sc);
        cands.add(inst);
      }
      cands.sort((a, b) -> {
        int x = score.get(a);
        int y = score.get(b);
        if (x != y) {
          return x > y ? -1 : 1;
        }
        boolean pa = a.primitives().stream().anyMatch(p -> p.role == Role.PROMOTED);
        boolean pb = b.primitives().stream().anyMatch(p -> p.role == Role.PROMOTED);
        if (pa != pb) {
          return pa ? -1 : 1;
        }
        return 0;
      });
      int promoted = 0;
      Map<Node, Integer> perNode = new HashMap<>();
      for (Rsc inst : cands) {
        Node n = assignedNodeOf(inst);
        if (promoted >= clone.promotedMax || score.get(inst) < 0
            || perNode.getOrDefault(n, 0) >= clone.promotedNodeMax) {
          continue;
        }
        promoted++;
        perNode.merge(n, 1, Integer::sum);
        for (Rsc p : inst.primitives()) {
          if (p.assigned != null) {
            p.nextRole = Role.PROMOTED;
          }
        }
      }
    }
  }

  // ---------------------------------------------------------------- actions

  Action action(Rsc rsc, String task, Node node, boolean optional) {
    String key = (rsc == null ? "" : rsc.id) + "|" + task + "|" + (node == null ? "" : node.uname);
    Action a = actionIndex.get(key);
    if (a == null) {
      a = new Action(actions.size(), rsc, task, node);
      a.optional = optional;
      actions.add(a);
      actionIndex.put(key, a);
      if (rsc != null) {
        rsc.actions.add(a);
      }
      if (rsc != null && rsc.kind != Kind.PRIMITIVE) {
        a.pseudo = true;
      }
    } else if (!optional) {
      a.optional = false;
    }
    return a;
  }

  Action find(Rsc rsc, String task, Node node) {
    return actionIndex.get((rsc == null ? "" : rsc.id) + "|" + task + "|" + (node == null ? "" : node.uname));
  }

  void order(Action first, Action then, int flags) {
    if (first == null || then == null) {
      return;
    }
    Order o = new Order(first, then, flags);
    first.after.add(o);
    then.before.add(o);
  }

  private void createActions() {
    for (Rsc r : rscById.values()) {
      if (r.kind == Kind.PRIMITIVE) {
        primitiveActions(r);
      }
    }
    for (Rsc r : rscById.values()) {
      if (r.kind != Kind.PRIMITIVE) {
        collectiveActions(r);
      }
    }
  }

  private void primitiveActions(Rsc r) {
    Node chosen = r.assigned;
    boolean needStop = false;
    boolean moving = false;
    if (r.runningOn.size() > 1) {
      needStop = true;
    }
    Node current = r.current();
    if (current != null && chosen != null && current != chosen) {
      moving = true;
      needStop = true;
    }
    if (r.failed && r.stopFlag) {
      needStop = true;
    }
    if (!needStop && current != null && current == chosen && r.managed) {
      String change = definitionChange(r, current);
      if ("restart".equals(change)) {
        needStop = true;
      } else if ("reload".equals(change)) {
        r.reload = true;
      }
    }
    if (current != null && chosen == null) {
      needStop = true;
    }
    if (!r.managed) {
      if (current != null) {
        action(r, "stop", current, true);
        action(r, "start", current, true);
      }
      return;
    }
    if (r.role == Role.PROMOTED && current != null && (needStop || r.nextRole != Role.PROMOTED)) {
      action(r, "demote", current, false);
    }
    if (r.role.ordinal() > Role.STOPPED.ordinal() && !r.runningOn.isEmpty()) {
      for (Node n : r.runningOn) {
        Action stop = action(r, "stop", n, !needStop);
        if (n.unclean) {
          stop.pseudo = true;
          stop.runnable = canFence(n);
          if (stop.runnable) {
            stop.optional = false;
          }
        } else if (!n.online) {
          stop.runnable = false;
        }
      }
    }
    if (chosen != null) {
      boolean startOptional = !needStop && r.runningOn.contains(chosen);
      Action start = action(r, "start", chosen, startOptional);
      if (r.nextRole == Role.PROMOTED) {
        Action pr = action(r, "promote", chosen, r.role == Role.PROMOTED && !needStop);
        order(start, pr, RUNNABLE_LEFT | IMPLIES_THEN);
      }
      if (r.allowMigrate() && moving && !r.failed && r.runningOn.size() == 1 && current.online
          && !current.unclean && r.role == Role.STARTED) {
        Action mf = action(r, "migrate_from", chosen, false);
        order(start, mf, RUNNABLE_LEFT);
        start.pseudo = true;
      }
      if (!chosen.canRun()) {
        start.runnable = false;
      }
      if (stonithEnabled && !r.isStonith()) {
        for (Node n : r.runningOn) {
          if (n != chosen && n.unclean && !canFence(n)) {
            start.runnable = false;
            start.reason = "node " + n.uname + " cannot be fenced";
          }
        }
      }
      if (!haveQuorum && !noQuorumPolicy.equals("ignore") && (!r.isStonith() || noQuorumPolicy.equals("demote"))) {
        if (noQuorumPolicy.equals("demote") && r.top().promotable) {
          r.noPromote = true;
          if (r.runningOn.isEmpty()) {
            start.runnable = false;
            start.reason = "no quorum";
          }
        } else if (noQuorumPolicy.equals("freeze")) {
          if (r.runningOn.isEmpty()) {
            start.runnable = false;
            start.reason = "no quorum";
          }
        } else {
          start.runnable = false;
          start.reason = "no quorum";
        }
      }
      for (Node n : r.runningOn) {
        Action stop = find(r, "stop", n);
        order(stop, start, OPTIONAL | IMPLIES_THEN | RESTART);
      }
    }
  }

  /** The last successful start (or migrate_from) of r on n, from the status section. */
  final Map<String, CibElement> lastStart = new HashMap<>();

  private String definitionChange(Rsc r, Node n) {
    CibElement op = lastStart.get(r.id + "|" + n.uname);
    if (op == null || r.xml == null || !r.xml.name().equals("primitive")) {
      return null;
    }
    String have = op.attributeOrNull("op-digest");
    if (have == null) {
      return null;
    }
    Map<String, String> params = new java.util.TreeMap<>();
    Map<String, String> tmp = new HashMap<>();
    nvsets(r.xml, "instance_attributes", tmp, n.attrs);
    String tmpl = r.xml.attributeOrNull("template");
    if (tmpl != null && ids.containsKey(tmpl)) {
      nvsets(ids.get(tmpl), "instance_attributes", tmp, n.attrs);
    }
    params.putAll(tmp);
    String all = digest(params);
    String restartHave = op.attributeOrNull("op-restart-digest");
    String force = op.attributeOrNull("op-force-restart");
    if (restartHave != null && force != null) {
      Map<String, String> only = new java.util.TreeMap<>();
      for (String k : force.strip().split("\\s+")) {
        if (params.containsKey(k)) {
          only.put(k, params.get(k));
        }
      }
      if (!digest(only).equals(restartHave)) {
        return "restart";
      }
      if (!all.equals(have)) {
        return "reload";
      }
      return null;
    }
    return all.equals(have) ? null : "restart";
  }

  static String digest(Map<String, String> sorted) {
    StringBuilder sb = new StringBuilder(" <parameters");
    for (Map.Entry<String, String> e : sorted.entrySet()) {
      sb.append(' ').append(e.getKey()).append("=\"").append(escape(e.getValue())).append('"');
    }
    sb.append("/>\n");
    try {
      byte[] d = java.security.MessageDigest.getInstance("MD5")
          .digest(sb.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
      StringBuilder hex = new StringBuilder();
      for (byte b : d) {
        hex.append(String.format("%02x", b & 0xff));
      }
      return hex.toString();
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("MD5 missing from the JDK", e);
    }
  }

  private static String escape(String v) {
    return v.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }

  static final int IMPLIES_THEN = Model.IMPLIES_THEN;
  static final int IMPLIES_FIRST = Model.IMPLIES_FIRST;
  static final int RUNNABLE_LEFT = Model.RUNNABLE_LEFT;
  static final int RESTART = Model.RESTART;
  static final int OPTIONAL = Model.OPTIONAL;
  static final int SUMMARY = 32;
  static final int ASYMMETRICAL = 64;

  private void collectiveActions(Rsc r) {
    Action start = action(r, "start", null, true);
    Action running = action(r, "running", null, true);
    Action stop = action(r, "stop", null, true);
    Action stopped = action(r, "stopped", null, true);
    order(stopped, start, OPTIONAL);
    order(start, running, RUNNABLE_LEFT);
    order(stop, stopped, RUNNABLE_LEFT);
    Rsc last = null;
    for (Rsc c : r.children) {
      if (r.kind == Kind.GROUP) {
        orderRsc(r, "start", c, "start", IMPLIES_THEN | RUNNABLE_LEFT);
        orderRsc(c, "start", r, "running", RUNNABLE_LEFT | IMPLIES_THEN);
        orderRsc(c, "stop", r, "stopped", IMPLIES_THEN);
        orderRsc(r, "stop", c, "stop", 0);
        if (last != null && r.ordered) {
          orderRsc(last, "start", c, "start", IMPLIES_THEN | RUNNABLE_LEFT);
          orderRsc(c, "stop", last, "stop", OPTIONAL | RESTART);
        }
      } else {
        orderRsc(r, "start", c, "start", RUNNABLE_LEFT);
        orderRsc(c, "start", r, "running", SUMMARY);
        orderRsc(r, "stop", c, "stop", 0);
        orderRsc(c, "stop", r, "stopped", SUMMARY);
      }
      last = c;
    }
  }

  /** Orders all actions of task1 of rsc1 before all actions of task2 of rsc2. */
  void orderRsc(Rsc r1, String t1, Rsc r2, String t2, int flags) {
    List<Action> a = actionsOf(r1, t1);
    if (a.isEmpty() && r1.kind == Kind.PRIMITIVE && r1 != r2) {
      Action floating = action(r1, t1, null, true);
      floating.runnable = false;
      a = List.of(floating);
    }
    List<Action> b = actionsOf(r2, t2);
    for (Action x : a) {
      for (Action y : b) {
        order(x, y, flags);
      }
    }
  }

  List<Action> actionsOf(Rsc r, String task) {
    List<Action> out = new ArrayList<>();
    for (Action a : r.actions) {
      if (a.task.equals(task)) {
        out.add(a);
      }
    }
    return out;
  }

  private static String invert(String task) {
    return switch (task) {
      case "start" -> "stop";
      case "stop" -> "start";
      case "promote" -> "demote";
      case "demote" -> "promote";
      case "promoted" -> "demoted";
      case "demoted" -> "promoted";
      case "running" -> "stopped";
      case "stopped" -> "running";
      default -> null;
    };
  }

  private static String collectiveFirst(Rsc r, String task) {
    if (r.kind == Kind.PRIMITIVE) {
      return task;
    }
    return switch (task) {
      case "start" -> "running";
      case "stop" -> "stopped";
      case "promote" -> "promoted";
      case "demote" -> "demoted";
      default -> task;
    };
  }

  private void unpackOrders() {
    for (Rsc r : rscById.values()) {
      if (r.containerRsc != null) {
        addOrder(r.containerRsc, "start", r, "start", "Mandatory", true);
      }
    }
    for (CibElement c : section("constraints").elements("rsc_order")) {
      String kind = c.attributeOrNull("kind");
      String scoreS = c.attributeOrNull("score");
      if (kind == null) {
        kind = scoreS == null ? "Mandatory" : (Scores.parse(scoreS) > 0 ? "Mandatory" : "Optional");
      } else if (!kind.equalsIgnoreCase("Optional") && !kind.equalsIgnoreCase("Serialize")) {
        kind = "Mandatory";
      }
      String symS = c.attributeOrNull("symmetrical");
      boolean symmetrical = symS == null ? !kind.equalsIgnoreCase("Serialize") : CibBooleans.isTrue(symS);
      List<CibElement> sets = c.elements("resource_set");
      if (sets.isEmpty()) {
        String fa = c.attribute("first-action", "start");
        String ta = c.attribute("then-action", fa);
        for (Rsc f : resolveRscRef(c.attributeOrNull("first"))) {
          for (Rsc t : resolveRscRef(c.attributeOrNull("then"))) {
            addOrder(f, fa, t, ta, kind, symmetrical);
          }
        }
        continue;
      }
      List<Rsc> prev = null;
      String prevAction = null;
      for (CibElement set0 : sets) {
        CibElement set = Rules.resolve(set0, ids);
        List<Rsc> members = new ArrayList<>();
        for (CibElement ref : set.elements("resource_ref")) {
          members.addAll(resolveRscRef(ref.attributeOrNull("id")));
        }
        String act = set.attribute("action", "start");
        boolean seq = CibBooleans.isTrue(set.attribute("sequential", "true"));
        if (seq) {
          for (int i = 1; i < members.size(); i++) {
            addOrder(members.get(i - 1), act, members.get(i), act, kind, symmetrical);
          }
        }
        if (prev != null) {
          List<Rsc> firsts = prev;
          List<Rsc> thens = seq && !members.isEmpty() ? List.of(members.get(0)) : members;
          for (Rsc f : firsts) {
            for (Rsc t : thens) {
              addOrder(f, prevAction, t, act, kind, symmetrical);
            }
          }
        }
        prev = seq && !members.isEmpty() ? List.of(members.get(members.size() - 1)) : members;
        prevAction = act;
      }
    }
  }

  private Rsc compatibleInstance(Rsc clone, Node n) {
    if (n == null) {
      return null;
    }
    for (Rsc c : clone.children) {
      if (assignedNodeOf(c) == n) {
        return c;
      }
    }
    return null;
  }

  private Rsc currentInstance(Rsc clone, Node n) {
    if (n == null) {
      return null;
    }
    for (Rsc c : clone.children) {
      if (currentOf(c) == n) {
        return c;
      }
    }
    return null;
  }

  private void interleaveOrder(Rsc f, String fa, Rsc t, String ta, int flags) {
    boolean up = fa.equals("start") || fa.equals("promote") || fa.equals("running") || fa.equals("promoted");
    for (Rsc ti : t.children) {
      Node n = up ? assignedNodeOf(ti) : currentOf(ti);
      if (n == null) {
        continue;
      }
      Rsc fi = up ? compatibleInstance(f, n) : currentInstance(f, n);
      if (fi != null) {
        orderRsc(fi, collectiveFirst(fi, fa), ti, ta, flags);
      } else if ((flags & RUNNABLE_LEFT) != 0) {
        for (Action a : actionsOf(ti, ta)) {
          Action floating = new Action(actions.size(), f, fa + "-none", null);
          floating.runnable = false;
          floating.optional = true;
          actions.add(floating);
          order(floating, a, flags);
        }
      }
    }
  }

  private void addOrder(Rsc f, String fa, Rsc t, String ta, String kind, boolean symmetrical) {
    if (f.kind == Kind.CLONE && t.kind == Kind.CLONE && t.interleave && !f.meta.containsKey("clone-min")) {
      int flags = OPTIONAL;
      if (kind.equalsIgnoreCase("Mandatory")) {
        flags = symmetrical ? IMPLIES_THEN | ((fa.equals("start") || fa.equals("promote")) ? RUNNABLE_LEFT : 0)
            : ASYMMETRICAL;
      }
      interleaveOrder(f, fa, t, ta, flags);
      if (symmetrical && invert(ta) != null && invert(fa) != null) {
        interleaveOrder(t, invert(ta), f, invert(fa), kind.equalsIgnoreCase("Mandatory") ? IMPLIES_FIRST : OPTIONAL);
      }
      return;
    }
    int flags = OPTIONAL;
    if (kind.equalsIgnoreCase("Mandatory") && !symmetrical) {
      flags = ASYMMETRICAL;
    } else if (kind.equalsIgnoreCase("Mandatory")) {
      flags = IMPLIES_THEN;
      if (fa.equals("start") || fa.equals("promote")) {
        flags |= RUNNABLE_LEFT;
      }
    }
    orderRsc(f, collectiveFirst(f, fa), t, ta, flags);
    if (symmetrical) {
      String ifa = invert(ta);
      String ita = invert(fa);
      if (ifa != null && ita != null) {
        int rflags = kind.equalsIgnoreCase("Mandatory") ? IMPLIES_FIRST : OPTIONAL;
        orderRsc(t, collectiveFirst(t, ifa), f, ita, rflags);
      }
    }
  }

  // ---------------------------------------------------------------- fencing

  boolean canFence(Node n) {
    if (!stonithEnabled || !haveStonithResource) {
      return false;
    }
    if (haveQuorum || noQuorumPolicy.equals("ignore")) {
      return true;
    }
    return n.online;
  }

  private void fencing() {
    for (Node n : nodes) {
      if (n.unclean && canFence(n)) {
        fenced.add(n.uname);
      }
    }
  }

  // ---------------------------------------------------------------- propagation

  private void propagate() {
    List<Order> all = new ArrayList<>();
    for (Action a : actions) {
      all.addAll(a.after);
    }
    boolean changed = true;
    int passes = 0;
    while (changed && passes++ < 1000) {
      changed = false;
      for (Order o : all) {
        changed |= update(o);
      }
    }
  }

  private boolean update(Order o) {
    Action f = o.first;
    Action t = o.then;
    boolean changed = false;
    if ((o.flags & SUMMARY) != 0) {
      int runnable = 0;
      boolean allOptional = true;
      for (Order b : t.before) {
        if ((b.flags & SUMMARY) != 0) {
          runnable += b.first.runnable ? 1 : 0;
          allOptional &= b.first.optional;
        }
      }
      int min = 1;
      if (t.rsc != null && t.task.equals("running") && t.rsc.meta.containsKey("clone-min")) {
        min = Math.max(1, parseInt(t.rsc.meta.get("clone-min"), 1));
      }
      boolean anyRunnable = runnable >= min;
      if (!anyRunnable && t.runnable) {
        t.runnable = false;
        changed = true;
      }
      if (!allOptional && t.optional) {
        t.optional = false;
        changed = true;
      }
      return changed;
    }
    if (t.rsc != null && t.rsc.kind == Kind.CLONE && f.rsc != t.rsc && (o.flags & (IMPLIES_THEN | RUNNABLE_LEFT)) != 0) {
      for (Rsc c : t.rsc.children) {
        for (Action ca : actionsOf(c, t.task)) {
          if (ca.runnable) {
            changed |= update(new Order(f, ca, o.flags));
          }
        }
        if (c.kind == Kind.GROUP) {
          continue;
        }
      }
    }
    if ((o.flags & IMPLIES_THEN) != 0 && !f.optional && t.optional
        && !(f.pseudo && f.rsc != null && f.rsc != t.rsc && f.rsc.kind == Kind.PRIMITIVE && f.task.equals("start")
            && !f.rsc.migrationCancelled)) {
      t.optional = false;
      changed = true;
    }
    if ((o.flags & IMPLIES_FIRST) != 0 && !t.optional && f.optional) {
      f.optional = false;
      changed = true;
    }
    if ((o.flags & ASYMMETRICAL) != 0 && !f.runnable && t.runnable && t.rsc != null
        && (!t.optional || t.rsc.primitives().stream().allMatch(p -> p.runningOn.isEmpty()))) {
      t.runnable = false;
      changed = true;
    }
    if ((o.flags & RUNNABLE_LEFT) != 0 && !f.runnable && t.runnable) {
      t.runnable = false;
      if (t.reason == null) {
        t.reason = "unrunnable " + (f.rsc == null ? "" : f.rsc.id) + " " + f.task;
      }
      changed = true;
    }
    if ((o.flags & RESTART) != 0 && t.rsc != null) {
      boolean reason = (!t.runnable && t.rsc.managed) || !t.optional;
      if (reason && f.optional && f.runnable) {
        f.optional = false;
        changed = true;
      }
    }
    return changed;
  }
}
