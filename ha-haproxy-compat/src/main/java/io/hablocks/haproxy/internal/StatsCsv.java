package io.hablocks.haproxy.internal;

import io.hablocks.haproxy.Mode;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * {@code show stat} in HAProxy 2.6's CSV: the same 128 columns in the same order, and for each
 * row type (frontend, server with and without checks, backend) the same columns filled or left
 * empty. Rates, timings and the per-module (ssl, h2, h1) counters are reported as 0.
 */
final class StatsCsv {

  private StatsCsv() {}

  static final String[] HEADER = {"pxname","svname","qcur","qmax","scur","smax","slim","stot","bin","bout","dreq","dresp","ereq","econ","eresp","wretr","wredis","status","weight","act","bck","chkfail","chkdown","lastchg","downtime","qlimit","pid","iid","sid","throttle","lbtot","tracked","type","rate","rate_lim","rate_max","check_status","check_code","check_duration","hrsp_1xx","hrsp_2xx","hrsp_3xx","hrsp_4xx","hrsp_5xx","hrsp_other","hanafail","req_rate","req_rate_max","req_tot","cli_abrt","srv_abrt","comp_in","comp_out","comp_byp","comp_rsp","lastsess","last_chk","last_agt","qtime","ctime","rtime","ttime","agent_status","agent_code","agent_duration","check_desc","agent_desc","check_rise","check_fall","check_health","agent_rise","agent_fall","agent_health","addr","cookie","mode","algo","conn_rate","conn_rate_max","conn_tot","intercepted","dcon","dses","wrew","connect","reuse","cache_lookups","cache_hits","srv_icur","src_ilim","qtime_max","ctime_max","rtime_max","ttime_max","eint","idle_conn_cur","safe_conn_cur","used_conn_cur","need_conn_est","uweight","agg_server_status","agg_server_check_status","agg_check_status","-","ssl_sess","ssl_reused_sess","ssl_failed_handshake","h2_headers_rcvd","h2_data_rcvd","h2_settings_rcvd","h2_rst_stream_rcvd","h2_goaway_rcvd","h2_detected_conn_protocol_errors","h2_detected_strm_protocol_errors","h2_rst_stream_resp","h2_goaway_resp","h2_open_connections","h2_backend_open_streams","h2_total_connections","h2_backend_total_streams","h1_open_connections","h1_open_streams","h1_total_connections","h1_total_streams","h1_bytes_in","h1_bytes_out","h1_spliced_bytes_in","h1_spliced_bytes_out"};
  static final int[] FRONTEND = {0,1,4,5,6,7,8,9,10,11,12,17,26,27,28,32,33,34,35,39,40,41,42,43,44,46,47,48,51,52,53,54,75,77,78,79,80,81,82,83,86,87,94,103,104,105,106,107,108,109,110,111,112,113,114,115,116,117,118,119,120,121,122,123,124,125,126,127};
  static final int[] SRVCHK = {0,1,2,3,4,5,7,8,9,11,13,14,15,16,17,18,19,20,21,22,23,24,26,27,28,30,32,33,35,36,38,39,40,41,42,43,44,48,49,50,55,56,58,59,60,61,65,67,68,69,73,75,83,84,85,88,90,91,92,93,94,95,96,97,98,99,103,104,105,106};
  static final int[] SRV = {0,1,2,3,4,5,7,8,9,11,13,14,15,16,17,18,19,20,23,26,27,28,30,32,33,35,39,40,41,42,43,44,48,49,50,55,58,59,60,61,73,75,83,84,85,88,90,91,92,93,94,95,96,97,98,99,103,104,105,106};
  static final int[] BACKEND = {0,1,2,3,4,5,6,7,8,9,10,11,13,14,15,16,17,18,19,20,22,23,24,26,27,28,30,32,33,35,39,40,41,42,43,44,48,49,50,51,52,53,54,55,58,59,60,61,75,76,83,84,85,86,87,90,91,92,93,94,99,100,101,102,103,104,105,106,107,108,109,110,111,112,113,114,115,116,117,118,119,120,121,122,123,124,125,126,127};

  private static final Map<String, Integer> INDEX = new HashMap<>();

  static {
    for (int i = 0; i < HEADER.length; i++) {
      INDEX.put(HEADER[i], i);
    }
  }

  static String header() {
    return "# " + String.join(",", HEADER) + ",\n";
  }

