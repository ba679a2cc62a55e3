package io.hablocks.haproxy.internal;

import io.hablocks.haproxy.HaproxyConfig;
import io.hablocks.haproxy.HaproxyConfigException;
import java.time.Duration;

/**
 * HAProxy's runtime API (the stats socket commands): {@code show stat}, {@code show info},
 * {@code show servers state}, {@code set server B/S state|weight}, {@code set weight},
 * {@code get weight}, {@code enable/disable server}, {@code set maxconn server}; several
 * commands chained with {@code ;}. Every command's output ends with an empty line, as HAProxy
 * prints it.
 */
public final class RuntimeApi {

  private final ProxyEngine engine;

  /** @param engine the running proxy */
  public RuntimeApi(ProxyEngine engine) {
    this.engine = engine;
  }

  /**
   * Runs a command line (commands separated by {@code ;}).
   *
   * @param line the line
   * @return the output
   */
  public String execute(String line) {
    StringBuilder out = new StringBuilder();
    for (String cmd : line.split(";")) {
      String c = cmd.strip();
      if (c.isEmpty()) {
        continue;
      }
      out.append(one(c)).append('\n');
    }
    return out.toString();
  }

  private String one(String c) {
    String[] w = c.split("\\s+");
    try {
      if (c.equals("show stat") || c.startsWith("show stat ")) {
        return StatsCsv.render(engine);
      }
      if (c.equals("show info")) {
        return info();
      }
      if (c.startsWith("show servers state")) {
        return serversState(w.length > 3 ? w[3] : null);
      }
      if (w.length >= 3 && w[0].equals("get") && w[1].equals("weight")) {
        ServerRuntime s = server(w[2]);
        return s.backend.balancer.reportedWeight(s.lb) + " (initial " + s.config.weight() + ")\n";
      }
      if (w.length >= 4 && w[0].equals("set") && w[1].equals("weight")) {
        setWeight(server(w[2]), w[3]);
        return "";
      }
      if (w.length >= 3 && (w[0].equals("enable") || w[0].equals("disable"))
          && w[1].equals("server")) {
        ServerRuntime s = server(w[2]);
        setAdmin(s, ServerRuntime.ADMF_FMAINT, w[0].equals("disable"));
        return "";
      }
      if (w.length >= 5 && w[0].equals("set") && w[1].equals("server")) {
        ServerRuntime s = server(w[2]);
        switch (w[3]) {
          case "state" -> {
            switch (w[4]) {
              case "ready" -> {
                setAdmin(s, ServerRuntime.ADMF_FDRAIN, false);
                setAdmin(s, ServerRuntime.ADMF_FMAINT, false);
              }
              case "maint" -> setAdmin(s, ServerRuntime.ADMF_FMAINT, true);
              case "drain" -> {
                setAdmin(s, ServerRuntime.ADMF_FMAINT, false);
                setAdmin(s, ServerRuntime.ADMF_FDRAIN, true);
              }
              default -> {
                return "'set server <srv> state' expects 'ready', 'drain' and 'maint'.\n";
              }
            }
            return "";
          }
          case "weight" -> {
            setWeight(s, w[4]);
            return "";
          }
          default -> {
            return "'set server <srv>' only supports 'agent', 'health', 'state', 'weight', "
                + "'addr', 'fqdn', 'check-addr', 'check-port' and 'ssl'.\n";
          }
        }
      }
      if (w.length >= 5 && w[0].equals("set") && w[1].equals("maxconn") && w[2].equals("server")) {
        ServerRuntime s = server(w[3]);
        int v;
        try {
          v = Integer.parseInt(w[4]);
        } catch (NumberFormatException e) {
          return "Integer value expected.\n";
        }
        s.backend.balancer.setMaxconn(s.lb, v);
        return "";
      }
      if (c.equals("help")) {
        return "The following commands are valid at this level:\n"
            + "  show stat, show info, show servers state [<backend>], get weight <bk>/<srv>,\n"
            + "  set weight <bk>/<srv> <w>[%], set server <bk>/<srv> state|weight ...,\n"
            + "  enable server <bk>/<srv>, disable server <bk>/<srv>,\n"
            + "  set maxconn server <bk>/<srv> <n>\n";
      }
      return "Unknown command: '" + w[0] + "'\n";
    } catch (HaproxyConfigException e) {
      return e.getMessage() + "\n";
    }
  }

  private ServerRuntime server(String spec) {
    int slash = spec.indexOf('/');
    if (slash < 0) {
      throw new HaproxyConfigException("Require 'backend/server'.");
    }
    BackendRuntime b = engine.backends.get(spec.substring(0, slash));
    if (b == null) {
      throw new HaproxyConfigException("No such backend.");
    }
    ServerRuntime s = b.server(spec.substring(slash + 1));
    if (s == null) {
      throw new HaproxyConfigException("No such server.");
    }
    return s;
  }

