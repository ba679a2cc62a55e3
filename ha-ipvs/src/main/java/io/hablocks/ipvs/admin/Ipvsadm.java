package io.hablocks.ipvs.admin;

import io.hablocks.ipvs.IpvsException;
import io.hablocks.ipvs.admin.IpvsTable.Dest;
import io.hablocks.ipvs.admin.IpvsTable.Errno;
import io.hablocks.ipvs.admin.IpvsTable.Service;
import io.hablocks.ipvs.admin.IpvsTable.TableException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * ipvsadm's command line (1.31) over an {@link IpvsTable}: {@code -A -E -D -C -a -e -d -S -L/-l
 * -R} with {@code -t -u --sctp-service -f -s -p -M -b -r -g -i -m -w -x -y -n}, its defaults (DR
 * forwarding, weight 1, wlc, persistence 360 s; DR and tunnel destinations take the service
 * port), its error messages with exit status 255, and its {@code -S -n} and {@code -L -n} text
 * (services and destinations sorted as ipvsadm sorts them). Names are never resolved: {@code -L}
 * prints numbers as {@code -Ln} does.
 */
public final class Ipvsadm {

  /** Exit status of a failed kernel operation, as ipvsadm's. */
  public static final int FAILED = 255;
  /** Exit status of bad usage. */
  public static final int USAGE = 2;

  private final IpvsTable table;
  private final PrintWriter out;
  private final PrintWriter err;

  /**
   * @param table the table operated on
   * @param out standard output
   * @param err standard error
   */
  public Ipvsadm(IpvsTable table, PrintWriter out, PrintWriter err) {
    this.table = table;
    this.out = out;
    this.err = err;
  }

  private enum Cmd { ADD_SVC, EDIT_SVC, DEL_SVC, CLEAR, ADD_DEST, EDIT_DEST, DEL_DEST, SAVE, LIST,
    RESTORE }

  private static final Map<String, Cmd> COMMANDS = Map.ofEntries(
      Map.entry("-A", Cmd.ADD_SVC), Map.entry("--add-service", Cmd.ADD_SVC),
      Map.entry("-E", Cmd.EDIT_SVC), Map.entry("--edit-service", Cmd.EDIT_SVC),
      Map.entry("-D", Cmd.DEL_SVC), Map.entry("--delete-service", Cmd.DEL_SVC),
      Map.entry("-C", Cmd.CLEAR), Map.entry("--clear", Cmd.CLEAR),
      Map.entry("-a", Cmd.ADD_DEST), Map.entry("--add-server", Cmd.ADD_DEST),
      Map.entry("-e", Cmd.EDIT_DEST), Map.entry("--edit-server", Cmd.EDIT_DEST),
      Map.entry("-d", Cmd.DEL_DEST), Map.entry("--delete-server", Cmd.DEL_DEST),
      Map.entry("-S", Cmd.SAVE), Map.entry("--save", Cmd.SAVE),
      Map.entry("-L", Cmd.LIST), Map.entry("-l", Cmd.LIST), Map.entry("--list", Cmd.LIST),
      Map.entry("-R", Cmd.RESTORE), Map.entry("--restore", Cmd.RESTORE));

  /**
   * Runs one ipvsadm command line.
   *
   * @param args the arguments (combined short options such as {@code -Ln} are split)
   * @param stdin input of {@code -R}
   * @return the exit status: 0, {@link #FAILED} or {@link #USAGE}
   */
  public int run(List<String> args, BufferedReader stdin) {
    try {
      return exec(split(args), stdin);
    } catch (IpvsException e) {
      err.println(e.getMessage());
      err.flush();
      return USAGE;
    }
  }

  private static List<String> split(List<String> args) {
    List<String> out = new ArrayList<>();
    for (String a : args) {
      if (a.length() > 2 && a.charAt(0) == '-' && a.charAt(1) != '-'
          && a.substring(1).chars().allMatch(Character::isLetter)) {
        for (char c : a.substring(1).toCharArray()) {
          out.add("-" + c);
        }
      } else {
        out.add(a);
      }
    }
    return out;
  }