  private static String row(int[] template, Map<String, String> v, Map<String, String> extra) {
    String[] out = new String[HEADER.length];
    java.util.Arrays.fill(out, "");
    for (int i : template) {
      out[i] = v.getOrDefault(HEADER[i], "0");
    }
    for (Map.Entry<String, String> e : extra.entrySet()) {
      out[INDEX.get(e.getKey())] = e.getValue();
    }
    return String.join(",", out) + ",\n";
  }

  private static long secs(ProxyEngine e, long sinceNanos) {
    return Duration.ofNanos(e.clock.nanoTime() - sinceNanos).toSeconds();
  }

  static String render(ProxyEngine e) {
    StringBuilder sb = new StringBuilder(header());
    for (var p : e.config.proxies()) {
      FrontendRuntime f = p.frontend() ? e.frontends.get(p.name()) : null;
      BackendRuntime b = p.backend() ? e.backends.get(p.name()) : null;
      String mode = p.mode() == Mode.HTTP ? "http" : "tcp";
      if (f != null) {
        Map<String, String> v = common(p.name(), "FRONTEND", f.counters);
        v.put("slim", String.valueOf(p.maxconn() > 0 ? p.maxconn() : e.config.global().maxconn()));
        v.put("ereq", String.valueOf(f.counters.ereq.sum()));
        v.put("dreq", String.valueOf(f.counters.dreq.sum()));
        v.put("status", "OPEN");
        v.put("pid", "1");
        v.put("iid", String.valueOf(f.iid));
        v.put("sid", "0");
        v.put("type", "0");
        v.put("mode", mode);
        v.put("conn_tot", String.valueOf(f.counters.connTot.sum()));
        v.put("-", "-");
        sb.append(row(FRONTEND, v, Map.of()));
      }
      if (b != null) {
        for (ServerRuntime s : b.servers) {
          Map<String, String> v = common(p.name(), s.name(), s.counters);
          Map<String, String> extra = new HashMap<>();
          v.put("qcur", "0");
          v.put("qmax", "0");
          v.put("status", s.status());
          v.put("weight", String.valueOf(b.balancer.reportedWeight(s.lb)));
          v.put("act", s.config.backup() ? "0" : "1");
          v.put("bck", s.config.backup() ? "1" : "0");
          v.put("lastchg", String.valueOf(secs(e, s.lastChangeNanos)));
          long down = s.downtimeNanos + (s.downSinceNanos >= 0 ? e.clock.nanoTime() - s.downSinceNanos : 0);
          v.put("downtime", String.valueOf(Duration.ofNanos(down).toSeconds()));
          v.put("pid", "1");
          v.put("iid", String.valueOf(b.iid));
          v.put("sid", String.valueOf(s.config.id()));
          v.put("lbtot", String.valueOf(s.counters.lbtot.sum()));
          v.put("type", "2");
          v.put("chkfail", String.valueOf(s.counters.chkfail.sum()));
          v.put("chkdown", String.valueOf(s.counters.chkdown.sum()));
          v.put("check_status", s.checkStatus.isEmpty() ? "INI" : s.checkStatus);
          v.put("check_duration", String.valueOf(Math.max(0, s.checkDurationMs)));
          v.put("lastsess", "-1");
          v.put("last_chk", s.checkInfo);
          v.put("check_desc", s.checkDesc.isEmpty() ? "Initializing" : s.checkDesc);
          v.put("check_rise", String.valueOf(s.config.rise()));
          v.put("check_fall", String.valueOf(s.config.fall()));
          v.put("check_health", String.valueOf(s.health));
          v.put("addr", s.config.host() + ":" + s.config.port());
          v.put("mode", mode);
          v.put("connect", String.valueOf(s.counters.connTot.sum()));
          v.put("uweight", String.valueOf(s.lb.userWeight()));
          v.put("-", "-");
          if (s.lb.maxconn > 0) {
            extra.put("slim", String.valueOf(s.lb.maxconn));
          }
          if (s.config.maxqueue() > 0) {
            extra.put("qlimit", String.valueOf(s.config.maxqueue()));
          }
          if (s.checkEnabled && s.checkCode >= 0) {
            extra.put("check_code", String.valueOf(s.checkCode));
          }
          sb.append(row(s.checkEnabled ? SRVCHK : SRV, v, extra));
        }
        Map<String, String> v = common(p.name(), "BACKEND", b.counters);
        v.put("qcur", String.valueOf(b.counters.qcur.get()));
        v.put("qmax", String.valueOf(b.counters.qmax.get()));
        v.put("slim", String.valueOf(fullconn(e, p.name())));
        v.put("dreq", String.valueOf(b.counters.dreq.sum()));
        int act = b.balancer.activeServers();
        int bck = b.balancer.backupServers();
        v.put("status", act + bck > 0 ? "UP" : "DOWN");
        v.put("weight", String.valueOf(b.balancer.totalWeightForStats()));
        v.put("act", String.valueOf(act));
        v.put("bck", String.valueOf(bck));
        v.put("chkdown", "0");
        v.put("lastchg", String.valueOf(secs(e, b.lastChangeNanos)));
        v.put("downtime", "0");
        v.put("pid", "1");
        v.put("iid", String.valueOf(b.iid));
        v.put("sid", "0");
        long lbtot = 0;
        int uw = 0;
        for (ServerRuntime s : b.servers) {
          lbtot += s.counters.lbtot.sum();
          if (s.lb.usable() && !s.config.backup()) {
            uw += s.lb.userWeight();
          }
        }
        v.put("lbtot", String.valueOf(lbtot));
        v.put("type", "1");
        v.put("lastsess", "-1");
        v.put("mode", mode);
        v.put("algo", b.config.balance().algorithm());
        v.put("connect", String.valueOf(b.counters.connTot.sum()));
        v.put("uweight", String.valueOf(uw));
        v.put("-", "-");
        sb.append(row(BACKEND, v, Map.of()));
      }
    }
    return sb.toString();
  }

