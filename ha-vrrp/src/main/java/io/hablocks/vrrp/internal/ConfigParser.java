package io.hablocks.vrrp.internal;

import io.hablocks.vrrp.KeepalivedConfig;
import io.hablocks.vrrp.VirtualAddress;
import io.hablocks.vrrp.VrrpConfigException;
import io.hablocks.vrrp.VrrpInstanceConfig;
import io.hablocks.vrrp.VrrpScript;
import io.hablocks.vrrp.VrrpVersion;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The keepalived.conf reader behind {@link KeepalivedConfig}. */
public final class ConfigParser {

  static final long MAX_FILE = 1 << 20;
  static final int MAX_DEPTH = 8;

  /** One statement: its words, its block (if any), where it is. */
  record Node(List<String> words, List<Node> children, String file, int line, boolean block) {
    String keyword() {
      return words.isEmpty() ? "" : words.get(0);
    }

    String where() {
      return file + ":" + line;
    }
  }

  record Token(String text, String file, int line) {}

  private final List<String> warnings = new ArrayList<>();
  private VrrpVersion defaultVersion = VrrpVersion.V2;
  private Duration garpDelay = Duration.ofSeconds(5);
  private int garpRepeat = 5;
  private Duration garpRefresh = Duration.ZERO;
  private String routerId;
  private final Map<String, String[]> trackFiles = new LinkedHashMap<>();

  private ConfigParser() {}

  /**
   * @param file a keepalived.conf
   * @return its VRRP part
   */
  public static KeepalivedConfig read(Path file) {
    List<Token> tokens = new ArrayList<>();
    lexFile(file, tokens, 0, file.getFileName().toString(), 0);
    return new ConfigParser().build(tokens);
  }

  /**
   * @param text configuration text
   * @param name file name for errors
   * @return its VRRP part
   */
  public static KeepalivedConfig parse(String text, String name) {
    if (text.length() > MAX_FILE) {
      throw new VrrpConfigException(name, 1, "file larger than " + MAX_FILE + " bytes");
    }
    List<Token> tokens = new ArrayList<>();
    lex(text, name, tokens, null, 0);
    return new ConfigParser().build(tokens);
  }

  private static void lexFile(Path file, List<Token> out, int depth, String from, int fromLine) {
    if (depth > MAX_DEPTH) {
      throw new VrrpConfigException(from, fromLine, "include nested deeper than " + MAX_DEPTH);
    }
    String text;
    try {
      if (Files.size(file) > MAX_FILE) {
        throw new VrrpConfigException(file.toString(), 1, "file larger than " + MAX_FILE
            + " bytes");
      }
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new VrrpConfigException(from, fromLine, "cannot read " + file + ": " + e.getMessage());
    }
    lex(text, file.toString(), out, file.toAbsolutePath().getParent(), depth);
  }

  private static void lex(String text, String name, List<Token> out, Path dir, int depth) {
    String[] lines = text.split("\n", -1);
    for (int ln = 0; ln < lines.length; ln++) {
      List<String> words = words(lines[ln], name, ln + 1);
      if (!words.isEmpty() && words.get(0).equals("include")) {
        if (words.size() != 2) {
          throw new VrrpConfigException(name, ln + 1, "include needs one file");
        }
        Path p = Path.of(words.get(1));
        if (!p.isAbsolute() && dir != null) {
          p = dir.resolve(p);
        }
        lexFile(p, out, depth + 1, name, ln + 1);
        continue;
      }
      for (String w : words) {
        out.add(new Token(w, name, ln + 1));
      }
      out.add(new Token("\n", name, ln + 1));
    }
  }

