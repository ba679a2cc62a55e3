package io.hablocks.crm.scheduler.internal;

import io.hablocks.crm.scheduler.internal.Model.Kind;
import io.hablocks.crm.scheduler.internal.Model.Node;
import io.hablocks.crm.scheduler.internal.Model.Role;
import io.hablocks.crm.scheduler.internal.Model.Rsc;
import java.util.ArrayList;
import java.util.List;

/** crm_simulate-like cluster status blocks (node list and resources). */
public final class StatusText {

  private StatusText() {}

  /**
   * @param e a finished run
   * @return the current status block body
   */
  public static String current(Engine e) {
    return render(e, false);
  }

  /**
   * @param e a finished run
   * @return the revised status block body (as if the transition had run)
   */
  public static String revised(Engine e) {
    return render(e, true);
  }

  private static String render(Engine e, boolean after) {
    StringBuilder sb = new StringBuilder();
    sb.append("  * Node List:\n");
    List<String> online = new ArrayList<>();
    List<String> offline = new ArrayList<>();
    for (Node n : e.nodes) {
      boolean fenced = after && e.fenced.contains(n.uname);
      if (n.unclean && !fenced) {
        sb.append("    * Node ").append(n.uname).append(": UNCLEAN (")
            .append(n.online ? "online" : "offline").append(")\n");
      } else if (n.online && !fenced) {
        if (n.standby && !n.pending) {
          sb.append("    * Node ").append(n.uname).append(": standby\n");
        } else if (n.pending) {
          sb.append("    * Node ").append(n.uname).append(": pending\n");
        } else {
          online.add(n.uname);
        }
      } else {
        offline.add(n.uname);
      }
    }
    if (!online.isEmpty()) {
      sb.append("    * Online: [ ").append(String.join(" ", online)).append(" ]\n");
    }
    if (!offline.isEmpty()) {
      sb.append("    * OFFLINE: [ ").append(String.join(" ", offline)).append(" ]\n");
    }
    sb.append("\n  * Full List of Resources:\n");
    for (Rsc r : e.resources) {
      if (r.orphan && (after || r.runningOn.isEmpty())) {
        continue;
      }
      rsc(sb, r, "    ", after);
    }
    return sb.toString();
  }

  private static void rsc(StringBuilder sb, Rsc r, String indent, boolean after) {
    switch (r.kind) {
      case GROUP -> {
        sb.append(indent).append("* Resource Group: ").append(r.id).append(":\n");
        for (Rsc c : r.children) {
          rsc(sb, c, indent + "  ", after);
        }
      }
      case CLONE -> {
        sb.append(indent).append("* Clone Set: ").append(r.id).append(" [")
            .append(r.children.isEmpty() ? "" : r.children.get(0).id.replaceAll(":\\d+$", ""))
            .append("]").append(r.promotable ? " (promotable)" : "").append(":\n");
        for (Rsc c : r.children) {
          rsc(sb, c, indent + "  ", after);
        }
      }
      default -> {
        String type = r.cls + (r.provider != null ? ":" + r.provider : "") + ":" + r.type;
        String state;
        if (after) {
          state = r.assigned == null ? "Stopped"
              : (r.nextRole == Role.PROMOTED ? "Promoted" : r.nextRole == Role.UNPROMOTED ? "Unpromoted" : "Started")
                  + " " + r.assigned.uname;
          if (!r.managed && !r.runningOn.isEmpty()) {
            state = r.role.text + " " + r.runningOn.get(0).uname + " (unmanaged)";
          }
        } else if (r.runningOn.isEmpty()) {
          state = "Stopped";
        } else {
          state = (r.failed ? "FAILED" : r.role.text) + " " + r.runningOn.get(0).uname
              + (r.managed ? "" : " (unmanaged)");
        }
        sb.append(indent).append("* ").append(r.id).append("\t(").append(type).append("):\t ")
            .append(state).append("\n");
      }
    }
  }

  static boolean isPrimitive(Rsc r) {
    return r.kind == Kind.PRIMITIVE;
  }
}