  /**
   * HAProxy's default fullconn: a tenth of the maxconn of the frontends that can reach the
   * backend (rounded up), at least 1.
   */
  private static long fullconn(ProxyEngine e, String backend) {
    long sum = 0;
    for (FrontendRuntime f : e.frontends.values()) {
      boolean reaches = f.config.name().equals(backend) && f.config.backend()
          || backend.equals(f.config.defaultBackend())
          || f.config.useBackends().stream().anyMatch(r -> r.action().equals(backend));
      if (reaches) {
        sum += f.config.maxconn() > 0 ? f.config.maxconn() : e.config.global().maxconn();
      }
    }
    return Math.max(1, (sum + 9) / 10);
  }

  /** @return a plain HTML table of the same rows and columns (the stats page) */
  static String html(ProxyEngine e) {
    String[] lines = render(e).split("\n");
    StringBuilder sb = new StringBuilder("<html><head><title>Statistics Report for HAProxy"
        + "</title></head><body><h1>Statistics Report</h1><table border=1>\n<tr>");
    for (String h : HEADER) {
      sb.append("<th>").append(h).append("</th>");
    }
    sb.append("</tr>\n");
    for (int i = 1; i < lines.length; i++) {
      sb.append("<tr>");
      for (String v : lines[i].split(",", -1)) {
        sb.append("<td>").append(v.replace("&", "&amp;").replace("<", "&lt;")).append("</td>");
      }
      sb.append("</tr>\n");
    }
    return sb.append("</table></body></html>\n").toString();
  }

  private static Map<String, String> common(String px, String sv, Counters c) {
    Map<String, String> v = new HashMap<>();
    v.put("pxname", px);
    v.put("svname", sv);
    v.put("scur", String.valueOf(c.scur.get()));
    v.put("smax", String.valueOf(c.smax.get()));
    v.put("stot", String.valueOf(c.stot.sum()));
    v.put("bin", String.valueOf(c.bin.sum()));
    v.put("bout", String.valueOf(c.bout.sum()));
    v.put("econ", String.valueOf(c.econ.sum()));
    v.put("eresp", String.valueOf(c.eresp.sum()));
    v.put("wretr", String.valueOf(c.wretr.sum()));
    v.put("wredis", String.valueOf(c.wredis.sum()));
    v.put("req_tot", String.valueOf(c.reqTot.sum()));
    String[] h = {"hrsp_1xx", "hrsp_2xx", "hrsp_3xx", "hrsp_4xx", "hrsp_5xx", "hrsp_other"};
    for (int i = 0; i < 6; i++) {
      v.put(h[i], String.valueOf(c.hrsp[i].sum()));
    }
    return v;
  }
}
