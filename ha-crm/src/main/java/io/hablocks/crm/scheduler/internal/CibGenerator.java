package io.hablocks.crm.scheduler.internal;

import java.util.Random;

/**
 * Generates CIBs (XML text) at random for differential tests against crm_simulate and for the
 * large scheduling benchmark: nodes (some offline or standby), primitives and groups, location,
 * colocation and order constraints, resource history (running, failed monitors with fail-counts).
 * Not API: used by ha-crm's tests and by benchmarks.
 */
public final class CibGenerator {

  private CibGenerator() {}

  /**
   * A small random CIB.
   *
   * @param seed the seed
   * @return the CIB XML
   */
  public static String small(long seed) {
    Random r = new Random(seed);
    int nodes = 2 + r.nextInt(3);
    int rscs = 2 + r.nextInt(7);
    int cons = r.nextInt(6);
    return generate(r, nodes, rscs, cons, true);
  }

  /**
   * The benchmark CIB: many resources, nodes and constraints, some running.
   *
   * @param nodes node count
   * @param resources primitive count
   * @param constraints constraint count (locations, colocations, orders)
   * @param seed the seed
   * @return the CIB XML
   */
  public static String large(int nodes, int resources, int constraints, long seed) {
    return generate(new Random(seed), nodes, resources, constraints, false);
  }

  private static String score(Random r) {
    return switch (r.nextInt(6)) {
      case 0 -> "INFINITY";
      case 1 -> "-INFINITY";
      default -> Integer.toString(r.nextInt(401) - 200);
    };
  }