  private void setWeight(ServerRuntime s, String v) {
    int w;
    try {
      if (v.endsWith("%")) {
        w = (int) ((long) s.config.weight() * Integer.parseInt(v.substring(0, v.length() - 1)) / 100);
      } else {
        w = Integer.parseInt(v);
      }
    } catch (NumberFormatException e) {
      throw new HaproxyConfigException("Require <weight> or <weight%>.");
    }
    s.backend.balancer.setWeight(s.lb, w);
  }

  /**
   * Sets or clears an administrative flag and applies it to the balancer.
   *
   * @param s the server
   * @param flag the flag
   * @param on set or clear
   */
  static void setAdmin(ServerRuntime s, int flag, boolean on) {
    synchronized (s.backend) {
      s.admin = on ? s.admin | flag : s.admin & ~flag;
      if (flag == ServerRuntime.ADMF_FDRAIN) {
        s.backend.balancer.setDrain(s.lb, on);
      }
      if (flag == ServerRuntime.ADMF_FMAINT && on) {
        // entering maintenance zeroes the health counter (show servers state reports 0)
        s.health = 0;
      }
      if (flag == ServerRuntime.ADMF_FMAINT && !on && s.checkEnabled) {
        // leaving maintenance with checks: UP with health = rise, checks confirm it
        s.health = s.config.rise();
        s.checkUp = true;
      }
    }
    s.backend.refresh(s);
  }

  private String info() {
    long up = Duration.ofNanos(engine.clock.nanoTime() - engine.startNanos).toSeconds();
    StringBuilder sb = new StringBuilder();
    sb.append("Name: HAProxy\n");
    sb.append("Version: ").append(HaproxyConfig.VERSION).append("-ha-blocks\n");
    sb.append("Release_date: 2023/03/10\n");
    sb.append("Nbthread: ").append(engine.config.global().nbthread()).append('\n');
    sb.append("Nbproc: 1\nProcess_num: 1\n");
    sb.append("Pid: ").append(ProcessHandle.current().pid()).append('\n');
    sb.append("Uptime: ").append(up / 86400).append("d ").append(up / 3600 % 24).append('h')
        .append(String.format("%02dm%02ds", up / 60 % 60, up % 60)).append('\n');
    sb.append("Uptime_sec: ").append(up).append('\n');
    sb.append("Maxconn: ").append(engine.config.global().maxconn()).append('\n');
    sb.append("Hard_maxconn: ").append(engine.config.global().maxconn()).append('\n');
    sb.append("CurrConns: ").append(engine.currentConnections()).append('\n');
    sb.append("CumConns: ").append(engine.cumConns.sum()).append('\n');
    sb.append("CumReq: ").append(engine.cumReq.sum()).append('\n');
    sb.append("Stopping: 0\n");
    sb.append("Jobs: ").append(engine.currentConnections()).append('\n');
    int listeners = 0;
    for (FrontendRuntime f : engine.frontends.values()) {
      listeners += f.listeners.size();
    }
    sb.append("Listeners: ").append(listeners).append('\n');
    return sb.toString();
  }

  private String serversState(String only) {
    StringBuilder sb = new StringBuilder("1\n# be_id be_name srv_id srv_name srv_addr srv_op_state "
        + "srv_admin_state srv_uweight srv_iweight srv_time_since_last_change srv_check_status "
        + "srv_check_result srv_check_health srv_check_state srv_agent_state bk_f_forced_id "
        + "srv_f_forced_id srv_fqdn srv_port srvrecord srv_use_ssl srv_check_port srv_check_addr "
        + "srv_agent_addr srv_agent_port\n");
    for (BackendRuntime b : engine.backends.values()) {
      if (only != null && !only.equals(b.config.name())) {
        continue;
      }
      for (ServerRuntime s : b.servers) {
        int op = s.checkUp ? 2 : 0;
        int checkStatus = switch (s.checkStatus) {
          case "L4OK" -> 6;
          case "L4TOUT" -> 7;
          case "L4CON" -> 8;
          case "L7TOUT" -> 12;
          case "L7RSP" -> 13;
          case "L7OK" -> 14;
          case "L7STS" -> 16;
          default -> 1;
        };
        int result = s.checkStatus.isEmpty() ? 0 : s.checkStatus.endsWith("OK") ? 3 : 2;
        long since = Duration.ofNanos(engine.clock.nanoTime() - s.lastChangeNanos).toSeconds();
        sb.append(b.iid).append(' ').append(b.config.name()).append(' ').append(s.config.id())
            .append(' ').append(s.name()).append(' ').append(s.config.host()).append(' ')
            .append(op).append(' ').append(s.admin).append(' ').append(s.lb.userWeight())
            .append(' ').append(s.config.weight()).append(' ').append(since).append(' ')
            .append(checkStatus).append(' ').append(result).append(' ').append(s.health)
            .append(' ').append(s.checkEnabled ? 6 : 0).append(" 0 0 0 - ")
            .append(s.config.port()).append(" - 0 ").append(s.config.checkPort())
            .append(" - - 0\n");
      }
    }
    return sb.toString();
  }
}
