package io.hablocks.crm.scheduler.internal;

import io.hablocks.cib.CibElement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Working objects of one scheduler run (mutable, confined to the run). */
final class Model {

  private Model() {}

  enum Role {
    UNKNOWN("Unknown"), STOPPED("Stopped"), STARTED("Started"), UNPROMOTED("Unpromoted"),
    PROMOTED("Promoted");

    final String text;

    Role(String text) {
      this.text = text;
    }
  }

  enum Kind { PRIMITIVE, GROUP, CLONE }

  enum OnFail { IGNORE, DEMOTE, RECOVER, MIGRATE, BLOCK, STOP, STANDBY, FENCE }

  static final class Node {
    final String id;
    final String uname;
    final int index;
    boolean online;
    boolean unclean;
    boolean standby;
    boolean pending;
    boolean shutdown;
    boolean maintenance;
    boolean unseen = true;
    boolean expectedUp;
    String fenceReason;
    int numResources;
    final Map<String, String> attrs = new HashMap<>();
    final Map<String, Integer> capacity = new HashMap<>();
    final List<Rsc> running = new ArrayList<>();

    Node(String id, String uname, int index) {
      this.id = id;
      this.uname = uname;
      this.index = index;
    }

    boolean canRun() {
      return online && !shutdown && !unclean && !standby && !maintenance;
    }

    @Override
    public String toString() {
      return uname;
    }
  }

  static final class Rsc {
    final String id;
    final Kind kind;
    Rsc parent;
    final List<Rsc> children = new ArrayList<>();
    CibElement xml;
    final Map<String, String> meta = new HashMap<>();
    String cls = "";
    String provider;
    String type = "";
    int priority;
    int stickiness;
    int migrationThreshold = 1_000_000;
    long failureTimeoutSec;
    boolean managed = true;
    boolean orphan;
    boolean blocked;
    boolean unique = true;
    boolean promotable;
    boolean critical = true;
    int cloneMax;
    int cloneNodeMax = 1;
    int promotedMax = 1;
    int promotedNodeMax = 1;
    boolean interleave;
    boolean ordered = true;
    boolean colocated = true;
    String historyId;
    int instance = -1;

    Role role = Role.STOPPED;
    Role nextRole = Role.UNKNOWN;
    final List<Node> runningOn = new ArrayList<>();
    boolean failed;
    boolean stopFlag;
    boolean reload;
    boolean startFailedAnywhere;
    boolean noPromote;
    Rsc containerRsc;
    boolean migrationCancelled;
    boolean rolesSet;
    boolean failureIgnored;
    Map<Node, Integer> allowed = new LinkedHashMap<>();
    Node assigned;
    boolean provisional = true;
    boolean allocating;
    boolean merging;
    final List<Coloc> thisWith = new ArrayList<>();
    final List<Coloc> withThis = new ArrayList<>();
    final List<Action> actions = new ArrayList<>();
    final Map<Node, String> pendingTask = new HashMap<>();
    String displayFailed;

    Rsc(String id, Kind kind) {
      this.id = id;
      this.kind = kind;
    }

    Rsc top() {
      Rsc r = this;
      while (r.parent != null) {
        r = r.parent;
      }
      return r;
    }

    boolean isStonith() {
      return "stonith".equals(cls);
    }

    List<Rsc> primitives() {
      List<Rsc> out = new ArrayList<>();
      collect(this, out);
      return out;
    }

    private static void collect(Rsc r, List<Rsc> out) {
      if (r.kind == Kind.PRIMITIVE) {
        out.add(r);
      } else {
        for (Rsc c : r.children) {
          collect(c, out);
        }
      }
    }

    boolean allowMigrate() {
      return io.hablocks.cib.CibBooleans.isTrue(meta.getOrDefault("allow-migrate", "false"));
    }

    Node current() {
      return runningOn.isEmpty() ? null : runningOn.get(0);
    }

    @Override
    public String toString() {
      return id;
    }
  }

  static final class Coloc {
    final String id;
    final Rsc dependent;
    final Rsc primary;
    final int score;
    final Role dependentRole;
    final Role primaryRole;
    final String nodeAttribute;
    final boolean influence;

    Coloc(String id, Rsc dependent, Rsc primary, int score, Role dependentRole, Role primaryRole,
        String nodeAttribute, boolean influence) {
      this.id = id;
      this.dependent = dependent;
      this.primary = primary;
      this.score = score;
      this.dependentRole = dependentRole;
      this.primaryRole = primaryRole;
      this.nodeAttribute = nodeAttribute == null ? "#uname" : nodeAttribute;
      this.influence = influence;
    }
  }

  static final class Action {
    final int id;
    final Rsc rsc;
    final String task;
    final Node node;
    boolean optional = true;
    boolean runnable = true;
    boolean pseudo;
    String reason;
    final List<Order> after = new ArrayList<>();
    final List<Order> before = new ArrayList<>();

    Action(int id, Rsc rsc, String task, Node node) {
      this.id = id;
      this.rsc = rsc;
      this.task = task;
      this.node = node;
    }

    @Override
    public String toString() {
      return (rsc == null ? "" : rsc.id) + "_" + task + (node == null ? "" : " " + node.uname);
    }
  }

  static final int IMPLIES_THEN = 1;
  static final int IMPLIES_FIRST = 2;
  static final int RUNNABLE_LEFT = 4;
  static final int RESTART = 8;
  static final int OPTIONAL = 16;

  static final class Order {
    final Action first;
    final Action then;
    final int flags;

    Order(Action first, Action then, int flags) {
      this.first = first;
      this.then = then;
      this.flags = flags;
    }
  }
}