  private static String generate(Random r, int nodeCount, int rscCount, int consCount, boolean small) {
    StringBuilder sb = new StringBuilder();
    sb.append("<cib admin_epoch=\"0\" epoch=\"1\" num_updates=\"1\" have-quorum=\"1\" dc-uuid=\"1\""
        + " validate-with=\"pacemaker-3.0\" execution-date=\"1700000000\">\n<configuration>\n<crm_config>"
        + "<cluster_property_set id=\"cps\"><nvpair id=\"cps-st\" name=\"stonith-enabled\" value=\"false\"/>"
        + "<nvpair id=\"cps-nq\" name=\"no-quorum-policy\" value=\"ignore\"/></cluster_property_set></crm_config>\n<nodes>\n");
    boolean[] online = new boolean[nodeCount];
    for (int i = 1; i <= nodeCount; i++) {
      online[i - 1] = !small || i == 1 || r.nextInt(6) != 0;
      sb.append("<node id=\"").append(i).append("\" uname=\"node").append(i).append("\"");
      if (small && r.nextInt(8) == 0) {
        sb.append("><instance_attributes id=\"n").append(i).append("-ia\"><nvpair id=\"n").append(i)
            .append("-sb\" name=\"standby\" value=\"on\"/></instance_attributes></node>\n");
      } else {
        sb.append("/>\n");
      }
    }
    sb.append("</nodes>\n<resources>\n");
    int groupStart = small && rscCount >= 4 && r.nextBoolean() ? rscCount - 2 : rscCount;
    int[] stick = new int[rscCount];
    for (int i = 1; i <= rscCount; i++) {
      if (i - 1 == groupStart) {
        sb.append("<group id=\"grp\">\n");
      }
      stick[i - 1] = r.nextInt(3) == 0 ? r.nextInt(200) : 0;
      sb.append("<primitive id=\"r").append(i).append("\" class=\"ocf\" provider=\"heartbeat\" type=\"Dummy\">");
      sb.append("<operations><op id=\"r").append(i).append("-mon\" name=\"monitor\" interval=\"10s\"/></operations>");
      if (stick[i - 1] > 0 || r.nextInt(5) == 0) {
        sb.append("<meta_attributes id=\"r").append(i).append("-meta\">");
        if (stick[i - 1] > 0) {
          sb.append("<nvpair id=\"r").append(i).append("-st\" name=\"resource-stickiness\" value=\"")
              .append(stick[i - 1]).append("\"/>");
        }
        sb.append("<nvpair id=\"r").append(i).append("-mt\" name=\"migration-threshold\" value=\"")
            .append(1 + r.nextInt(3)).append("\"/>");
        sb.append("</meta_attributes>");
      }
      sb.append("</primitive>\n");
    }
    if (groupStart < rscCount) {
      sb.append("</group>\n");
    }
    sb.append("</resources>\n<constraints>\n");
    for (int c = 0; c < consCount; c++) {
      int a = 1 + r.nextInt(groupStart);
      int b = 1 + r.nextInt(groupStart);
      switch (r.nextInt(3)) {
        case 0 -> sb.append("<rsc_location id=\"l").append(c).append("\" rsc=\"r").append(a)
            .append("\" node=\"node").append(1 + r.nextInt(nodeCount)).append("\" score=\"")
            .append(score(r)).append("\"/>\n");
        case 1 -> {
          if (a != b) {
            sb.append("<rsc_colocation id=\"c").append(c).append("\" rsc=\"r").append(Math.max(a, b))
                .append("\" with-rsc=\"r").append(Math.min(a, b)).append("\" score=\"").append(score(r))
                .append("\"/>\n");
          }
        }
        default -> {
          if (a != b) {
            sb.append("<rsc_order id=\"o").append(c).append("\" first=\"r").append(Math.min(a, b))
                .append("\" then=\"r").append(Math.max(a, b)).append("\" kind=\"")
                .append(r.nextBoolean() ? "Mandatory" : "Optional").append("\"/>\n");
          }
        }
      }
    }
    sb.append("</constraints>\n</configuration>\n<status>\n");
    int call = 1;
    for (int n = 1; n <= nodeCount; n++) {
      sb.append("<node_state id=\"").append(n).append("\" uname=\"node").append(n).append("\" in_ccm=\"")
          .append(online[n - 1]).append("\" crmd=\"").append(online[n - 1] ? "online" : "offline")
          .append("\" join=\"").append(online[n - 1] ? "member" : "down").append("\" expected=\"")
          .append(online[n - 1] ? "member" : "down").append("\">\n");
      StringBuilder attrs = new StringBuilder();
      StringBuilder lrm = new StringBuilder();
      for (int i = 1; i <= rscCount && online[n - 1]; i++) {
        boolean running = (i % nodeCount) == (n - 1) && r.nextInt(3) != 0;
        if (!running) {
          continue;
        }
        lrm.append("<lrm_resource id=\"r").append(i).append("\" class=\"ocf\" provider=\"heartbeat\" type=\"Dummy\">");
        lrm.append("<lrm_rsc_op id=\"r").append(i).append("_last_0\" operation_key=\"r").append(i)
            .append("_start_0\" operation=\"start\" transition-key=\"1:1:0:x\" transition-magic=\"0:0;1:1:0:x\" call-id=\"")
            .append(call++).append("\" rc-code=\"0\" op-status=\"0\" interval=\"0\" last-rc-change=\"1699999000\""
                + " op-digest=\"f2317cad3d54cec5d7d7aa7d0bf35cf8\"/>");
        boolean failed = small && r.nextInt(5) == 0;
        lrm.append("<lrm_rsc_op id=\"r").append(i).append("_monitor_10000\" operation_key=\"r").append(i)
            .append("_monitor_10000\" operation=\"monitor\" transition-key=\"2:1:0:x\" transition-magic=\"0:")
            .append(failed ? "1" : "0").append(";2:1:0:x\" call-id=\"").append(call++).append("\" rc-code=\"")
            .append(failed ? "1" : "0").append("\" op-status=\"0\" interval=\"10000\" last-rc-change=\"1699999100\""
                + " op-digest=\"4811cef7f7f94e3a35a70be7916cb2fd\"/>");
        lrm.append("</lrm_resource>\n");
        if (failed) {
          attrs.append("<nvpair id=\"fc-r").append(i).append("-").append(n).append("\" name=\"fail-count-r")
              .append(i).append("#monitor_10000\" value=\"1\"/><nvpair id=\"lf-r").append(i).append("-")
              .append(n).append("\" name=\"last-failure-r").append(i)
              .append("#monitor_10000\" value=\"1699999100\"/>");
        }
      }
      if (attrs.length() > 0) {
        sb.append("<transient_attributes id=\"").append(n).append("\"><instance_attributes id=\"status-")
            .append(n).append("\">").append(attrs).append("</instance_attributes></transient_attributes>\n");
      }
      if (online[n - 1]) {
        sb.append("<lrm id=\"").append(n).append("\"><lrm_resources>\n").append(lrm)
            .append("</lrm_resources></lrm>\n");
      }
      sb.append("</node_state>\n");
    }
    sb.append("</status>\n</cib>\n");
    return sb.toString();
  }
}
