package io.hablocks.crm.scheduler.internal;

import io.hablocks.crm.scheduler.SummaryAction;
import io.hablocks.crm.scheduler.internal.Model.Action;
import io.hablocks.crm.scheduler.internal.Model.Kind;
import io.hablocks.crm.scheduler.internal.Model.Node;
import io.hablocks.crm.scheduler.internal.Model.Role;
import io.hablocks.crm.scheduler.internal.Model.Rsc;
import java.util.ArrayList;
import java.util.List;

/** Builds the Transition Summary the way Pacemaker's LogActions does. */
public final class Summary {

  private final Engine e;
  private final List<SummaryAction> out = new ArrayList<>();

  /** @param e a finished run */
  public Summary(Engine e) {
    this.e = e;
  }

  /** @return the Transition Summary lines */
  public List<SummaryAction> build() {
    for (String n : e.fenced) {
      Node node = e.nodesByUname.get(n);
      String action = e.config.getOrDefault("stonith-action", "reboot");
      if (action.equals("poweroff")) {
        action = "off";
      }
      out.add(new SummaryAction("Fence", n, action, node.fenceReason == null ? "" : node.fenceReason));
    }
    for (Rsc r : e.resources) {
      log(r);
    }
    return out;
  }

  private void log(Rsc r) {
    if (r.kind != Kind.PRIMITIVE) {
      for (Rsc c : r.children) {
        log(c);
      }
      return;
    }
    Node next = r.assigned;
    Node current = null;
    if (!r.runningOn.isEmpty()) {
      current = r.current();
      if (r.role == Role.STOPPED) {
        r.role = Role.STARTED;
      }
    }
    if (current == null && r.orphan) {
      return;
    }
    if (!r.managed || (current == null && next == null)) {
      return;
    }
    boolean moving = current != null && next != null && current != next;
    Action start = next == null ? null : e.find(r, "start", next);
    Node startNode = (start == null || !start.runnable) ? null : current;
    Action stop = startNode == null ? firstStop(r) : e.find(r, "stop", startNode);
    Action promote = next == null ? null : e.find(r, "promote", next);
    Action demote = next == null ? null : e.find(r, "demote", next);
    if (r.role == r.nextRole) {
      Action migrate = next == null ? null : e.find(r, "migrate_from", next);
      if (next == null) {
        return;
      } else if (migrate != null && current != null && migrate.runnable) {
        add("Migrate", r, current, next, null);
      } else if (r.reload) {
        add("Reload", r, current, next, null);
      } else if (start == null || start.optional) {
        if (demote != null && promote != null && !demote.optional && !promote.optional) {
          add("Re-promote", r, current, next, null);
        }
      } else if (!start.runnable) {
        add("Stop", r, current, null, start.reason);
      } else if (moving && current != null) {
        add(r.failed ? "Recover" : "Move", r, current, next, null);
      } else if (r.failed) {
        add("Recover", r, current, null, null);
      } else {
        add("Restart", r, current, next, null);
      }
      return;
    }
    if (stop != null && (r.nextRole == Role.STOPPED || (start != null && !start.runnable))) {
      for (Node n : r.runningOn) {
        add("Stop", r, n, null, "due to node availability");
      }
    } else if (stop != null && r.failed && r.stopFlag) {
      add("Recover", r, current, next, null);
    } else if (moving) {
      add("Move", r, current, next, null);
    } else if (r.reload) {
      add("Reload", r, current, next, null);
    } else if (stop != null && !stop.optional) {
      add("Restart", r, current, next, null);
    } else if (r.role == Role.PROMOTED) {
      add("Demote", r, current, next, null);
    } else if (r.nextRole == Role.PROMOTED) {
      add("Promote", r, current, next, null);
    } else if (r.role == Role.STOPPED && r.nextRole.ordinal() > Role.STOPPED.ordinal()) {
      add("Start", r, current, next, start != null && !start.runnable ? start.reason : null);
    }
  }

  private Action firstStop(Rsc r) {
    for (Action a : r.actions) {
      if (a.task.equals("stop") && a.node != null) {
        return a;
      }
    }
    return null;
  }

  private void add(String verb, Rsc r, Node origin, Node dest, String reason) {
    boolean needRole = r.role.ordinal() > Role.STARTED.ordinal()
        || r.nextRole.ordinal() > Role.UNPROMOTED.ordinal();
    boolean sameHost = origin != null && dest != null && origin == dest;
    boolean sameRole = r.role == r.nextRole;
    String d;
    if (needRole && origin == null) {
      d = r.role.text + " -> " + r.nextRole.text + " " + dest.uname;
    } else if (origin == null) {
      d = dest == null ? "" : dest.uname;
    } else if (needRole && dest == null) {
      d = r.role.text + " " + origin.uname;
    } else if (dest == null) {
      d = origin.uname;
    } else if (needRole && sameRole && sameHost) {
      d = r.role.text + " " + origin.uname;
    } else if (sameRole && sameHost) {
      d = origin.uname;
    } else if (needRole && sameRole) {
      d = origin.uname + " -> " + dest.uname + " " + r.role.text;
    } else if (sameRole) {
      d = origin.uname + " -> " + dest.uname;
    } else if (sameHost) {
      d = r.role.text + " -> " + r.nextRole.text + " " + origin.uname;
    } else {
      d = r.role.text + " " + origin.uname + " -> " + r.nextRole.text + " " + dest.uname;
    }
    String rid = r.id;
    if (r.instance >= 0 && r.parent != null && r.parent.kind == Kind.GROUP) {
      rid = r.id;
    }
    out.add(new SummaryAction(verb, rid, d, reason == null ? "" : "due to " + reason));
  }
}