  private int exec(List<String> a, BufferedReader stdin) {
    Cmd cmd = null;
    String proto = null;
    String svcAddr = null;
    String sched = "wlc";
    boolean persistent = false;
    int timeout = 360;
    String netmask = null;
    int flags = 0;
    String rs = null;
    String fwd = "Route";
    int weight = 1;
    int upper = 0;
    int lower = 0;
    for (int i = 0; i < a.size(); i++) {
      String o = a.get(i);
      Cmd c = COMMANDS.get(o);
      if (c != null) {
        if (cmd != null) {
          throw new IpvsException("Two commands given: " + o);
        }
        cmd = c;
        continue;
      }
      switch (o) {
        case "-t": case "--tcp-service": proto = "TCP"; svcAddr = arg(a, ++i, o); break;
        case "-u": case "--udp-service": proto = "UDP"; svcAddr = arg(a, ++i, o); break;
        case "--sctp-service": proto = "SCTP"; svcAddr = arg(a, ++i, o); break;
        case "-f": case "--fwmark-service": proto = "FWM"; svcAddr = arg(a, ++i, o); break;
        case "-s": case "--scheduler": sched = arg(a, ++i, o); break;
        case "-p": case "--persistent":
          persistent = true;
          if (i + 1 < a.size() && a.get(i + 1).matches("\\d+")) {
            timeout = Integer.parseInt(a.get(++i));
          }
          break;
        case "-M": case "--netmask": netmask = arg(a, ++i, o); break;
        case "-b": case "--sched-flags": flags = schedFlags(arg(a, ++i, o)); break;
        case "-r": case "--real-server": rs = arg(a, ++i, o); break;
        case "-g": case "--gatewaying": fwd = "Route"; break;
        case "-i": case "--ipip": fwd = "Tunnel"; break;
        case "-m": case "--masquerading": fwd = "Masq"; break;
        case "-w": case "--weight": weight = number(arg(a, ++i, o), o, 0, 65535); break;
        case "-x": case "--u-threshold": upper = number(arg(a, ++i, o), o, 0, Integer.MAX_VALUE);
          break;
        case "-y": case "--l-threshold": lower = number(arg(a, ++i, o), o, 0, Integer.MAX_VALUE);
          break;
        case "-n": case "--numeric": break;
        case "--tun-type": {
          String t = arg(a, ++i, o);
          if (!t.equals("ipip")) {
            throw new IpvsException("tunnel type " + t + " is not supported (ipip only)");
          }
          break;
        }
        default: throw new IpvsException("Unknown option " + o);
      }
    }
    if (cmd == null) {
      throw new IpvsException("No command given");
    }
    switch (cmd) {
      case CLEAR:
        table.clear();
        return 0;
      case SAVE:
        save();
        return 0;
      case LIST:
        list();
        return 0;
      case RESTORE:
        return restore(stdin);
      default:
        break;
    }
    if (proto == null) {
      throw new IpvsException("Service address not given (-t, -u, --sctp-service or -f)");
    }
    Service svc = service(proto, svcAddr, sched, persistent, timeout, netmask, flags);
    try {
      switch (cmd) {
        case ADD_SVC: table.addService(svc); return 0;
        case EDIT_SVC: table.editService(svc); return 0;
        case DEL_SVC: table.deleteService(svc); return 0;
        default: break;
      }
      if (rs == null) {
        throw new IpvsException("No real server given (-r)");
      }
      Dest d = dest(svc, rs, fwd, weight, upper, lower);
      switch (cmd) {
        case ADD_DEST: table.addDest(svc, d); return 0;
        case EDIT_DEST: table.editDest(svc, d); return 0;
        default: table.deleteDest(svc, d); return 0;
      }
    } catch (TableException e) {
      err.println(message(cmd, e.errno()));
      err.flush();
      return FAILED;
    }
  }

  /** ipvsadm's messages for kernel errors, per command. */
  private static String message(Cmd c, Errno e) {
    boolean svcCmd = c == Cmd.ADD_SVC || c == Cmd.EDIT_SVC || c == Cmd.DEL_SVC;
    switch (e) {
      case EEXIST:
        return svcCmd ? "Service already exists" : "Destination already exists";
      case ESRCH:
        return svcCmd ? "No such service" : "Service not defined";
      case ENOENT:
        return svcCmd ? "Scheduler or persistence engine not found" : "No such destination";
      default:
        return "Invalid argument";
    }
  }

  private int restore(BufferedReader stdin) {
    try {
      String line;
      int n = 0;
      while ((line = stdin.readLine()) != null) {
        n++;
        String l = line.strip();
        if (l.isEmpty() || l.startsWith("#")) {
          continue;
        }
        int rc = exec(split(Arrays.asList(l.split("\\s+"))), null);
        if (rc != 0) {
          return rc;
        }
      }
      return 0;
    } catch (IOException e) {
      err.println("cannot read the rules: " + e.getMessage());
      return FAILED;
    }
  }

  private static String arg(List<String> a, int i, String o) {
    if (i >= a.size()) {
      throw new IpvsException("Option " + o + " needs a value");
    }
    return a.get(i);
  }

  private static int number(String v, String o, int min, int max) {
    try {
      int n = Integer.parseInt(v);
      if (n < min || n > max) {
        throw new IpvsException("Illegal value for " + o + ": " + v);
      }
      return n;
    } catch (NumberFormatException e) {
      throw new IpvsException("Illegal value for " + o + ": " + v);
    }
  }