  private static List<String> words(String line, String name, int ln) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    boolean quoted = false;
    boolean inQuote = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (inQuote) {
        if (c == '"') {
          inQuote = false;
        } else {
          cur.append(c);
        }
        continue;
      }
      if (c == '"') {
        inQuote = true;
        quoted = true;
      } else if (c == '#' || c == '!') {
        break;
      } else if (c == '{' || c == '}') {
        if (cur.length() > 0 || quoted) {
          out.add(cur.toString());
          cur.setLength(0);
          quoted = false;
        }
        out.add(String.valueOf(c));
      } else if (Character.isWhitespace(c)) {
        if (cur.length() > 0 || quoted) {
          out.add(cur.toString());
          cur.setLength(0);
          quoted = false;
        }
      } else {
        cur.append(c);
      }
    }
    if (inQuote) {
      throw new VrrpConfigException(name, ln, "unterminated quoted string");
    }
    if (cur.length() > 0 || quoted) {
      out.add(cur.toString());
    }
    return out;
  }

  // ---- tree

  private int pos;

  private List<Node> block(List<Token> t, Token opener) {
    List<Node> nodes = new ArrayList<>();
    List<String> words = new ArrayList<>();
    Token first = null;
    while (pos < t.size()) {
      Token k = t.get(pos++);
      switch (k.text()) {
        case "\n" -> {
          if (!words.isEmpty()) {
            nodes.add(new Node(List.copyOf(words), List.of(), first.file(), first.line(), false));
            words.clear();
          }
        }
        case "{" -> {
          Token head = first != null ? first : k;
          List<Node> kids = block(t, k);
          nodes.add(new Node(List.copyOf(words), kids, head.file(), head.line(), true));
          words.clear();
          first = null;
        }
        case "}" -> {
          if (opener == null) {
            throw new VrrpConfigException(k.file(), k.line(), "'}' without a matching '{'");
          }
          if (!words.isEmpty()) {
            nodes.add(new Node(List.copyOf(words), List.of(), first.file(), first.line(), false));
          }
          return nodes;
        }
        default -> {
          if (words.isEmpty()) {
            first = k;
          }
          words.add(k.text());
        }
      }
    }
    if (opener != null) {
      throw new VrrpConfigException(opener.file(), opener.line(), "'{' is never closed");
    }
    return nodes;
  }

  private KeepalivedConfig build(List<Token> tokens) {
    List<Node> top = block(tokens, null);
    List<VrrpInstanceConfig> instances = new ArrayList<>();
    List<VrrpScript> scripts = new ArrayList<>();
    Map<String, List<String>> groups = new LinkedHashMap<>();
    for (Node n : top) {
      if (n.keyword().equals("global_defs")) {
        globalDefs(n);
      }
    }
    for (Node n : top) {
      if (n.keyword().equals("vrrp_track_file")) {
        trackFile(n);
      }
    }
    for (Node n : top) {
      switch (n.keyword()) {
        case "global_defs", "vrrp_track_file" -> { }
        case "vrrp_script" -> scripts.add(script(n));
        case "vrrp_sync_group" -> groups.put(name(n), syncGroup(n));
        case "vrrp_instance" -> {
          VrrpInstanceConfig c = instance(n);
          for (VrrpInstanceConfig o : instances) {
            if (o.name().equals(c.name())) {
              throw new VrrpConfigException(n.file(), n.line(), "vrrp_instance " + c.name()
                  + " defined twice");
            }
          }
          instances.add(c);
        }
        case "virtual_server", "virtual_server_group", "static_ipaddress", "static_routes",
            "static_rules", "linkbeat_interfaces", "bfd_instance", "garp_group" ->
            warnings.add(n.where() + ": " + n.keyword() + " is not part of VRRP; skipped");
        default -> warnings.add(n.where() + ": unknown keyword " + n.keyword());
      }
    }
    for (Map.Entry<String, List<String>> g : groups.entrySet()) {
      for (String m : g.getValue()) {
        if (instances.stream().noneMatch(i -> i.name().equals(m))) {
          Node where = top.stream().filter(n -> n.keyword().equals("vrrp_sync_group")
              && n.words().size() > 1 && n.words().get(1).equals(g.getKey())).findFirst()
              .orElseThrow();
          throw new VrrpConfigException(where.file(), where.line(), "vrrp_sync_group "
              + g.getKey() + ": no vrrp_instance " + m);
        }
      }
    }
    for (VrrpInstanceConfig c : instances) {
      for (VrrpInstanceConfig.Track t : c.trackScripts()) {
        if (scripts.stream().noneMatch(s -> s.name().equals(t.name()))) {
          Node where = top.stream().filter(n -> n.keyword().equals("vrrp_instance")
              && n.words().size() > 1 && n.words().get(1).equals(c.name())).findFirst()
              .orElseThrow();
          throw new VrrpConfigException(where.file(), where.line(), "vrrp_instance " + c.name()
              + " tracks unknown vrrp_script " + t.name());
        }
      }
    }
    return new KeepalivedConfig(routerId, instances, scripts, groups, warnings);
  }

  private static String name(Node n) {
    if (n.words().size() != 2) {
      throw new VrrpConfigException(n.file(), n.line(), n.keyword() + " needs one name");
    }
    if (!n.block()) {
      throw new VrrpConfigException(n.file(), n.line(), n.keyword() + " needs a { block }");
    }
    return n.words().get(1);
  }

  private void globalDefs(Node g) {
    for (Node n : g.children()) {
      switch (n.keyword()) {
        case "router_id" -> routerId = arg(n);
        case "vrrp_version" -> defaultVersion = version(n);
        case "vrrp_garp_master_delay" -> garpDelay = seconds(n, 0, 1000);
        case "vrrp_garp_master_repeat" -> garpRepeat = integer(n, 1, 255);
        case "vrrp_garp_master_refresh" -> garpRefresh = seconds(n, 0, 100000);
        default -> { } // notification_email, script_user, enable_script_security... not VRRP
      }
    }
  }

  private void trackFile(Node t) {
    String nm = name(t);
    String file = null;
    String weight = "1";
    for (Node n : t.children()) {
      switch (n.keyword()) {
        case "file" -> file = arg(n);
        case "weight" -> weight = arg(n);
        case "init_file" -> { }
        default -> warnings.add(n.where() + ": unknown keyword " + n.keyword() + " in "
            + "vrrp_track_file");
      }
    }
    if (file == null) {
      throw new VrrpConfigException(t.file(), t.line(), "vrrp_track_file " + nm + " has no file");
    }
    trackFiles.put(nm, new String[] {file, weight});
  }

  private VrrpScript script(Node s) {
    String nm = name(s);
    String cmd = null;
    Duration interval = Duration.ofSeconds(1);
    Duration timeout = null;
    int weight = 0;
    int rise = 1;
    int fall = 1;
    for (Node n : s.children()) {
      switch (n.keyword()) {
        case "script" -> cmd = String.join(" ", n.words().subList(1, n.words().size()));
        case "interval" -> interval = seconds(n, 0.001, 1_000_000);
        case "timeout" -> timeout = seconds(n, 0.001, 1_000_000);
        case "weight" -> weight = integer(n, -253, 253);
        case "rise" -> rise = integer(n, 1, 1_000_000);
        case "fall" -> fall = integer(n, 1, 1_000_000);
        case "user", "init_fail" -> { }
        default -> warnings.add(n.where() + ": unknown keyword " + n.keyword() + " in vrrp_script");
      }
    }
    if (cmd == null || cmd.isBlank()) {
      throw new VrrpConfigException(s.file(), s.line(), "vrrp_script " + nm + " has no script");
    }
    return new VrrpScript(nm, cmd, interval, timeout == null ? interval : timeout, weight, rise,
        fall);
  }

  private List<String> syncGroup(Node g) {
    List<String> members = new ArrayList<>();
    for (Node n : g.children()) {
      if (n.keyword().equals("group")) {
        for (Node m : n.children()) {
          members.addAll(m.words());
        }
      } else if (!n.keyword().startsWith("notify") && !n.keyword().equals("smtp_alert")
          && !n.keyword().equals("global_tracking")) {
        warnings.add(n.where() + ": unknown keyword " + n.keyword() + " in vrrp_sync_group");
      }
    }
    if (members.isEmpty()) {
      throw new VrrpConfigException(g.file(), g.line(), "vrrp_sync_group " + g.words().get(1)
          + " has no group members");
    }
    return members;
  }

  private VrrpInstanceConfig instance(Node inst) {
    String nm = name(inst);
    String iface = null;
    Integer vrid = null;
    Node vridNode = inst;
    List<Node> rest = new ArrayList<>();
    for (Node n : inst.children()) {
      if (n.keyword().equals("interface")) {
        iface = arg(n);
      } else if (n.keyword().equals("virtual_router_id")) {
        vrid = integer(n, 1, 255);
        vridNode = n;
      } else {
        rest.add(n);
      }
    }
    if (iface == null) {
      throw new VrrpConfigException(inst.file(), inst.line(), "vrrp_instance " + nm
          + " has no interface");
    }
    if (vrid == null) {
      throw new VrrpConfigException(inst.file(), inst.line(), "vrrp_instance " + nm
          + " has no virtual_router_id");
    }
    VrrpInstanceConfig.Builder b = VrrpInstanceConfig.builder(nm, iface, vrid)
        .version(defaultVersion).garpMasterDelay(garpDelay).garpMasterRepeat(garpRepeat)
        .garpMasterRefresh(garpRefresh);
    Node advertNode = null;
    String advertText = null;
    for (Node n : rest) {
      switch (n.keyword()) {
        case "state" -> {
          String s = arg(n);
          if (!s.equals("MASTER") && !s.equals("BACKUP")) {
            throw new VrrpConfigException(n.file(), n.line(), "state: '" + s
                + "' is not MASTER or BACKUP");
          }
          b.initialMaster(s.equals("MASTER"));
        }
        case "priority" -> b.priority(integer(n, 1, 255));
        case "advert_int" -> {
          advertNode = n;
          advertText = arg(n);
        }
        case "version" -> b.version(version(n));
        case "nopreempt" -> b.preempt(false);
        case "preempt" -> b.preempt(true);
        case "preempt_delay" -> b.preemptDelay(seconds(n, 0, 1000));
        case "authentication" -> auth(n, b);
        case "virtual_ipaddress" -> {
          for (Node a : n.children()) {
            try {
              b.virtualAddress(VirtualAddress.parse(String.join(" ", a.words())));
            } catch (IllegalArgumentException e) {
              throw new VrrpConfigException(a.file(), a.line(), "virtual_ipaddress: "
                  + e.getMessage());
            }
          }
        }
        case "unicast_src_ip", "mcast_src_ip" -> b.sourceAddress(address(n, arg(n)));
        case "unicast_peer" -> {
          for (Node a : n.children()) {
            b.unicastPeer(address(a, a.keyword()));
          }
        }
        case "garp_master_delay" -> b.garpMasterDelay(seconds(n, 0, 1000));
        case "garp_master_repeat" -> b.garpMasterRepeat(integer(n, 1, 255));
        case "garp_master_refresh" -> b.garpMasterRefresh(seconds(n, 0, 100000));
        case "use_vmac" -> b.useVmac(true);
        case "track_interface" -> {
          for (Node a : n.children()) {
            b.trackInterface(a.keyword(), weight(a));
          }
        }
        case "track_script" -> {
          for (Node a : n.children()) {
            b.trackScript(a.keyword(), weight(a));
          }
        }
        case "track_file" -> {
          for (Node a : n.children()) {
            String[] tf = trackFiles.get(a.keyword());
            if (tf == null) {
              throw new VrrpConfigException(a.file(), a.line(), "track_file: no vrrp_track_file "
                  + a.keyword());
            }
            int w = a.words().size() > 1 ? weight(a) : parseInt(a, tf[1], -254, 254);
            b.trackFile(tf[0], w);
          }
        }
        case "notify_master" -> b.notifyMaster(rejoin(n));
        case "notify_backup" -> b.notifyBackup(rejoin(n));
        case "notify_fault" -> b.notifyFault(rejoin(n));
        case "notify_stop" -> b.notifyStop(rejoin(n));
        case "notify" -> b.notifyScript(rejoin(n));
        case "dont_track_primary", "smtp_alert", "accept", "no_accept", "native_ipv6",
            "garp_lower_prio_repeat", "garp_lower_prio_delay", "lower_prio_no_advert",
            "skip_check_adv_addr", "strict_mode", "debug", "vmac_xmit_base" ->
            warnings.add(n.where() + ": " + n.keyword() + " is accepted and ignored");
        default -> warnings.add(n.where() + ": unknown keyword " + n.keyword()
            + " in vrrp_instance " + nm);
      }
    }
    try {
      VrrpInstanceConfig probe = b.build();
      if (advertText != null) {
        b.advertInterval(advert(advertNode, advertText, probe.version()));
      }
      return b.build();
    } catch (IllegalArgumentException e) {
      Node at = e.getMessage().startsWith("advert_int") && advertNode != null ? advertNode : inst;
      if (e.getMessage().startsWith("virtual_router_id")) {
        at = vridNode;
      }
      throw new VrrpConfigException(at.file(), at.line(), e.getMessage());
    }
  }

  private static String rejoin(Node n) {
    return String.join(" ", n.words().subList(1, n.words().size()));
  }

  private static void auth(Node a, VrrpInstanceConfig.Builder b) {
    String type = null;
    String pass = null;
    for (Node n : a.children()) {
      switch (n.keyword()) {
        case "auth_type" -> type = arg(n);
        case "auth_pass" -> pass = arg(n);
        default -> throw new VrrpConfigException(n.file(), n.line(), "unknown keyword "
            + n.keyword() + " in authentication");
      }
    }
    if ("PASS".equals(type)) {
      if (pass == null) {
        throw new VrrpConfigException(a.file(), a.line(), "auth_type PASS needs auth_pass");
      }
      b.password(pass.length() > 8 ? pass.substring(0, 8) : pass);
    } else if (type != null) {
      throw new VrrpConfigException(a.file(), a.line(), "auth_type " + type
          + " is not supported (PASS only)");
    }
  }

  private static int weight(Node a) {
    if (a.words().size() == 1) {
      return 0;
    }
    if (a.words().size() != 3 || !a.words().get(1).equals("weight")) {
      throw new VrrpConfigException(a.file(), a.line(), a.keyword()
          + ": expected 'NAME [weight N]'");
    }
    return parseInt(a, a.words().get(2), -254, 254);
  }

  private static String arg(Node n) {
    if (n.words().size() < 2) {
      throw new VrrpConfigException(n.file(), n.line(), n.keyword() + ": missing value");
    }
    return n.words().get(1);
  }

  private static int integer(Node n, int min, int max) {
    return parseInt(n, arg(n), min, max);
  }

  private static int parseInt(Node n, String v, int min, int max) {
    try {
      int i = Integer.parseInt(v);
      if (i < min || i > max) {
        throw new VrrpConfigException(n.file(), n.line(), n.keyword() + ": " + v
            + " is out of range " + min + ".." + max);
      }
      return i;
    } catch (NumberFormatException e) {
      throw new VrrpConfigException(n.file(), n.line(), n.keyword() + ": '" + v
          + "' is not an integer");
    }
  }

  private static Duration seconds(Node n, double min, double max) {
    String v = arg(n);
    try {
      BigDecimal d = new BigDecimal(v);
      if (d.doubleValue() < min || d.doubleValue() > max) {
        throw new VrrpConfigException(n.file(), n.line(), n.keyword() + ": " + v
            + " is out of range " + min + ".." + max + " seconds");
      }
      return Duration.ofNanos(d.movePointRight(9).longValueExact());
    } catch (NumberFormatException | ArithmeticException e) {
      throw new VrrpConfigException(n.file(), n.line(), n.keyword() + ": '" + v
          + "' is not a number of seconds");
    }
  }

  private static Duration advert(Node n, String v, VrrpVersion version) {
    Duration d = seconds(n, 0.001, 255);
    if (version == VrrpVersion.V2 && d.toMillis() % 1000 != 0) {
      // keepalived rounds a v2 sub-second interval up to 1 s
      return Duration.ofSeconds(Math.max(1, (d.toMillis() + 999) / 1000));
    }
    if (version == VrrpVersion.V3) {
      long cs = Math.max(1, d.toMillis() / 10);
      return Duration.ofMillis(cs * 10);
    }
    return d;
  }

  private static VrrpVersion version(Node n) {
    String v = arg(n);
    return switch (v) {
      case "2" -> VrrpVersion.V2;
      case "3" -> VrrpVersion.V3;
      default -> throw new VrrpConfigException(n.file(), n.line(), n.keyword() + ": '" + v
          + "' is not 2 or 3");
    };
  }

  private static InetAddress address(Node n, String v) {
    if (v.indexOf(':') < 0 && !v.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
      throw new VrrpConfigException(n.file(), n.line(), n.keyword() + ": '" + v
          + "' is not an IP address");
    }
    try {
      return InetAddress.getByName(v);
    } catch (UnknownHostException e) {
      throw new VrrpConfigException(n.file(), n.line(), n.keyword() + ": '" + v
          + "' is not an IP address");
    }
  }
}