  private static int schedFlags(String list) {
    int f = 0;
    for (String s : list.split(",")) {
      switch (s) {
        case "flag-1": case "sh-fallback": case "mh-fallback": f |= 1; break;
        case "flag-2": case "sh-port": case "mh-port": f |= 2; break;
        case "flag-3": f |= 4; break;
        default: throw new IpvsException("invalid scheduler flag '" + s + "'");
      }
    }
    return f;
  }

  private static InetAddress literal(String h) {
    if (!h.matches("[0-9a-fA-F:.]+")) {
      throw new IpvsException("Illegal address: " + h);
    }
    try {
      return InetAddress.getByName(h);
    } catch (UnknownHostException e) {
      throw new IpvsException("Illegal address: " + h);
    }
  }

  private static Object[] hostPort(String s, boolean portRequired) {
    String h;
    String p = null;
    if (s.startsWith("[")) {
      int e = s.indexOf(']');
      if (e < 0) {
        throw new IpvsException("Illegal address: " + s);
      }
      h = s.substring(1, e);
      if (s.length() > e + 1) {
        if (s.charAt(e + 1) != ':') {
          throw new IpvsException("Illegal address: " + s);
        }
        p = s.substring(e + 2);
      }
    } else {
      int c = s.lastIndexOf(':');
      h = c < 0 ? s : s.substring(0, c);
      p = c < 0 ? null : s.substring(c + 1);
    }
    if (p == null && portRequired) {
      throw new IpvsException("Illegal address: " + s + " (no port)");
    }
    int port = p == null ? 0 : number(p, "port", 0, 65535);
    return new Object[] {literal(h), port};
  }

  private static Service service(String proto, String addr, String sched, boolean persistent,
      int timeout, String netmask, int flags) {
    if (proto.equals("FWM")) {
      int mark = number(addr, "-f", 1, Integer.MAX_VALUE);
      boolean v6 = netmask != null && !netmask.contains(".");
      return new Service("FWM", null, 0, mark, v6, sched, persistent, timeout,
          netmask != null ? netmask : "255.255.255.255", flags);
    }
    Object[] hp = hostPort(addr, true);
    InetAddress a = (InetAddress) hp[0];
    boolean v6 = a instanceof Inet6Address;
    return new Service(proto, a, (Integer) hp[1], 0, v6, sched, persistent, timeout,
        netmask != null ? netmask : (v6 ? "128" : "255.255.255.255"), flags);
  }

  private static Dest dest(Service svc, String rs, String fwd, int weight, int upper,
      int lower) {
    Object[] hp = hostPort(rs, false);
    int port = (Integer) hp[1];
    if (!svc.protocol().equals("FWM") && (port == 0 || !fwd.equals("Masq"))) {
      port = svc.port(); // DR and tunnel cannot change the port
    }
    return new Dest((InetAddress) hp[0], port, fwd, weight, upper, lower, 0, 0);
  }

  // ---------------------------------------------------------------- output

  private static int cmpAddr(InetAddress x, InetAddress y) {
    byte[] a = x.getAddress();
    byte[] b = y.getAddress();
    if (a.length != b.length) {
      return a.length - b.length;
    }
    for (int i = 0; i < a.length; i += 4) {
      int wa = ((a[i] & 0xff) << 24) | ((a[i + 1] & 0xff) << 16) | ((a[i + 2] & 0xff) << 8)
          | (a[i + 3] & 0xff);
      int wb = ((b[i] & 0xff) << 24) | ((b[i + 1] & 0xff) << 16) | ((b[i + 2] & 0xff) << 8)
          | (b[i + 3] & 0xff);
      int r = wa - wb; // as ipvsadm: a 32-bit difference, wrapping
      if (r != 0) {
        return r;
      }
    }
    return 0;
  }

  private static int protoNumber(String p) {
    switch (p) {
      case "TCP": return 6;
      case "UDP": return 17;
      case "SCTP": return 132;
      default: return 0;
    }
  }

  /** ipvsadm's service order: fwmark, family, protocol, address, port. */
  static final Comparator<Service> SERVICE_ORDER = (s1, s2) -> {
    int r = s1.fwmark() - s2.fwmark();
    if (r != 0) {
      return r;
    }
    r = Boolean.compare(s1.ipv6(), s2.ipv6());
    if (r != 0) {
      return r;
    }
    r = protoNumber(s1.protocol()) - protoNumber(s2.protocol());
    if (r != 0 || s1.address() == null) {
      return r;
    }
    r = cmpAddr(s1.address(), s2.address());
    return r != 0 ? r : s1.port() - s2.port();
  };

  /** ipvsadm's destination order: address, port. */
  static final Comparator<Dest> DEST_ORDER = (d1, d2) -> {
    int r = Boolean.compare(d1.address() instanceof Inet6Address,
        d2.address() instanceof Inet6Address);
    if (r != 0) {
      return r;
    }
    r = cmpAddr(d1.address(), d2.address());
    return r != 0 ? r : d1.port() - d2.port();
  };

  /**
   * @param a an address
   * @return dotted IPv4, or IPv6 in the RFC 5952 form ipvsadm prints (inside brackets)
   */
  static String addr(InetAddress a) {
    if (!(a instanceof Inet6Address)) {
      return a.getHostAddress();
    }
    byte[] b = a.getAddress();
    int[] w = new int[8];
    for (int i = 0; i < 8; i++) {
      w[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
    }
    int bestStart = -1;
    int bestLen = 0;
    for (int i = 0; i < 8; ) {
      if (w[i] != 0) {
        i++;
        continue;
      }
      int j = i;
      while (j < 8 && w[j] == 0) {
        j++;
      }
      if (j - i > bestLen && j - i >= 2) {
        bestStart = i;
        bestLen = j - i;
      }
      i = j;
    }
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        sb.append(i == 0 ? "::" : ":");
        i += bestLen - 1;
        continue;
      }
      sb.append(Integer.toHexString(w[i]));
      if (i < 7) {
        sb.append(':');
      }
    }
    return "[" + sb + "]";
  }

  private static String svcText(Service s) {
    return s.protocol().equals("FWM") ? String.valueOf(s.fwmark())
        : addr(s.address()) + ":" + s.port();
  }

  private static String flagNames(Service s) {
    List<String> n = new ArrayList<>();
    String prefix = s.scheduler().equals("sh") || s.scheduler().equals("mh")
        ? s.scheduler() + "-" : null;
    if ((s.schedFlags() & 1) != 0) {
      n.add(prefix != null ? prefix + "fallback" : "flag-1");
    }
    if ((s.schedFlags() & 2) != 0) {
      n.add(prefix != null ? prefix + "port" : "flag-2");
    }
    if ((s.schedFlags() & 4) != 0) {
      n.add("flag-3");
    }
    return String.join(",", n);
  }

  private static String defaultMask(Service s) {
    return s.ipv6() ? "128" : "255.255.255.255";
  }

  private List<Service> sortedServices() {
    List<Service> l = new ArrayList<>(table.services());
    l.sort(SERVICE_ORDER);
    return l;
  }

  private List<Dest> sortedDests(Service s) {
    List<Dest> l = new ArrayList<>(table.dests(s));
    l.sort(DEST_ORDER);
    return l;
  }

  private static String protoOption(Service s) {
    switch (s.protocol()) {
      case "TCP": return "-t";
      case "UDP": return "-u";
      case "SCTP": return "--sctp-service";
      default: return "-f";
    }
  }

  private void save() {
    for (Service s : sortedServices()) {
      StringBuilder sb = new StringBuilder("-A ").append(protoOption(s)).append(' ')
          .append(svcText(s)).append(" -s ").append(s.scheduler());
      if (s.persistent()) {
        sb.append(" -p ").append(s.timeout());
        if (!s.netmask().equals(defaultMask(s))) {
          sb.append(" -M ").append(s.netmask());
        }
      }
      if (s.schedFlags() != 0) {
        sb.append(" -b ").append(flagNames(s));
      }
      out.println(sb);
      for (Dest d : sortedDests(s)) {
        String f = switch (d.forward()) {
          case "Masq" -> "-m";
          case "Tunnel" -> "-i";
          default -> "-g";
        };
        out.println("-a " + protoOption(s) + " " + svcText(s) + " -r " + addr(d.address()) + ":"
            + d.port() + " " + f + " -w " + d.weight()
            + (d.forward().equals("Tunnel") ? " --tun-type ipip" : ""));
      }
    }
    out.flush();
  }

  private void list() {
    out.println("IP Virtual Server version 1.2.1 (size=4096)");
    out.println("Prot LocalAddress:Port Scheduler Flags");
    out.println("  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn");
    for (Service s : sortedServices()) {
      StringBuilder sb = new StringBuilder(String.format("%-4s %s %s", s.protocol(), svcText(s),
          s.scheduler()));
      if (s.schedFlags() != 0) {
        sb.append(" (").append(flagNames(s)).append(')');
      }
      if (s.persistent()) {
        sb.append(" persistent ").append(s.timeout());
        if (!s.netmask().equals(defaultMask(s))) {
          sb.append(" mask ").append(s.netmask());
        }
      }
      out.println(sb);
      for (Dest d : sortedDests(s)) {
        out.println(String.format("  -> %-28s %-7s %-6d %-10d %-10d",
            addr(d.address()) + ":" + d.port(), d.forward(), d.weight(), d.active(),
            d.inactive()));
      }
    }
    out.flush();
  }
}
